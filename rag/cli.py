"""`rag` command line: index, ask, eval. Domain errors become one line on stderr
and a non-zero exit; no tracebacks for things a user can fix."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rag.errors import IndexEmptyError, RagError
from rag.settings import Settings, load_settings

if TYPE_CHECKING:
    from rag.answer.model import Answer
    from rag.engine import Engine

F = TypeVar("F", bound=Callable[..., Any])

EXIT_ERROR = 1
EXIT_SKIPPED = 3  # indexed, but some files were skipped


def friendly_errors(fn: F) -> F:
    """Turn RagError into `Error: <message>` and exit 1."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RagError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _settings(seeds: Path | None = None, index: Path | None = None) -> Settings:
    overrides: dict[str, object] = {}
    if seeds is not None:
        overrides["seeds_dir"] = seeds
    if index is not None:
        overrides["index_dir"] = index
    return load_settings(**overrides)


@click.group()
@click.version_option(package_name="rag")
def main() -> None:
    """Ask questions about a folder of news articles, with cited answers."""


@main.command("index")
@click.option("--seeds", type=click.Path(path_type=Path), help="Articles folder (default: seeds/).")
@click.option("--index", "index_dir", type=click.Path(path_type=Path),
              help="Index folder (default: index/).")
@click.option("--rebuild", is_flag=True, help="Drop the index and embed everything again.")
@click.option("--wait", type=float, default=0.0, show_default=True,
              help="Seconds to wait if another indexing run holds the lock.")
@friendly_errors
def index_cmd(seeds: Path | None, index_dir: Path | None, rebuild: bool, wait: float) -> None:
    """Index new or changed articles; remove deleted ones."""
    from rag.engine import Engine
    from rag.store import drop_collections

    settings = _settings(seeds, index_dir)
    if not settings.seeds_dir.is_dir():
        raise RagError(f"articles folder not found: {settings.seeds_dir}")
    if rebuild:
        drop_collections(settings)
    engine = Engine.from_settings(settings)

    def progress(done: int, total: int, message: str) -> None:
        if total:
            click.echo(f"  {message}", err=True)

    report = engine.index(progress=progress, lock_wait_s=wait)
    click.echo(report.summary())
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


@main.command("ask")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the whole Answer as JSON.")
@click.option("--stream", is_flag=True, help="Print the answer as the language model writes it.")
@click.option("--seeds", type=click.Path(path_type=Path))
@click.option("--index", "index_dir", type=click.Path(path_type=Path))
@friendly_errors
def ask_cmd(
    question: str, as_json: bool, stream: bool, seeds: Path | None, index_dir: Path | None
) -> None:
    """Answer QUESTION from the indexed articles."""
    from rag.engine import Engine, clean_question

    clean_question(question)  # fail fast, before loading anything
    settings = _settings(seeds, index_dir)
    engine = Engine.from_settings(settings)
    stream = stream and not as_json
    try:
        answer = answer_and_echo(engine, question, None, stream)
    except IndexEmptyError:
        build_missing_index(engine)
        answer = answer_and_echo(engine, question, None, stream)
    if as_json:
        click.echo(answer.model_dump_json(indent=2))
        return
    echo_answer(answer, streamed=stream)


def build_missing_index(engine: Engine) -> None:
    """`ask` and `chat` on a fresh clone: index the articles folder first, or say how."""
    folder = engine.settings.seeds_dir
    if not folder.is_dir():
        raise RagError(f"no index yet and no articles folder at {folder}: "
                       "run `rag index --seeds DIR`")
    click.echo(f"No index yet: indexing {folder} first…", err=True)
    engine.index()


def answer_and_echo(
    engine: Engine, question: str, history: list[Answer] | None, stream: bool
) -> Answer:
    """Ask; with `stream`, print the text as it arrives, else print nothing (yet)."""
    if not stream:
        return engine.ask(question, history)
    from rag.answer.model import Answer

    final: Answer | None = None
    for item in engine.ask_stream(question, history):
        if isinstance(item, Answer):
            final = item
        else:
            click.echo(item, nl=False)
    click.echo()
    assert final is not None
    return final


def echo_answer(answer: Answer, streamed: bool = False) -> None:
    """The text (unless it was streamed), flagged sentences with why, then each
    citation with the quoted passage."""
    if not streamed:
        click.echo(answer.text)
    for s in answer.sentences:
        if not s.supported:
            why = f" [{s.note}]" if s.note else ""
            click.echo(f"  (not supported by its sources{why}: {s.text})")
    for c in answer.citations:
        when = f", {c.date}" if c.date else ""
        click.echo(f"\n[{c.n}] {c.title} ({c.source}{when})")
        click.echo(f"    {c.quote or c.snippet[:300]}")


@main.command("articles")
@click.option("--index", "index_dir", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@friendly_errors
def articles_cmd(index_dir: Path | None, as_json: bool) -> None:
    """List the indexed articles."""
    from rag.engine import Engine

    records = Engine.from_settings(_settings(None, index_dir)).articles()
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in records], indent=2))
        return
    width = max((len(r.source) for r in records), default=0)
    for r in records:
        unit = "passage " if r.chunks == 1 else "passages"
        click.echo(f"{r.source:<{width}}  {r.date or '----------'}  {r.chunks:3d} {unit}  "
                   f"{r.title}")


def _register_bench() -> None:
    from rag.bench import bench_cmd  # stdlib + click only at import: start-up stays cheap

    main.add_command(bench_cmd)


_register_bench()


def _register_eval() -> None:
    from rag.eval_cli import eval_cmd  # defined after `main`: it reuses the helpers above

    main.add_command(eval_cmd)


_register_eval()


def _register_chat() -> None:
    from rag.chat_cli import chat_cmd  # defined after `main`: it reuses the helpers above

    main.add_command(chat_cmd)


_register_chat()
