"""Aggregates over scored rows: the legacy retrieval/answer metrics, and the
per-kind, per-split table with 95% confidence intervals that a person needs to
trust a number (Wilson score intervals: sound at small n and at 0 or 1)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

METRICS = (
    "hit@1", "hit@3", "mrr", "source_recall", "citation_hit@3", "facts_accuracy",
    "citation_precision", "grounded_rate", "decline_accuracy", "false_decline_rate",
    "accuracy", "decline_precision", "decline_recall",
    "latency_p50_ms", "latency_p95_ms",
)
# Higher is better for every metric except these (a rise is a regression).
LOWER_IS_BETTER = {"false_decline_rate"}
# Timings vary by machine: reported, never gated.
NOT_GATED = {"latency_p50_ms", "latency_p95_ms", "questions", "accuracy_lo", "accuracy_hi",
             "citation_hit_lo", "citation_hit_hi", "answerable", "expected_declines"}
Z95 = 1.959964


def mean(values: Iterable[float]) -> float | None:
    vals = list(values)
    return round(sum(vals) / len(vals), 4) if vals else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..1); the one definition the evals and
    the bench share."""
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo), 1)


def wilson(successes: float, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion; None for n = 0."""
    if n <= 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)


def aggregate(rows: Sequence[dict[str, Any]]) -> dict[str, float | None]:
    """Metrics over a group of scored rows; None where a metric doesn't apply."""
    answerable = [r for r in rows if not r.get("expect_decline", r["type"] == "unanswerable")]
    expect_decline = [r for r in rows if r.get("expect_decline", r["type"] == "unanswerable")]
    declined = [r for r in rows if r["declined"]]
    sentences = sum(r.get("sentences", 0) for r in rows)
    latencies = [r["latency_ms"] for r in rows]
    out: dict[str, float | None] = {"questions": float(len(rows)),
                                    "answerable": float(len(answerable)),
                                    "expected_declines": float(len(expect_decline))}
    for key in ("hit@1", "hit@3", "mrr", "source_recall", "citation_precision"):
        out[key] = mean(r[key] for r in rows if key in r)
    cite = [r["citation_hit@3"] for r in answerable if "citation_hit@3" in r]
    out["citation_hit@3"] = mean(cite)
    ci = wilson(sum(cite), len(cite))
    out["citation_hit_lo"], out["citation_hit_hi"] = ci if ci else (None, None)
    out["facts_accuracy"] = mean(float(r["facts_ok"]) for r in answerable)
    out["grounded_rate"] = (
        round(sum(r.get("grounded", 0) for r in rows) / sentences, 4) if sentences else None
    )
    passed = [float(r["passed"]) for r in rows]
    out["accuracy"] = mean(passed)
    ci = wilson(sum(passed), len(passed))
    out["accuracy_lo"], out["accuracy_hi"] = ci if ci else (None, None)
    # Declines: recall over the questions that should be declined, precision over
    # the answers that were declines; answerable questions declined are false declines.
    out["decline_accuracy"] = mean(float(r["declined"]) for r in expect_decline)
    out["decline_recall"] = out["decline_accuracy"]
    out["decline_precision"] = (
        mean(float(r.get("expect_decline", r["type"] == "unanswerable")) for r in declined)
    )
    out["false_decline_rate"] = mean(float(r["declined"]) for r in answerable)
    out["latency_p50_ms"] = percentile(latencies, 0.5)
    out["latency_p95_ms"] = percentile(latencies, 0.95)
    return out


def groups(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Metrics per `set|kind|split`, with `*` standing for all (e.g. `*|paraphrase|test`,
    `blind_seeds|*|dev`, `*|*|*`). The report tables and the baseline gate read these."""
    keys: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        split = r.get("split") or "-"
        for s in (r.get("set") or "-", "*"):
            for k in (r["kind"], "*"):
                for sp in (split, "*"):
                    keys.setdefault(f"{s}|{k}|{sp}", []).append(r)
    return {key: aggregate(group) for key, group in sorted(keys.items())}


def gap(dev: float | None, test: float | None) -> float | None:
    """Dev minus test: how much better the tuned-on half scores."""
    return None if dev is None or test is None else round(dev - test, 4)
