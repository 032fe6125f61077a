"""`rag bench`: the command. Nothing heavy is imported until it runs."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import click

from rag.bench.report import save, table
from rag.bench.run import DEFAULT_SIZES, QUICK_SIZES, run_bench


def _parse_sizes(value: str) -> list[int]:
    try:
        sizes = sorted({int(v.replace("_", "")) for v in value.split(",") if v.strip()})
    except ValueError:
        raise click.BadParameter("use comma-separated integers, e.g. 1000,10000") from None
    if not sizes or sizes[0] < 50:
        raise click.BadParameter("sizes must be at least 50 passages")
    return sizes


@click.command("bench")
@click.option("--sizes", default=None, help="Retrieval corpus sizes, comma-separated "
              "(default 1000,10000,100000; with --quick 1000,10000).")
@click.option("--quick", is_flag=True, help="Smaller runs: fewer copies, sizes and repeats.")
@click.option("--seeds", type=click.Path(path_type=Path, file_okay=False),
              help="Seed articles folder (default: seeds/).")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              default=Path("bench-results"), show_default=True)
@click.option("--keep", is_flag=True, help="Keep the scratch indexes (printed at the end).")
@click.option("--retrieval-only", is_flag=True,
              help="Only the synthetic retrieval corpora (e.g. --sizes 1000000); saved as "
                   "bench-retrieval.json/.png beside the full run's files.")
@click.option("--llm", "llm_only", is_flag=True,
              help="Only the local model's section (load, first token, total, raw overhead).")
def bench_cmd(sizes: str | None, quick: bool, seeds: Path | None, out: Path, keep: bool,
              retrieval_only: bool, llm_only: bool) -> None:
    """Benchmark ingestion, retrieval and answers; print a table, save JSON + PNG."""
    from rag.errors import RagError
    from rag.settings import load_settings

    settings = load_settings(**({"seeds_dir": seeds} if seeds else {}))
    if not settings.seeds_dir.is_dir():
        raise click.ClickException(f"seed articles folder not found: {settings.seeds_dir}")
    if llm_only:
        from rag.bench.llm import run_local_bench
        from rag.bench.llm import table as llm_table

        try:
            local = run_local_bench(settings, rounds=1 if quick else 2)
        except RagError as exc:
            raise click.ClickException(str(exc)) from exc
        out.mkdir(parents=True, exist_ok=True)
        (out / "bench_llm.json").write_text(json.dumps(local, indent=2) + "\n")
        click.echo(llm_table(local))
        click.echo(f"\nSaved {out / 'bench_llm.json'}")
        return
    chosen = _parse_sizes(sizes) if sizes else list(QUICK_SIZES if quick else DEFAULT_SIZES)
    work = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    started = time.perf_counter()
    try:
        result = run_bench(
            settings, work, chosen, copies=2 if quick else 8, queries=1 if quick else 3,
            asks=1 if quick else 3, cold_runs=1 if quick else 3,
            ingest_rounds=1 if quick else 3,
            echo=lambda m: click.echo(f"  {m}", err=True), retrieval_only=retrieval_only,
            keep=keep,
        )
    except RagError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    result["total_s"] = round(time.perf_counter() - started, 1)
    json_path, png_path = save(result, out,
                               "bench-retrieval" if retrieval_only else "bench")
    click.echo(table(result))
    click.echo(f"\nSaved {json_path} and {png_path} ({result['total_s']:.0f} s"
               + (f"; scratch kept in {work})" if keep else ")"))
