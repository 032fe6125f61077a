"""Who-questions answered by a sentence that names its subject only by what they are
("The Green and Harbour candidate won 18,412 votes", "The 24-year-old scored twice"):
the sentence before it in the passage, which names them ("Hattie Lindqvist has been
elected mayor"), is quoted first, cited, so the answer says who."""

from __future__ import annotations

import re

from rag.answer.extractive import join_sentences
from rag.answer.presumed import PERSON
from rag.schema import Answer, AnswerSentence, is_declined
from rag.text import sentence_spans

_WHO = re.compile(r"^\W*(?:and\s+|so\s+|ok\s+|okay\s+)?who\b", re.I)
# a subject that says what someone is, not who: "The Green and Harbour candidate", "She"
_DESCRIBED = re.compile(
    r"^\W*(?:(?:The|This|That)\s+(?:[\w&'’-]+\s+){0,4}?(?:candidate|councillor|striker|"
    r"player|midfielder|defender|goalkeeper|manager|coach|chair|chairman|chairwoman|mayor|"
    r"minister|president|leader|official|spokesman|spokeswoman|spokesperson|woman|man|"
    r"teenager|winner|\d+-year-old)|He|She)\b")


def with_named(answer: Answer, question: str) -> Answer:
    """The answer, with the sentence naming whom its lead quote describes quoted before
    it, when a who-question's lead cites such a sentence."""
    if not _WHO.match(question) or answer.corrects_premise or is_declined(answer) \
            or not answer.sentences or not answer.sentences[0].citations:
        return answer
    lead = answer.sentences[0]
    cite = answer.citation(lead.citations[0])
    if cite is None or not cite.quote or not _DESCRIBED.match(cite.quote) \
            or cite.quote_start is None:
        return answer
    before = sentence_spans(cite.snippet, 0, cite.quote_start)
    if not before:
        return answer
    said = cite.snippet[before[-1][0]:before[-1][1]]
    if not PERSON.search(said) or said in answer.text:
        return answer
    named = AnswerSentence(text=said, citations=[cite.n], supported=True, support=1.0)
    sentences = [named, *answer.sentences]
    return answer.model_copy(update={"sentences": sentences, "text": join_sentences(sentences)})
