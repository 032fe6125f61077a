"""Assign `split` (dev/test) to a tagged set's questions: a fixed seed, stratified by
kind, done once before any question is run and never changed after a result.

    python -m rag.evals.split evals/blind_seeds.jsonl

Questions that already carry a split keep it; only new ones are assigned.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20261203


def assign(records: list[dict[str, object]], seed: int = SEED) -> list[dict[str, object]]:
    """Split each kind's unassigned questions half and half (dev gets the odd one
    out for every second kind, so both halves stay the same size overall)."""
    kinds = sorted({str(r["kind"]) for r in records if "split" not in r})
    extra_to_dev = True
    for kind in kinds:
        todo = sorted((r for r in records if r["kind"] == kind and "split" not in r),
                      key=lambda r: str(r["id"]))
        random.Random(f"{seed}:{kind}").shuffle(todo)
        half = len(todo) // 2 + (len(todo) % 2 if extra_to_dev else 0)
        if len(todo) % 2:
            extra_to_dev = not extra_to_dev
        for i, record in enumerate(todo):
            record["split"] = "dev" if i < half else "test"
    return records


def main(argv: list[str]) -> int:
    for name in argv:
        path = Path(name)
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        records = assign([json.loads(ln) for ln in lines])
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                        encoding="utf-8")
        counts: dict[str, int] = {}
        for r in records:
            counts[str(r["split"])] = counts.get(str(r["split"]), 0) + 1
        print(f"{path}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
