"""Each bench stage runs in a fresh spawned process: its peak memory is its own and
no stage warms another's caches."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def _child(target: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    module, name = target.split(":")
    result: dict[str, Any] = getattr(importlib.import_module(module), name)(**kwargs)
    result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return result


def run_stage(fn: Callable[..., dict[str, Any]], **kwargs: Any) -> dict[str, Any]:
    """Run a stage function in a new spawned process; its result gains `peak_rss_mb`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(_child, f"{fn.__module__}:{fn.__name__}", kwargs).result()


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    import numpy as np

    arr = np.asarray(samples_ms, dtype=np.float64)
    return {
        "p50_ms": round(float(np.percentile(arr, 50)), 2),
        "p95_ms": round(float(np.percentile(arr, 95)), 2),
        "mean_ms": round(float(arr.mean()), 2),
        "n": int(arr.size),
    }
