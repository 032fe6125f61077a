"""A conversation as a download: Markdown to read, JSON to process; both carry every
citation (title, date, file, score, cited sentence)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from rag.answer.model import Answer, is_declined
from rag.present import citation_line


def _now() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


def conversation_dict(answers: Sequence[Answer], exported_at: str | None = None) -> dict[str, Any]:
    return {
        "exported_at": exported_at or _now(),
        "turns": [
            {
                "question": a.question,
                "answer": a.text,
                "declined": is_declined(a),
                "supported": a.supported,
                "answerer": a.answerer,
                "sentences": [s.model_dump() for s in a.sentences],
                "citations": [c.model_dump() for c in a.citations],
            }
            for a in answers
        ],
    }


def conversation_json(answers: Sequence[Answer], exported_at: str | None = None) -> str:
    return json.dumps(conversation_dict(answers, exported_at), ensure_ascii=False, indent=2)


def _blockquote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.strip().splitlines())


def conversation_markdown(answers: Sequence[Answer], exported_at: str | None = None) -> str:
    """Readable transcript: each question, the answer with its `[n]` markers, and the
    sources below it with the cited sentence quoted."""
    lines = ["# Conversation about the articles", "", f"Exported {exported_at or _now()}.", ""]
    for i, a in enumerate(answers, 1):
        lines += [f"## {i}. {a.question}", ""]
        if is_declined(a):
            lines += [f"*Declined:* {a.text}", ""]
        else:
            lines += [a.text, ""]
            flagged = [
                f"{s.text} ({s.note})" if s.note else s.text for s in a.sentences if not s.supported
            ]
            if flagged:
                lines += ["Not supported by the cited passages:", ""]
                lines += [f"- {t}" for t in flagged] + [""]
            lines += ["**Sources**", ""]
            for c in a.citations:
                lines.append(f"- {citation_line(c)}")
                quote = c.quote or c.snippet
                if quote:
                    lines += ["", *("  " + q for q in _blockquote(quote).splitlines()), ""]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
