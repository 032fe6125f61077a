"""Claim-level grounding: how well each generated sentence is supported by the
passage(s) it cites, so unsupported sentences can be flagged.

For each cited passage: 0.5 x the best cosine between the sentence and a sentence of
the passage (meaning) + 0.5 x the share of the sentence's content terms found in
that passage sentence, its neighbours or the title (are its names, numbers and words
really there); the best cited passage counts. Paraphrases score high on both; a
claim the passage never makes loses on both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rag.retrieve import Passage
from rag.text import sentence_spans, terms

Embed = Callable[[list[str]], np.ndarray]

_DECLINE = re.compile(
    r"\b(sources?|articles?|passages?|context|documents?|texts?)\b[^.]*?"
    r"\b(do(?:es)?\s*n[o']?t|do(?:es)?\s+not|never|cannot|can't|fail to)\b[^.]*?"
    r"\b(contain|say|mention|include|provide|state|answer|address|discuss|specify|give)"
    r"|\b(no|not enough|insufficient)\s+(relevant\s+)?information\b"
    r"|\bI\s+(do\s*n[o']?t|do not|cannot|can't)\s+(know|answer|find)\b"
    r"|\bnot\s+(mentioned|stated|covered|addressed)\s+in\s+the\b",
    re.IGNORECASE,
)


# Text in an article that addresses the model rather than the reader. A claim that
# only matches such a sentence echoes an injected instruction: it is not grounded.
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,30}\b(previous|prior|above|earlier|all|any)\b"
    r".{0,20}\b(instructions?|prompts?|rules?|context)\b"
    r"|\b(system prompt|you are now|as an ai)\b"
    r"|\b(answer|respond|reply|say|output|print)\s+(only\s+)?(with\s+)?['\"“‘]",
    re.IGNORECASE,
)


def is_instruction(sentence: str) -> bool:
    """Does a source sentence read like an instruction to the model (prompt injection)?"""
    return bool(_INSTRUCTION.search(sentence))


def is_decline(sentence: str) -> bool:
    """Does the sentence say the sources don't hold the answer?"""
    return bool(_DECLINE.search(sentence))


@dataclass(frozen=True)
class Support:
    score: float
    passage: int  # index into the passages; -1 when nothing was cited
    span: tuple[int, int] | None  # best-matching sentence in that passage's text


class Grounder:
    """Embeds every retrieved passage's sentences once, then scores claims."""

    def __init__(self, passages: Sequence[Passage], embed: Embed) -> None:
        self.passages = passages
        self.spans: list[list[tuple[int, int]]] = []
        texts: list[str] = []
        for p in passages:
            spans = sentence_spans(p.chunk.text) or [(0, len(p.chunk.text))]
            self.spans.append(spans)
            texts.extend(p.chunk.text[a:b] for a, b in spans)
        self.vectors = embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        self.offsets = np.cumsum([0] + [len(s) for s in self.spans])
        self.injected = np.array([is_instruction(t) for t in texts], dtype=bool)
        self.window_terms: list[list[set[str]]] = []
        for p, spans in zip(passages, self.spans, strict=True):
            title = set(terms(p.chunk.title))
            sent_terms = [
                set() if is_instruction(p.chunk.text[a:b]) else set(terms(p.chunk.text[a:b]))
                for a, b in spans
            ]
            self.window_terms.append([
                title.union(*sent_terms[max(0, j - 1):j + 2]) for j in range(len(spans))
            ])

    def support(self, vec: np.ndarray, claim_terms: set[str], cited: Sequence[int]) -> Support:
        """Support of a claim (its vector and terms) by the passages it cites: the best
        of the cited passages, each judged on its closest sentence and that sentence's
        neighbours (so a claim can't borrow one word from each of five passages)."""
        best = Support(0.0, -1, None)
        for i in (i for i in dict.fromkeys(cited) if 0 <= i < len(self.passages)):
            sims = self.vectors[self.offsets[i]:self.offsets[i + 1]] @ vec
            sims = np.where(self.injected[self.offsets[i]:self.offsets[i + 1]], -1.0, sims)
            j = int(np.argmax(sims))
            cos = max(0.0, float(sims[j]))
            if claim_terms:
                window = self.window_terms[i][j]
                score = 0.5 * cos + 0.5 * len(claim_terms & window) / len(claim_terms)
            else:
                score = cos
            if best.passage < 0 or score > best.score:
                best = Support(round(min(1.0, score), 3), i, self.spans[i][j])
        return best

    def best(self, vec: np.ndarray, claim_terms: set[str]) -> Support:
        """The single passage that best supports a claim nobody cited."""
        scored = [self.support(vec, claim_terms, [i]) for i in range(len(self.passages))]
        return max(scored, key=lambda s: s.score, default=Support(0.0, -1, None))
