"""What every `rag` command shares: one-line errors, settings from options, asking and
printing an answer. Commands import this module; it imports no command."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rag.errors import RagError
from rag.settings import Settings, load_settings

if TYPE_CHECKING:
    from rag.core.engine import Engine
    from rag.schema import Answer

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


def build_missing_index(engine: Engine) -> None:
    """`ask` and `chat` on a fresh clone: index the articles folder first, or say how."""
    engine.ensure_index(lambda message: click.echo(message, err=True))


def answer_and_echo(
    settings: Settings, question: str, history: list[dict[str, str]] | None, stream: bool
) -> Answer:
    """Ask through `rag.ask` / `rag.ask_stream`, the one path every interface uses; with
    `stream`, print the text as it arrives, else print nothing (yet)."""
    import rag

    if not stream:
        return rag.ask(question, history, settings=settings)
    from rag.schema import Answer

    final: Answer | None = None
    shown: list[str] = []
    try:
        for item in rag.ask_stream(question, history, settings=settings):
            if isinstance(item, Answer):
                final = item
            else:
                shown.append(item)
                click.echo(item, nl=False)
    except (RagError, KeyboardInterrupt):
        if shown:
            click.echo()  # end the half-written line; the error follows on stderr
        raise
    streamed = " ".join("".join(shown).split())
    if shown:
        click.echo()
    if final is None:  # never end in silence
        raise RagError("the answer stream ended without an answer; try again")
    if not streamed:
        click.echo(final.text)
    elif streamed != " ".join(final.text.split()):
        # The checks changed what was streamed (a citation repaired, a sentence that
        # didn't hold up): the checked answer is the one that counts.
        click.echo(f"Checked answer: {final.text}")
    return final


def echo_answer(answer: Answer, streamed: bool = False) -> None:
    """The text (unless it was streamed), flagged sentences with why, then each
    citation with the quoted passage."""
    if answer.notice:
        click.echo(f"Note: {answer.notice}", err=True)
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


