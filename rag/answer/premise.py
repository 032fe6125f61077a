"""False premises: "Why did X happen?" when the articles say X didn't.

A small model plays along: it restates the question's premise and invents a reason
("X happened because Y"). Only why-questions are checked: they take X for granted.
Words repeated from the question are not held against a claim (they restate what was
asked), so the restated premise is checked on its own: it must be borne out by some
retrieved sentence (support, numbers and polarity, with none of the question's words
excused). When it isn't, the answer is a correction: the articles don't say X, and
the sentence closest to X, which is what they say instead, quoted with its citation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.answer.extractive import join_sentences, to_citation
from rag.answer.grounding import Embed, Grounder, is_decline, numbers, polarity_note
from rag.retrieval.hybrid import Passage
from rag.schema import Answer, AnswerSentence, Citation
from rag.text import terms

_BECAUSE = re.compile(
    r",?\s+\b(?:because(?:\s+of)?|due\s+to|as\s+a\s+result\s+of|owing\s+to)\b\s+", re.IGNORECASE)


_WHY = re.compile(r"\bwhy\b", re.IGNORECASE)
_ACCORDING = re.compile(r"^according to [^,]{1,60},\s*", re.IGNORECASE)


def split_reason(question: str, sentence: str) -> tuple[str, str] | None:
    """'X because Y' -> (X, Y) in the answer to a why-question (the question takes X
    for granted); None when the question asks no why or the sentence gives no reason."""
    match = _BECAUSE.search(sentence)
    if not _WHY.search(question) or match is None or match.start() < 12:
        return None
    premise = _ACCORDING.sub("", sentence[: match.start()].strip())
    return premise, sentence[match.end():].strip()


@dataclass(frozen=True)
class Correction:
    """A premise no retrieved sentence bears out, and the sentence closest to it."""

    premise: str
    passage: int
    span: tuple[int, int]

    def quote(self, passages: Sequence[Passage]) -> str:
        return passages[self.passage].chunk.text[self.span[0]:self.span[1]]


def unsupported_premise(
    premise: str, passages: Sequence[Passage], grounder: Grounder, embed: Embed,
    threshold: float,
) -> Correction | None:
    """The correction when no retrieved sentence bears `premise` out; None when one
    does (then the reason is judged like any claim)."""
    best = grounder.best(embed([premise])[0], set(terms(premise)),
                         frozenset(numbers(premise)))
    if best.span is None or best.passage < 0:
        return None
    source = passages[best.passage].chunk.text[best.span[0]:best.span[1]]
    if best.score >= threshold and not best.missing and not polarity_note(premise, source):
        return None
    return Correction(premise.rstrip(" .,;"), best.passage, best.span)


_LOWER_FIRST = frozenset({"The", "A", "An", "It", "They", "He", "She", "This", "That",
                          "These", "Those", "There", "Its", "Their", "His", "Her"})


def as_clause(premise: str) -> str:
    """'The council voted' -> 'the council voted' (a name keeps its capital)."""
    first, _, rest = premise.partition(" ")
    return f"{first.lower()} {rest}" if first in _LOWER_FIRST else premise


def first_correction(
    question: str, sentences: Sequence[str], passages: Sequence[Passage],
    grounder: Grounder, embed: Embed, threshold: float,
) -> Correction | None:
    """The first answer sentence that explains a premise no retrieved sentence bears
    out (both answerers ask this of the model's text)."""
    for sentence in sentences:
        parts = None if is_decline(sentence) else split_reason(question, sentence)
        if parts is not None:
            correction = unsupported_premise(parts[0], passages, grounder, embed, threshold)
            if correction is not None:
                return correction
    return None


def corrected(question: str, correction: Correction, passages: Sequence[Passage],
              related: list[Citation]) -> Answer:
    """The model explained a premise the articles don't bear out: say so, and quote
    what they say instead (the sentence closest to the premise), cited."""
    cite = to_citation(passages[correction.passage], 1)
    cite.quote_start, cite.quote_end = correction.span
    cite.quote = correction.quote(passages)
    sentences = [
        AnswerSentence(text=f"The articles don't say that {as_clause(correction.premise)}.",
                       supported=True, declined=True),
        AnswerSentence(text=f"What they say: “{cite.quote.strip()}”", citations=[1],
                       supported=True, support=1.0),
    ]
    return Answer(question=question, text=join_sentences(sentences), supported=True,
                  citations=[cite],
                  sentences=sentences, passages=related)
