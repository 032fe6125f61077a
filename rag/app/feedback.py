"""Thumbs up/down on answers, appended to `<data_dir>/feedback.jsonl`.

One JSON object per line so the file can be tailed, grepped and loaded with pandas;
appends are serialised with a process lock and an OS file lock, so several browser
sessions (threads) or processes never interleave half-written lines."""

from __future__ import annotations

import fcntl
import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from rag.errors import StoreError
from rag.schema import Answer
from rag.settings import Settings

Rating = Literal["up", "down"]
FEEDBACK_FILE = "feedback.jsonl"
MAX_COMMENT_CHARS = 2000
_lock = threading.Lock()


def feedback_path(settings: Settings) -> Path:
    return settings.data_dir / FEEDBACK_FILE


def feedback_record(answer: Answer, rating: Rating, comment: str = "") -> dict[str, Any]:
    """What one line of feedback.jsonl holds."""
    if rating not in ("up", "down"):
        raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
    return {
        "timestamp": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "rating": rating,
        "comment": comment.strip()[:MAX_COMMENT_CHARS],
        "question": answer.question,
        "answer": answer.text,
        "supported": answer.supported,
        "answerer": answer.answerer,
        "citations": [
            {
                "n": c.n, "source": c.source, "title": c.title, "date": c.date,
                "chunk_id": c.chunk_id, "score": c.score, "quote": c.quote,
            }
            for c in answer.citations
        ],
    }


def record_feedback(
    settings: Settings, answer: Answer, rating: Rating, comment: str = ""
) -> dict[str, Any]:
    """Append one feedback record and return it; StoreError if the folder is unwritable."""
    record = feedback_record(answer, rating, comment)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    path = feedback_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock, open(path, "a", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                fh.write(line)
                fh.flush()
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    except OSError as exc:
        raise StoreError(f"can't save feedback to {path}: {exc.strerror or exc}") from exc
    return record


def read_feedback(settings: Settings) -> list[dict[str, Any]]:
    """All records so far (skipping any line that isn't valid JSON)."""
    path = feedback_path(settings)
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records
