"""A view of one evaluation result by split and kind, for the Evaluation page: the
same result, its items filtered and its groups recomputed, so every table, chart and
failure list shows only what was picked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rag.evals.stats import groups


def splits_in(result: dict[str, Any]) -> list[str]:
    return sorted({r.get("split") or "untagged" for r in result.get("items", [])})


def kinds_in(result: dict[str, Any]) -> list[str]:
    return sorted({r["kind"] for r in result.get("items", [])})


def view(result: dict[str, Any], split: str = "all", kinds: Sequence[str] = ()) -> dict[str, Any]:
    """`result` restricted to one split ("all" for every one) and some kinds (none =
    all), with its groups recomputed from what is left."""
    items = [
        r for r in result.get("items", [])
        if (split == "all" or (r.get("split") or "untagged") == split)
        and (not kinds or r["kind"] in kinds)
    ]
    return {**result, "items": items, "groups": groups(items)}


def accuracy_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Answer accuracy per kind and split, one row each (what the chart draws)."""
    rows = []
    for key, metrics in result.get("groups", {}).items():
        scope, kind, split = key.split("|")
        if scope != "*" or split == "*" or metrics.get("accuracy") is None:
            continue
        rows.append({"kind": "all" if kind == "*" else kind,
                     "split": "untagged" if split == "-" else split,
                     "accuracy": float(metrics["accuracy"]),
                     "questions": int(metrics.get("questions") or 0)})
    return rows
