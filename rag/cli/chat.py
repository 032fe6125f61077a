"""`rag chat`: a conversation in the terminal. Follow-ups ("what did he say about
it?") are made standalone from the earlier turns, as in the web chat."""

from __future__ import annotations

from pathlib import Path

import click

from rag import get_engine
from rag.cli.common import (
    _settings,
    answer_and_echo,
    build_missing_index,
    echo_answer,
    friendly_errors,
)
from rag.core.condense import history_from_answers
from rag.errors import IndexEmptyError, RagError

QUIT = frozenset({"exit", "quit", ":q", "/exit", "/quit"})
CLEAR = frozenset({"clear", "/clear", "/new"})
MAX_HISTORY = 6  # turns kept for follow-ups


@click.command("chat")
@click.option("--stream/--no-stream", default=True, show_default=True,
              help="Print answers as the language model writes them.")
@click.option("--seeds", type=click.Path(path_type=Path))
@click.option("--index", "index_dir", type=click.Path(path_type=Path))
@friendly_errors
def chat_cmd(stream: bool, seeds: Path | None, index_dir: Path | None) -> None:
    """Ask questions one after another; `clear` starts over, `exit` or Ctrl-D quits."""
    from rag.schema import Answer

    settings = _settings(seeds, index_dir)
    engine = get_engine(settings)
    stream = stream and engine.provider != "extractive"  # quotes come in one piece
    build_missing_index(engine)
    click.echo(f"Answers by {engine.answerer}, from {engine.stats().articles} articles. "
               "Type a question; `clear` starts over, `exit` quits.")
    history: list[Answer] = []
    while True:
        try:
            line = click.prompt("", prompt_suffix="> ", default="", show_default=False)
        except (EOFError, click.Abort):
            click.echo()
            return
        question = line.strip()
        if not question:
            continue
        if question.lower() in QUIT:
            return
        if question.lower() in CLEAR:
            history.clear()
            click.echo("Conversation cleared.")
            continue
        try:
            answer = answer_and_echo(settings, question, history_from_answers(history), stream)
        except IndexEmptyError:
            raise  # the index was emptied under us: one clear error, not a loop
        except RagError as exc:
            click.echo(f"Error: {exc}", err=True)
            continue
        if answer.standalone_question and answer.standalone_question != answer.question:
            click.echo(f"(looked up as: {answer.standalone_question})")
        echo_answer(answer, streamed=stream)
        click.echo()
        history = [*history, answer][-MAX_HISTORY:]
