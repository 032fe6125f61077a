"""`rag bench --llm`: the local model's section. Load time, time to first answer token,
total time per question (p50/p90), prompt and generated tokens, peak memory; and the
pipeline's overhead against raw llama-cpp-python running the same prompts, measured
in the same process, one question after the other."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from typing import Any

from rag.settings import Settings

QUESTIONS = (
    "How many Russian athletes will compete at the Beijing Games?",
    "How long did the video call between the two leaders last?",
    "Which countries said they would not send officials to the Games?",
    "What did the Kremlin adviser say about the relationship?",
    "How tall is the Kremlin's foreign policy adviser?",
    "Who did Putin speak to eight days before the call with Xi?",
)


def stage_local_model(settings: Settings, rounds: int = 1) -> dict[str, Any]:
    """Runs in its own process (see `rag.bench.process.run_stage`): peak RSS is this stage's."""
    import resource

    from rag.core.engine import Engine
    from rag.schema import Answer, is_declined

    engine = Engine(settings.model_copy(update={"llm": "local"}))
    engine.ensure_index()
    model = engine.local_model
    assert model is not None
    started = time.perf_counter()
    model.load()
    load_s = time.perf_counter() - started
    engine.ask(QUESTIONS[0])  # warm: sentence vectors, BM25, first-call allocations
    totals: list[float] = []
    first_tokens: list[float] = []
    raw_totals: list[float] = []
    prompt_tokens: list[int] = []
    generated: list[int] = []
    for _ in range(rounds):
        for question in QUESTIONS:
            began = time.perf_counter()
            first: float | None = None
            final: Answer | None = None
            for item in engine.ask_stream(question):
                if isinstance(item, Answer):
                    final = item
                elif first is None:
                    first = time.perf_counter() - began
            total = time.perf_counter() - began
            assert final is not None
            totals.append(total * 1000)
            calls = model.calls[-2:] if not is_declined(final) else model.calls[-1:]
            prompt_tokens.append(sum(c["prompt_tokens"] for c in calls))
            generated.append(sum(c["generated_tokens"] for c in calls))
            if not is_declined(final) and first is not None:
                first_tokens.append(first * 1000)
            raw_totals.append(_raw(model, calls) * 1000)
    overhead = [t / r for t, r in zip(totals, raw_totals, strict=True) if r > 0]
    return {
        "model": model.name, "threads": model.threads, "load_s": round(load_s, 2),
        "questions": len(totals),
        "total_ms": percentiles(totals), "first_token_ms": percentiles(first_tokens),
        "raw_llama_ms": percentiles(raw_totals),
        "overhead_ratio_p50": round(statistics.median(overhead), 3) if overhead else None,
        "prompt_tokens_mean": round(sum(prompt_tokens) / len(prompt_tokens), 1),
        "generated_tokens_mean": round(sum(generated) / len(generated), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _raw(model: Any, calls: list[dict[str, Any]]) -> float:
    """The same prompts through llama-cpp-python directly, from an empty cache: the
    verification prompt (one token of logits), then the answer prompt."""
    llm = model._llm
    with model.lock:
        llm.reset()
        began = time.perf_counter()
        for call in calls:
            llm.create_completion(call["prompt"], max_tokens=max(1, call["generated_tokens"]),
                                  temperature=0.0, top_k=1)
        return time.perf_counter() - began


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50 and p90 (the local model's latency targets), mean, n."""
    from rag.evals.stats import percentile

    if not samples_ms:
        return {}
    return {"p50_ms": percentile(samples_ms, 0.5) or 0.0,
            "p90_ms": percentile(samples_ms, 0.9) or 0.0,
            "mean_ms": round(sum(samples_ms) / len(samples_ms), 1), "n": len(samples_ms)}


def run_local_bench(settings: Settings, rounds: int = 1) -> dict[str, Any]:
    """The stage in a fresh spawned process, so its peak memory is its own."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(stage_local_model, settings, rounds).result()


def table(result: dict[str, Any]) -> str:
    total, first, raw = result["total_ms"], result["first_token_ms"], result["raw_llama_ms"]
    rows = [
        ("model", f"{result['model']} ({result['threads']} threads)"),
        ("load", f"{result['load_s']:.2f} s"),
        ("answer total p50 / p90", f"{total['p50_ms'] / 1000:.2f} / {total['p90_ms'] / 1000:.2f} s"
         f" ({result['questions']} questions)"),
        ("time to first answer token p50 / p90",
         f"{first.get('p50_ms', 0) / 1000:.2f} / {first.get('p90_ms', 0) / 1000:.2f} s"),
        ("raw llama-cpp-python, same prompts p50", f"{raw['p50_ms'] / 1000:.2f} s"),
        ("pipeline / raw (median of per-question ratios)", f"{result['overhead_ratio_p50']}"),
        ("prompt / generated tokens per question",
         f"{result['prompt_tokens_mean']} / {result['generated_tokens_mean']}"),
        ("peak RSS", f"{result['peak_rss_mb']:.0f} MB"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)
