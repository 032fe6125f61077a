"""The whole benchmark: every stage, side by side, in one run; and its verdict."""

from __future__ import annotations

import os
import platform
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.bench.corpus import (
    QUESTIONS,
    SYNTHETIC_METHOD,
    make_ingest_corpus,
    seed_chunks,
    seed_sentences,
)
from rag.bench.process import run_stage
from rag.bench.stages import (
    TOP_K,
    cold_ask,
    stage_ask,
    stage_build_corpus,
    stage_embed_sentences,
    stage_ingest_llamaindex,
    stage_ingest_rag,
    stage_ingest_raw,
    stage_retrieve,
)

if TYPE_CHECKING:
    from rag.settings import Settings

DEFAULT_SIZES = (1000, 10000, 100000)
QUICK_SIZES = (1000, 10000)
TARGETS = {
    "ingest_vs_raw": 0.85,  # rag index chunks/s over raw forward-pass chunks/s, at least
    "ingest_vs_llamaindex": 2.0,  # rag index over llama-index defaults, at least
    "retrieve_p50_ms_at_100k": 30.0,  # at most
    "ask_p50_ms": 150.0,  # at most
    "cold_ask_s": 3.0,  # at most
    "retrieve_p50_ms_at_1m": 50.0,  # at most, hybrid top-5 over a million passages
    "open_s_at_1m": 10.0,  # at most: Chroma open + BM25 load in a fresh process
    "peak_rss_mb_at_1m": 8192.0,  # at most, the querying process
}
def run_bench(
    settings: Settings, work: Path, sizes: Sequence[int], *, copies: int = 8,
    queries: int = 3, asks: int = 2, cold_runs: int = 3, ingest_rounds: int = 3,
    echo: Callable[[str], None] = lambda _m: None, retrieval_only: bool = False,
    keep: bool = False,
) -> dict[str, Any]:
    """Run every stage (or only the retrieval corpora); return the results (the JSON
    that `rag bench` saves). Each retrieval corpus is deleted once timed, unless `keep`
    (a million passages take 8 GB of disk)."""
    seeds = settings.seeds_dir
    result: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "processor": platform.processor()},
        "settings": {"embed": settings.embed, "embed_batch_size": settings.embed_batch_size,
                     "embed_threads": settings.embed_threads or os.cpu_count(),
                     "top_k": TOP_K, "candidates": settings.candidates},
        "targets": TARGETS,
    }
    if not retrieval_only:
        corpus = make_ingest_corpus(seeds, work / "ingest-corpus", copies)
        texts = seed_chunks(settings, corpus)
        echo(f"ingestion: {len(texts)} chunks (seed articles x{copies}), "
             f"{ingest_rounds} rounds")
        result["ingest"] = {
            "corpus": f"seed articles x{copies} ({len(texts)} chunks)",
            **ingest_rounds_result(settings, work, corpus, texts, ingest_rounds),
        }

    sentences = seed_sentences(seeds)
    echo(f"retrieval: embedding {len(sentences)} unique seed sentences")
    emb = run_stage(stage_embed_sentences, settings=settings, sentences=sentences)
    retrieval: list[dict[str, Any]] = []
    question_list = list(QUESTIONS)
    for size in sizes:
        echo(f"retrieval: building {size:,} synthetic passages")
        sized = settings.model_copy(update={"index_dir": work / f"retrieve-{size}"})
        built = run_stage(stage_build_corpus, settings=sized, size=size, sentences=sentences,
                          vectors=emb["vectors"], model_id=emb["model_id"], dim=emb["dim"])
        echo(f"retrieval: timing {size:,}")
        timed = run_stage(stage_retrieve, settings=sized, queries=question_list,
                          rounds=queries)
        retrieval.append({"size": size, "build": built, "query": timed})
        if not keep:
            shutil.rmtree(sized.index_dir, ignore_errors=True)
    result["retrieval"] = {"method": SYNTHETIC_METHOD, "sentences": len(sentences),
                           "runs": retrieval}

    if not retrieval_only:
        echo("answers: seed index")
        seed_settings = settings.model_copy(update={"index_dir": work / "seed-index"})
        run_stage(stage_ingest_rag, settings=seed_settings, folder=str(seeds))
        asked = run_stage(stage_ask, settings=seed_settings, questions=question_list,
                          rounds=asks)
        cold = cold_ask(seed_settings, QUESTIONS[0], cold_runs)
        result["answer"] = {"ask": asked, "cold_rag_ask": cold}
    result["verdict"] = verdict(result)
    return result


def ingest_rounds_result(
    settings: Settings, work: Path, corpus: Path, texts: list[str], rounds: int
) -> dict[str, Any]:
    """The three ingestion stages, `rounds` times in rotating order (so none always runs
    first or last on a drifting machine). Each pipeline's figure is its median round;
    the ratios are medians of the ratios within a round."""
    import statistics

    stages: dict[str, Callable[[int], dict[str, Any]]] = {
        "raw_forward": lambda r: run_stage(stage_ingest_raw, settings=settings, texts=texts),
        "rag_index": lambda r: run_stage(stage_ingest_rag, settings=settings.model_copy(
            update={"index_dir": work / f"ingest-rag-{r}"}), folder=str(corpus)),
        "llamaindex_defaults": lambda r: run_stage(
            stage_ingest_llamaindex, settings=settings.model_copy(
                update={"index_dir": work / f"ingest-llamaindex-{r}"}), texts=texts),
    }
    names = list(stages)
    runs: list[dict[str, dict[str, Any]]] = []
    for r in range(rounds):
        order = names[r % 3:] + names[:r % 3]
        runs.append({name: stages[name](r) for name in order})

    def median_run(name: str) -> dict[str, Any]:
        ranked = sorted((run[name] for run in runs), key=lambda x: x["chunks_per_s"])
        return {**ranked[len(ranked) // 2], "rounds_chunks_per_s": [
            run[name]["chunks_per_s"] for run in runs]}

    def ratio(a: str, b: str) -> float:
        return round(statistics.median(
            run[a]["chunks_per_s"] / run[b]["chunks_per_s"] for run in runs), 3)

    return {
        **{name: median_run(name) for name in names},
        "rounds": rounds,
        "ratio_vs_raw": ratio("rag_index", "raw_forward"),
        "ratio_vs_llamaindex": ratio("rag_index", "llamaindex_defaults"),
    }


def verdict(result: dict[str, Any]) -> dict[str, bool | None]:
    """Each target met (True), missed (False) or not measured in this run (None)."""
    ingest, answer = result.get("ingest"), result.get("answer")
    runs = result["retrieval"]["runs"]
    at_100k = next((r for r in runs if r["size"] == 100_000), None)
    at_1m = next((r for r in runs if r["size"] >= 1_000_000), None)

    def at_most(run: dict[str, Any] | None, value: float | None, key: str) -> bool | None:
        return None if run is None or value is None else value <= TARGETS[key]

    return {
        "ingest_vs_raw": ingest["ratio_vs_raw"] >= TARGETS["ingest_vs_raw"] if ingest else None,
        "ingest_vs_llamaindex": (ingest["ratio_vs_llamaindex"]
                                 >= TARGETS["ingest_vs_llamaindex"] if ingest else None),
        "retrieve_p50_ms_at_100k": at_most(
            at_100k, at_100k and at_100k["query"]["p50_ms"], "retrieve_p50_ms_at_100k"),
        "ask_p50_ms": answer["ask"]["p50_ms"] <= TARGETS["ask_p50_ms"] if answer else None,
        "cold_ask_s": (answer["cold_rag_ask"]["median_s"] <= TARGETS["cold_ask_s"]
                       if answer else None),
        "retrieve_p50_ms_at_1m": at_most(
            at_1m, at_1m and at_1m["query"]["p50_ms"], "retrieve_p50_ms_at_1m"),
        "open_s_at_1m": at_most(at_1m, at_1m and at_1m["query"]["open_s"], "open_s_at_1m"),
        "peak_rss_mb_at_1m": at_most(
            at_1m, at_1m and at_1m["query"]["peak_rss_mb"], "peak_rss_mb_at_1m"),
    }
