"""Why-questions answered with a cause. A small model (and the quoting answerer) often
answers "Why did Australia and Canada boycott the Games?" with the sentence saying they
boycotted them: what the question takes for granted, not why. When no sentence of an
answer gives a cause, the retrieved sentence that does ("… because of China's human
rights record") and holds most of the question's own words is quoted after it, cited."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from rag.answer.extractive import join_sentences, to_citation
from rag.answer.swapped import retrieved_sentences
from rag.retrieval.hybrid import Passage
from rag.schema import Answer, AnswerSentence, is_declined
from rag.text import forms, has_form, terms

_WHY = re.compile(r"^\W*(?:and\s+|so\s+|but\s+)?(?:why\b|how\s+come\b|for\s+what\s+reasons?\b|"
                  r"what\s+(?:was|were|is|are)\s+the\s+reasons?\b|what\s+reasons?\b)", re.I)
# words that give a cause ("over" only with a worry: "over three hours" is no cause)
_CAUSE = re.compile(r"\b(?:because|due\s+to|owing\s+to|in\s+response\s+to|as\s+(?:a\s+)?"
                    r"punishment|in\s+protest|as\s+a\s+result\s+of|in\s+retaliation|citing|"
                    r"on\s+the\s+grounds|over\s+(?:concerns?|fears?|worries)|so\s+that|"
                    r"in\s+order\s+to|reasons?)\b", re.I)
_ASKING = {"why", "come", "reason", "reasons", "give", "gave", "did", "does", "do", "was",
           "were", "decide", "decided"}
SHARE = 0.4  # of the question's own words the cause's sentence must hold


def with_reason(answer: Answer, question: str, passages: Sequence[Passage],
                embed: Callable[[list[str]], np.ndarray]) -> Answer:
    """The answer, with the retrieved sentence giving the cause quoted after it when
    the question asks why and none of its sentences gives one (of those holding enough
    of its words, the closest in meaning)."""
    if not _WHY.match(question) or answer.corrects_premise or is_declined(answer) \
            or not answer.citations or any(_CAUSE.search(s.text) for s in answer.sentences):
        return answer
    want = set(terms(question)) - _ASKING
    if not want:
        return answer
    said = {" ".join((c.quote or "").split()) for c in answer.citations}
    found = []
    for n, span, text in retrieved_sentences(passages):
        if not _CAUSE.search(text) or " ".join(text.split()) in said:
            continue
        have = set(terms(text))
        keys = forms(have)
        if sum(t in have or has_form(t, keys) for t in want) >= SHARE * len(want):
            found.append((n, span, text))
    if not found:
        return answer
    vectors = embed([question, *(text for _, _, text in found)])
    n, span, text = found[int(np.argmax(vectors[1:] @ vectors[0]))]
    cite = to_citation(passages[n], len(answer.citations) + 1)
    cite.quote, (cite.quote_start, cite.quote_end) = text, span
    reason = AnswerSentence(text=text, citations=[cite.n], supported=True, support=1.0)
    sentences = [*answer.sentences, reason]
    return answer.model_copy(update={"sentences": sentences, "text": join_sentences(sentences),
                                     "citations": [*answer.citations, cite]})
