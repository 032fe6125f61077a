"""Calibrate the local answerer's answer-or-decline threshold on the dev split.

    RAG_LLM=local RAG_VERIFY_THRESHOLD=1 rag eval --split dev --out eval-results/verify
    python -m rag.evals.calibrate eval-results/verify/result.json

With the threshold at 1 every question stops after verification (nothing is
generated), so each row carries the verification inputs (`p_yes`, `coverage`); this
prints decline precision, decline recall and false declines at each threshold, for
the score `rag.answer.evidence.verdict_score` uses. Pick on dev, never on test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def curve(rows: list[dict[str, Any]], weight: float = 0.6,
          grid: int = 40) -> list[dict[str, float]]:
    """Decline precision/recall and false declines when declining below each threshold."""
    scored = [(weight * r["verification"]["p_yes"]
               + (1 - weight) * r["verification"]["coverage"], bool(r["expect_decline"]))
              for r in rows if r.get("verification")]
    out = []
    for i in range(grid + 1):
        t = i / grid
        declined = [exp for score, exp in scored if score < t]
        should = [score < t for score, exp in scored if exp]
        answerable = [score < t for score, exp in scored if not exp]
        out.append({
            "threshold": t,
            "decline_precision": sum(declined) / len(declined) if declined else 1.0,
            "decline_recall": sum(should) / len(should) if should else 1.0,
            "false_declines": sum(answerable) / len(answerable) if answerable else 0.0,
        })
    return out


def operating_point(points: list[dict[str, float]],
                    max_false_declines: float = 0.05) -> dict[str, float]:
    """The threshold with the best decline recall whose false declines stay within
    `max_false_declines` (ties: the higher precision, then the lower threshold)."""
    allowed = [p for p in points if p["false_declines"] <= max_false_declines]
    return max(allowed, key=lambda p: (p["decline_recall"], p["decline_precision"],
                                       -p["threshold"]))


def main(argv: list[str]) -> int:
    result = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    rows = result["items"]
    for weight in (1.0, 0.8, 0.6, 0.4):
        print(f"\nscore = {weight:.1f} x p_yes + {1 - weight:.1f} x coverage "
              f"({len(rows)} questions, split {result.get('split')})")
        print("threshold  decline precision  decline recall  false declines")
        for point in curve(rows, weight):
            print(f"{point['threshold']:9.3f}  {point['decline_precision']:17.3f}  "
                  f"{point['decline_recall']:14.3f}  {point['false_declines']:14.3f}")
        for cap in (0.02, 0.05):
            best = operating_point(curve(rows, weight), cap)
            print(f"best with false declines <= {cap}: threshold {best['threshold']:.3f} "
                  f"(recall {best['decline_recall']:.3f}, precision "
                  f"{best['decline_precision']:.3f}, false declines "
                  f"{best['false_declines']:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
