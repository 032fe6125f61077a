"""The bench's results as a table, a plot and files. A run may hold only some sections
(`--retrieval-only`): what wasn't measured is left out, never shown as zero."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rag.bench.run import TARGETS


def table(result: dict[str, Any]) -> str:
    """The results as a plain-text table."""
    ok = result["verdict"]

    def mark(key: str) -> str:
        return {True: "met", False: "MISSED", None: "n/a"}[ok.get(key)]

    lines = [
        f"Machine: {result['machine']['cpus']} CPUs, Python {result['machine']['python']}; "
        f"embedding {result['settings']['embed']}",
    ]
    ing = result.get("ingest")
    if ing:
        lines += [
            "",
            f"Ingestion ({ing['corpus']}; median of {ing.get('rounds', 1)} rounds)",
            f"  {'':<34}{'chunks/s':>9}{'seconds':>10}{'peak MB':>9}  each round (chunks/s)",
        ]
        for label, key in (("raw ONNX forward pass", "raw_forward"),
                           ("rag index", "rag_index"),
                           ("llama-index defaults", "llamaindex_defaults")):
            r = ing[key]
            each = " / ".join(f"{x:.1f}" for x in r.get("rounds_chunks_per_s", []))
            lines.append(f"  {label:<34}{r['chunks_per_s']:>9.1f}{r['seconds']:>10.2f}"
                         f"{r['peak_rss_mb']:>9.0f}  {each}")
        lines += [
            f"  rag index / raw         = {ing['ratio_vs_raw']:.2f}  (target >= "
            f"{TARGETS['ingest_vs_raw']}: {mark('ingest_vs_raw')})",
            f"  rag index / llama-index = {ing['ratio_vs_llamaindex']:.2f}  (target >= "
            f"{TARGETS['ingest_vs_llamaindex']}: {mark('ingest_vs_llamaindex')})",
        ]
    lines += [
        "",
        "Hybrid retrieval, top-k 5   p50 ms  p95 ms  open s  BM25 build s  disk MB  peak MB  "
        "(embed/dense/bm25/fetch ms)",
    ]
    for run in result["retrieval"]["runs"]:
        q, b = run["query"], run["build"]
        br = q["breakdown_mean_ms"]
        lines.append(
            f"  {run['size']:>9,} chunks       {q['p50_ms']:>7.1f}{q['p95_ms']:>8.1f}"
            f"{q['open_s']:>8.2f}{b['bm25_build_s']:>14.1f}{b.get('disk_mb', 0):>9.0f}"
            f"{q['peak_rss_mb']:>9.0f}  "
            f"({br['embed']:.1f}/{br['dense']:.1f}/{br['bm25']:.1f}/{br['fetch']:.1f})"
        )
    lines.append(f"  p50 at 100k target <= {TARGETS['retrieve_p50_ms_at_100k']} ms: "
                 f"{mark('retrieve_p50_ms_at_100k')}")
    lines.append(f"  at 1M: p50 <= {TARGETS['retrieve_p50_ms_at_1m']} ms: "
                 f"{mark('retrieve_p50_ms_at_1m')}; open <= {TARGETS['open_s_at_1m']} s: "
                 f"{mark('open_s_at_1m')}; peak <= {TARGETS['peak_rss_mb_at_1m']:.0f} MB: "
                 f"{mark('peak_rss_mb_at_1m')}")
    lines.append(f"  corpora: {result['retrieval']['method']}")
    answer = result.get("answer")
    if answer:
        ask, cold = answer["ask"], answer["cold_rag_ask"]
        lines += [
            "",
            f"ask() offline, seed index: p50 {ask['p50_ms']:.1f} ms, p95 {ask['p95_ms']:.1f} "
            f"ms, peak {ask['peak_rss_mb']:.0f} MB (target p50 <= {TARGETS['ask_p50_ms']} ms: "
            f"{mark('ask_p50_ms')})",
            f"`rag ask` process start to answer: median {cold['median_s']:.2f} s, max "
            f"{cold['max_s']:.2f} s, peak {cold['peak_rss_mb']:.0f} MB (target <= "
            f"{TARGETS['cold_ask_s']} s: {mark('cold_ask_s')})",
        ]
    return "\n".join(lines)


def plot(result: dict[str, Any], path: Path) -> None:
    """Retrieval latency growth curve and (when measured) ingestion rates, one PNG."""
    try:
        import matplotlib
    except ImportError as exc:
        from rag.errors import RagError

        raise RagError("the bench's plot needs matplotlib: pip install -e '.[bench]'") from exc

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = result["retrieval"]["runs"]
    sizes = [r["size"] for r in runs]
    ing = result.get("ingest")
    fig, axes = plt.subplots(1, 2 if ing else 1, figsize=(11 if ing else 6, 4.2),
                             squeeze=False)
    left = axes[0][0]
    left.plot(sizes, [r["query"]["p50_ms"] for r in runs], "o-", label="p50")
    left.plot(sizes, [r["query"]["p95_ms"] for r in runs], "s--", label="p95")
    left.axhline(TARGETS["retrieve_p50_ms_at_100k"], color="grey", lw=0.8, ls=":",
                 label="p50 target at 100k")
    if sizes and sizes[-1] >= 1_000_000:
        left.axhline(TARGETS["retrieve_p50_ms_at_1m"], color="red", lw=0.8, ls=":",
                     label="p50 target at 1M")
    left.set_xscale("log")
    left.set_xlabel("passages in the index")
    left.set_ylabel("hybrid retrieval latency (ms)")
    left.set_title("Retrieval latency (top-k 5)")
    left.set_ylim(bottom=0)
    left.legend()
    if ing:
        right = axes[0][1]
        labels = ["raw ONNX", "rag index", "llama-index\ndefaults"]
        rates = [ing[k]["chunks_per_s"]
                 for k in ("raw_forward", "rag_index", "llamaindex_defaults")]
        right.bar(labels, rates, color=["#999999", "#1f77b4", "#ff7f0e"])
        right.set_ylabel("chunks / s")
        right.set_title(f"Ingestion, {ing['corpus']}")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def save(result: dict[str, Any], out: Path, name: str = "bench") -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    json_path, png_path = out / f"{name}.json", out / f"{name}.png"
    json_path.write_text(json.dumps(result, indent=2))
    plot(result, png_path)
    return json_path, png_path
