"""Yes/no answers that only restate the question ("Yes, China threatened the countries
boycotting the games. [1]") say nothing the reader can check in the answer itself: the
sentence they cite, which holds the evidence ("… saying they will pay the price for the
erroneous action"), is quoted after them."""

from __future__ import annotations

import re

from rag.answer.citations import strip_markers
from rag.answer.extractive import join_sentences
from rag.answer.grounding import REPLY_WORDS
from rag.schema import Answer, AnswerSentence, is_declined
from rag.text import forms, has_form, terms

_YES_NO = re.compile(r"^\W*(?:and\s+|so\s+|but\s+)?(?:did|does|do|is|are|was|were|has|have|had|"
                     r"will|would|can|could)\b", re.I)
_SAYS = re.compile(r"^\W*(?:yes|no)\b", re.I)


def with_evidence(answer: Answer, question: str) -> Answer:
    """The answer, with each restating yes/no sentence's cited quote after it (once)."""
    if not _YES_NO.match(question) or answer.corrects_premise or is_declined(answer):
        return answer
    asked = set(terms(question)) | REPLY_WORDS
    keys = forms(asked)
    sentences: list[AnswerSentence] = []
    changed = False
    for s in answer.sentences:
        sentences.append(s)
        if not _SAYS.match(s.text) or len(s.citations) != 1:
            continue
        own = set(terms(strip_markers(s.text)))
        cite = answer.citation(s.citations[0])
        if cite is None or not cite.quote or any(t not in asked and not has_form(t, keys)
                                                 for t in own):
            continue
        quote = " ".join(cite.quote.split())
        if quote not in " ".join(answer.text.split()):
            sentences.append(AnswerSentence(text=f"\u201c{quote}\u201d", citations=[cite.n],
                                            supported=True, support=1.0))
            changed = True
    if not changed:
        return answer
    return answer.model_copy(update={"sentences": sentences, "text": join_sentences(sentences)})
