"""Scoring one answer against its question: required facts, citations, declines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rag.evals.sets import EvalItem
from rag.schema import Answer, is_declined

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalize(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip().lower()


_MARKER = re.compile(r"\[\d+\]")
_NUMBER = re.compile(r"[\d.,]+")


def _states(fact: str, norm: str) -> bool:
    """A word fact may be part of a word ("boycott" in "boycotted"); a number must be
    a whole number: "2" is not stated by "2021", "2,000" or a citation marker "[2]"."""
    fact = normalize(fact)
    if not _NUMBER.fullmatch(fact):
        return fact in norm
    return re.search(rf"(?<![\w.,]){re.escape(fact)}(?!\d|[.,]\d)", norm) is not None


_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen", "twenty")
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_WORDS) + r")\b")


def _digits(norm: str) -> str:
    """"two miles" -> "2 miles": a fact written in words is stated in digits too, and
    the other way round ("one" is left alone: "one of them" states no count)."""
    return _NUMBER_WORD.sub(lambda m: str(_WORDS.index(m.group(1)) + 2), norm)


def missing_facts(text: str, facts: Sequence[Sequence[str]]) -> list[str]:
    """The required facts none of whose alternatives appear in text (case-insensitive;
    citation markers don't count as text; "two" and "2" state the same number)."""
    norm = normalize(_MARKER.sub(" ", text))
    digits = _digits(norm)
    return [" | ".join(alts) for alts in facts
            if not any(_states(a, norm) or _states(_digits(normalize(a)), digits)
                       for a in alts)]


def score_answer(
    item: EvalItem, answer: Answer, latency_ms: float, set_name: str = "",
) -> dict[str, Any]:
    """Per-question scores. Retrieval scores use `answer.passages` (what was found,
    best first); citation scores use `answer.citations` (what the answer cites).

    `passed` is the answer accuracy: an answerable question passes when it is
    answered, states every required fact and cites an expected source among its
    first three citations; a question the articles can't answer passes when declined.
    """
    expected = set(item.sources)
    retrieved = list(dict.fromkeys(p.source for p in answer.passages))
    cited = list(dict.fromkeys(c.source for c in answer.citations))
    declined = is_declined(answer)
    row: dict[str, Any] = {
        "id": item.id, "set": set_name, "kind": item.kind, "type": item.kind,
        "split": item.split, "expect_decline": item.decline,
        "question": item.question, "history": list(item.turns),
        "expected_answer": item.answer, "expected_sources": item.sources,
        "answer": answer.text, "declined": declined, "answerer": answer.answerer,
        "cited": cited, "retrieved": retrieved,
        "standalone_question": answer.standalone_question,
        "latency_ms": round(latency_ms, 1),
        "verification": dict(answer.verification),
        "notice": answer.notice,
    }
    if expected:
        rank = next((i for i, s in enumerate(retrieved, start=1) if s in expected), None)
        row["hit@1"] = float(rank == 1)
        row["hit@3"] = float(rank is not None and rank <= 3)
        row["mrr"] = 1.0 / rank if rank else 0.0
        row["source_recall"] = len(expected & set(retrieved)) / len(expected)
        row["citation_hit@3"] = float(bool(expected & set(cited[:3])))
    if cited:
        row["citation_precision"] = sum(s in expected for s in cited) / len(cited)
    if not declined and answer.sentences:
        grounded = [s.supported and bool(s.citations) for s in answer.sentences]
        row["grounded"], row["sentences"] = sum(grounded), len(grounded)
    if item.answerable:
        missing = (
            [" | ".join(alts) for alts in item.facts] if declined
            else missing_facts(answer.text, item.facts)
        )
        row["missing_facts"] = missing
        row["facts_ok"] = not missing
        row["passed"] = not declined and not missing and bool(row.get("citation_hit@3"))
    else:
        row["passed"] = declined
    return row
