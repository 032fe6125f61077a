"""`rag index`, `rag ask`, `rag articles`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from rag import get_engine
from rag.cli.common import (
    EXIT_SKIPPED,
    _settings,
    answer_and_echo,
    build_missing_index,
    echo_answer,
    friendly_errors,
)
from rag.errors import IndexEmptyError, RagError


@click.command("index")
@click.option("--seeds", type=click.Path(path_type=Path), help="Articles folder (default: seeds/).")
@click.option("--index", "index_dir", type=click.Path(path_type=Path),
              help="Index folder (default: index/).")
@click.option("--rebuild", is_flag=True, help="Drop the index and embed everything again.")
@click.option("--wait", type=float, default=0.0, show_default=True,
              help="Seconds to wait if another indexing run holds the lock.")
@friendly_errors
def index_cmd(seeds: Path | None, index_dir: Path | None, rebuild: bool, wait: float) -> None:
    """Index new or changed articles; remove deleted ones."""
    from rag.ingest.indexer import index_lock
    from rag.store import discard_aside, set_aside

    settings = _settings(seeds, index_dir)
    if not settings.seeds_dir.is_dir():
        raise RagError(f"articles folder not found: {settings.seeds_dir}")

    def progress(done: int, total: int, message: str) -> None:
        if total:
            click.echo(f"  {message}", err=True)

    if rebuild:
        # The lock first: nothing is dropped while another run is writing. The old
        # index is moved aside unopened (a damaged one may not open) and deleted only
        # once the new one is built.
        with index_lock(settings.index_dir, wait):
            aside = set_aside(settings)
            try:
                report = get_engine(settings).index(progress=progress)
            except RagError as exc:
                kept = f" (the old index was kept in {aside})" if aside else ""
                raise RagError(f"{exc}{kept}") from exc
            discard_aside(aside)
    else:
        report = get_engine(settings).index(progress=progress, lock_wait_s=wait)
    click.echo(report.summary())
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


@click.command("ask")
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
    from rag.core.question import clean_question

    clean_question(question)  # fail fast, before loading anything
    settings = _settings(seeds, index_dir)
    stream = stream and not as_json
    try:
        answer = answer_and_echo(settings, question, None, stream)
    except IndexEmptyError:
        build_missing_index(get_engine(settings))
        answer = answer_and_echo(settings, question, None, stream)
    if as_json:
        click.echo(answer.model_dump_json(indent=2))
        return
    echo_answer(answer, streamed=stream)


@click.command("articles")
@click.option("--index", "index_dir", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@friendly_errors
def articles_cmd(index_dir: Path | None, as_json: bool) -> None:
    """List the indexed articles."""
    engine = get_engine(_settings(None, index_dir))
    records = engine.articles()
    dates = engine.news().dates if records else {}
    if as_json:
        click.echo(json.dumps([
            {**r.__dict__,
             "dated": dates[r.source].as_dict() if r.source in dates else None,
             "date_label": dates[r.source].label if r.source in dates else (r.date or "")}
            for r in records], indent=2))  # every indexed article, dated or not
        return
    width = max((len(r.source) for r in records), default=0)
    for r in records:
        unit = "passage " if r.chunks == 1 else "passages"
        dated = dates.get(r.source)
        click.echo(f"{r.source:<{width}}  {dated.short if dated else r.date or 'unknown':<17}  "
                   f"{r.chunks:3d} {unit}  {r.title}")
        for line in dated.details if dated else []:
            click.echo(f"{'':<{width}}  {line}")
        if r.stale:
            click.echo(f"{'':<{width}}  stale: the file can't be read now ({r.stale}); "
                       "this is its last indexed version")


