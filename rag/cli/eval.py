"""`rag eval`: run question sets through `rag.ask`, write JSON/Markdown/HTML
reports, and (with --baseline) exit non-zero when a metric regressed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from rag.cli.common import _settings, friendly_errors
from rag.errors import RagError
from rag.evals import (
    DEFAULT_TOLERANCE,
    KINDS,
    QUESTION_TYPES,
    compare,
    load_result,
    run_sets,
    save_result,
)
from rag.evals.sets import blind_sets, load_set
from rag.settings import Settings

EXIT_REGRESSION = 4
EVALS = Path("evals")


@click.command("eval")
@click.option("--set", "set_paths", type=click.Path(path_type=Path), multiple=True,
              help="Question set (JSONL, see evals/README.md); repeat for several. "
                   "Default: the blind sets (evals/blind_seeds*.jsonl and "
                   "evals/corpora/*/*.jsonl).")
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all",
              show_default=True, help="Which half of the tagged sets to ask.")
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(sorted({*KINDS, *QUESTION_TYPES})),
              help="Only questions of this kind; repeat for several.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("eval-results"),
              show_default=True, help="Folder for result.json, report.md, report.html.")
@click.option("--baseline", type=click.Path(path_type=Path),
              help="Saved result to compare with; exit 4 if any metric drops.")
@click.option("--tolerance", type=float, default=DEFAULT_TOLERANCE, show_default=True,
              help="How far a metric may drop below the baseline.")
@click.option("--result", "result_path", type=click.Path(path_type=Path),
              help="Gate/report a saved result instead of running the sets.")
@click.option("--save-baseline", type=click.Path(path_type=Path),
              help="Also save the result here (e.g. evals/baseline.json).")
@click.option("--judge", is_flag=True,
              help="Also score faithfulness/relevancy with the configured LLM.")
@click.option("--seeds", type=click.Path(path_type=Path))
@click.option("--index", "index_dir", type=click.Path(path_type=Path))
@friendly_errors
def eval_cmd(
    set_paths: tuple[Path, ...], split: str, kinds: tuple[str, ...], out_dir: Path,
    baseline: Path | None, tolerance: float, result_path: Path | None,
    save_baseline: Path | None, judge: bool, seeds: Path | None, index_dir: Path | None,
) -> None:
    """Evaluate answers on question sets: accuracy per kind and split, with 95%
    confidence intervals, declines, citations and retrieval."""
    from rag.evals.report import markdown, write_reports

    if result_path is not None:
        result = load_result(result_path)
    else:
        paths = list(set_paths) or blind_sets(EVALS)
        if not paths:
            raise RagError("no question sets found: pass --set FILE (see evals/README.md)")
        for path in paths:
            load_set(path)  # fail fast on a bad set, before loading any model
        settings = _settings(seeds, index_dir)
        result = run_with_cli_progress(settings, paths, split, kinds, judge)
    regressions = None
    if baseline is not None:
        regressions = compare(result, load_result(baseline), tolerance)
    paths_out = write_reports(result, out_dir, regressions)
    if save_baseline is not None:
        save_result(result, save_baseline)
    click.echo(markdown(result, regressions))
    click.echo(f"Reports: {paths_out['json']}, {paths_out['markdown']}, {paths_out['html']}",
               err=True)
    if regressions:
        click.echo(f"Baseline gate FAILED: {len(regressions)} metric(s) dropped by more than "
                   f"{tolerance}.", err=True)
        sys.exit(EXIT_REGRESSION)


def run_with_cli_progress(
    settings: Settings, paths: list[Path], split: str, kinds: tuple[str, ...], judge: bool,
) -> dict[str, Any]:
    judge_llm = build_judge_llm(settings) if judge else None

    def progress(done: int, total: int, message: str) -> None:
        if done < total:
            click.echo(f"  [{done + 1}/{total}] {message[:90]}", err=True)

    result = run_sets(settings, paths, split, kinds, progress, judge_llm=judge_llm,
                      notice=lambda m: click.echo(m, err=True))
    if not result["items"]:
        raise RagError(f"no questions match --split {split}"
                       + (f" --kind {' '.join(kinds)}" if kinds else ""))
    return result


def build_judge_llm(settings: Settings) -> Any:
    """The llama-index LLM that judges answers: the one configured for answering."""
    from rag.llm.providers import build_llm

    llm = build_llm(settings)
    if llm is None:
        raise RagError("--judge needs an LLM: set RAG_LLM_BASE_URL (an OpenAI-compatible "
                       "server) or OPENAI_API_KEY")
    return llm
