"""`rag timeline`: the events the indexed articles report, in date order."""

from __future__ import annotations

import json
from pathlib import Path

import click

from rag import get_engine
from rag.cli.common import _settings, friendly_errors


@click.command("timeline")
@click.option("--query", "query", default=None, help="Only events about this (e.g. 'ferry').")
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON.")
@click.option("--stories-only", is_flag=True, help="One line per story, no passing mentions.")
@click.option("--index", "index_dir", type=click.Path(path_type=Path))
@friendly_errors
def timeline_cmd(query: str | None, as_json: bool, stories_only: bool,
                 index_dir: Path | None) -> None:
    """Events in date order: date, provenance, one-line summary, sources."""
    from rag.news.timeline import matching_sources, timeline

    engine = get_engine(_settings(None, index_dir))
    news = engine.news()
    sources = set(matching_sources(news, query)) if query else None
    events = timeline(news, sources, mentions=not stories_only)
    if as_json:
        click.echo(json.dumps([e.as_dict() for e in events], indent=2))
        return
    if not events:
        click.echo("No dated events" + (f" about {query!r}." if query else "."))
        return
    for e in events:
        how = f"{e.provenance} {e.confidence:.1f}" if e.provenance != "given" else "given"
        click.echo(f"{e.shown_date:<17} {how:<13} {e.summary}")
        reporters = ", ".join(
            f"{s} ({o})" if o else s
            for s, o in zip(e.sources, e.outlets, strict=True))
        when = f"  [{e.phrase}]" if e.phrase and e.kind == "mention" else ""
        click.echo(f"{'':<17} {'':<13} sources: {reporters}{when}")

