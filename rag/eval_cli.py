"""`rag eval`: run a question set through `Engine.ask`, write JSON/Markdown/HTML
reports, and (with --baseline) exit non-zero when a metric regressed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from rag.cli import _settings, friendly_errors
from rag.errors import IndexEmptyError, RagError
from rag.evals import DEFAULT_TOLERANCE, compare, load_result, load_set, run_eval, save_result
from rag.settings import Settings

EXIT_REGRESSION = 4
DEFAULT_SET = Path("evals/seeds.jsonl")


@click.command("eval")
@click.option("--set", "set_path", type=click.Path(path_type=Path), default=DEFAULT_SET,
              show_default=True, help="Question set (JSONL, see evals/README.md).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("eval-results"),
              show_default=True, help="Folder for result.json, report.md, report.html.")
@click.option("--baseline", type=click.Path(path_type=Path),
              help="Saved result to compare with; exit 4 if any metric drops.")
@click.option("--tolerance", type=float, default=DEFAULT_TOLERANCE, show_default=True,
              help="How far a metric may drop below the baseline.")
@click.option("--result", "result_path", type=click.Path(path_type=Path),
              help="Gate/report a saved result instead of running the set.")
@click.option("--save-baseline", type=click.Path(path_type=Path),
              help="Also save the result here (e.g. evals/baseline.json).")
@click.option("--judge", is_flag=True,
              help="Also score faithfulness/relevancy with the configured LLM.")
@click.option("--seeds", type=click.Path(path_type=Path))
@click.option("--index", "index_dir", type=click.Path(path_type=Path))
@friendly_errors
def eval_cmd(
    set_path: Path, out_dir: Path, baseline: Path | None, tolerance: float,
    result_path: Path | None, save_baseline: Path | None, judge: bool,
    seeds: Path | None, index_dir: Path | None,
) -> None:
    """Evaluate retrieval and answers on a question set."""
    from rag.report import markdown, write_reports

    if result_path is not None:
        result = load_result(result_path)
    else:
        items = load_set(set_path)  # fail fast on a bad set, before loading the model
        settings = _settings(seeds, index_dir)
        result = run_with_cli_progress(settings, items, set_path, judge)
    regressions = None
    if baseline is not None:
        regressions = compare(result, load_result(baseline), tolerance)
    paths = write_reports(result, out_dir, regressions)
    if save_baseline is not None:
        save_result(result, save_baseline)
    click.echo(markdown(result, regressions))
    click.echo(f"Reports: {paths['json']}, {paths['markdown']}, {paths['html']}", err=True)
    if regressions:
        click.echo(f"Baseline gate FAILED: {len(regressions)} metric(s) dropped by more than "
                   f"{tolerance}.", err=True)
        sys.exit(EXIT_REGRESSION)


def run_with_cli_progress(
    settings: Settings, items: list[Any], set_path: Path, judge: bool,
) -> dict[str, Any]:
    from rag.engine import Engine

    engine = Engine.from_settings(settings)
    try:
        engine.stats()
        if engine.store.count() == 0:
            raise IndexEmptyError("empty")
    except IndexEmptyError:
        click.echo(f"No index yet: indexing {settings.seeds_dir} first…", err=True)
        engine.index()
    judge_llm = build_judge_llm(settings) if judge else None

    def progress(done: int, total: int, message: str) -> None:
        if done < total:
            click.echo(f"  [{done + 1}/{total}] {message[:90]}", err=True)

    return run_eval(engine, items, progress, judge_llm, set_path, engine.answerer)


def build_judge_llm(settings: Settings) -> Any:
    """The llama-index LLM that judges answers: the one configured for answering."""
    from rag.llm import build_llm

    llm = build_llm(settings)
    if llm is None:
        raise RagError("--judge needs an LLM: set RAG_LLM_BASE_URL (an OpenAI-compatible "
                       "server) or OPENAI_API_KEY")
    return llm
