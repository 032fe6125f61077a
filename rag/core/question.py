"""The question as asked: cleaned of control characters and pasted terminal codes,
and refused when empty or oversized, before anything is loaded."""

from __future__ import annotations

import re
import unicodedata

from rag.errors import QuestionError

MAX_QUESTION_CHARS = 2000
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def clean_question(question: str) -> str:
    """Strip control characters and whitespace; refuse empty or oversized questions."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    # Terminal colour codes pasted with a question are noise, not words.
    question = _ANSI_ESCAPE.sub(" ", question)
    text = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in question
    )
    text = " ".join(text.split())
    if not text:
        raise QuestionError("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is too long ({len(text):,} characters; the limit is "
            f"{MAX_QUESTION_CHARS:,})"
        )
    return text
