"""The baseline gate: compare a result with a saved one, metric by metric, overall
and per set/kind/split group; plus reading and writing results."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.evals.sets import EvalSetError
from rag.evals.stats import LOWER_IS_BETTER, NOT_GATED

DEFAULT_TOLERANCE = 0.05


@dataclass(frozen=True)
class Regression:
    scope: str  # "overall", a kind, or a "set|kind|split" group
    metric: str
    baseline: float
    current: float | None

    def __str__(self) -> str:
        now = "n/a" if self.current is None else f"{self.current:.3f}"
        return f"{self.scope} {self.metric}: {self.baseline:.3f} -> {now}"


def compare(
    result: dict[str, Any], baseline: dict[str, Any], tolerance: float = DEFAULT_TOLERANCE,
) -> list[Regression]:
    """Metrics that got worse than the baseline by more than `tolerance`, overall,
    per kind and per group. Latency is not compared: it depends on the machine."""
    out: list[Regression] = []
    scopes = [("overall", baseline.get("overall", {}), result.get("overall", {}))]
    for kind, metrics in baseline.get("by_type", {}).items():
        scopes.append((kind, metrics, result.get("by_type", {}).get(kind, {})))
    for key, metrics in baseline.get("groups", {}).items():
        scopes.append((key, metrics, result.get("groups", {}).get(key, {})))
    for scope, before, now in scopes:
        for metric, base in before.items():
            if metric in NOT_GATED or base is None:
                continue
            cur = now.get(metric)
            if cur is None:
                out.append(Regression(scope, metric, base, None))
                continue
            drop = cur - base if metric in LOWER_IS_BETTER else base - cur
            if drop > tolerance + 1e-9:
                out.append(Regression(scope, metric, base, cur))
    return out


def load_result(path: Path | str) -> dict[str, Any]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalSetError(f"{path}: result file not found") from None
    except (OSError, ValueError) as exc:
        raise EvalSetError(f"{path}: not a readable eval result ({exc})") from exc
    if not isinstance(data, dict) or "overall" not in data:
        raise EvalSetError(f"{path}: not an eval result (no 'overall' metrics)")
    return data


def save_result(result: dict[str, Any], path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
