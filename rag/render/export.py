"""A conversation as a download: Markdown to read, JSON to process; both carry every
citation (title, date, file, score, cited sentence).

The JSON is lossless (the text exactly as asked, written and quoted). The Markdown is
inert: every piece of untrusted text (questions, answers, titles, quotes) is escaped,
so opened in any Markdown viewer, HTML, images, links and autolinks from an article
show as text and load nothing."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from rag.render.present import citation_line
from rag.schema import Answer, is_declined

# Characters that can start markup in CommonMark/GFM (HTML, links, images, emphasis,
# code, tables, strikethrough, entities, math); `.`, `,`, `?`, `-` stay readable.
_ACTIVE = frozenset("\\`*_{}[]()<>#!|~&$:@")
# GFM finds autolinks after escapes are decoded: a WORD JOINER (invisible) breaks them.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?=@)", re.IGNORECASE)


def inert(text: str) -> str:
    """One line of untrusted text as Markdown that shows exactly it and does nothing:
    whitespace collapsed (no block structure), control characters dropped, markup
    characters backslash-escaped, and autolinks (`http://`, `www.`, `a@b`) broken
    with a WORD JOINER."""
    line = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    line = " ".join(line.split())
    line = _AUTOLINK.sub("\u2060", line)
    return "".join("\\" + ch if ch in _ACTIVE else ch for ch in line)


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


def _blockquote(text: str) -> list[str]:
    return ["> " + inert(line) for line in text.strip().splitlines() if line.strip()]


def conversation_markdown(answers: Sequence[Answer], exported_at: str | None = None) -> str:
    """Readable, inert transcript: each question, the answer with its `[n]` markers, and
    the sources below it with the cited sentence quoted."""
    lines = ["# Conversation about the articles", "", f"Exported {exported_at or _now()}.", ""]
    for i, a in enumerate(answers, 1):
        lines += [f"## {i}. {inert(a.question)}", ""]
        if a.standalone_question and a.standalone_question != a.question:
            lines += [f"*Interpreted as:* {inert(a.standalone_question)}", ""]
        if is_declined(a):
            lines += [f"*Declined:* {inert(a.text)}", ""]
        else:
            lines += [inert(a.text), ""]
            flagged = [
                f"{s.text} ({s.note})" if s.note else s.text for s in a.sentences if not s.supported
            ]
            if flagged:
                lines += ["Not supported by the cited passages:", ""]
                lines += [f"- {inert(t)}" for t in flagged] + [""]
            lines += ["**Sources**", ""]
            for c in a.citations:
                lines.append(f"- {inert(citation_line(c))}")
                quote = c.quote or c.snippet
                if quote:
                    lines += ["", *("  " + q for q in _blockquote(quote)), ""]
        lines += [f"*Answered by {inert(a.answerer)}.*", ""]
    return "\n".join(lines).rstrip() + "\n"
