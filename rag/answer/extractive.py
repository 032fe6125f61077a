"""The offline answerer: quote the 1-3 article sentences that best answer the
question, each with its `[n]`, or decline when the evidence is weak.

A sentence's score mixes meaning (cosine to the question) with coverage: the share
of the question's rare terms (idf-weighted) found in the sentence or the passage
around it. Words the articles never use count fully against coverage, which is
what makes "who won the downhill?" a decline rather than a near miss.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rag.answer.asked import gives_asked_value
from rag.retrieval.hybrid import Passage
from rag.schema import Answer, AnswerSentence, Citation
from rag.text import CHAT_WORDS, NO_COUNT, sentence_spans, terms

DECLINE = "The articles don't say: none of the passages I found answers this question."

_WHEN = re.compile(r"^\s*(when|what (year|date|day|month|time))\b", re.I)
_HOW_MANY = re.compile(r"^\s*how (many|much|long|old)\b", re.I)
_DATE_WORDS = re.compile(
    r"\b(\d{4}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|january|february|march|april|"
    r"june|july|august|september|october|november|december|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|today|yesterday|week|month|year|spring|summer|autumn|"
    r"winter)\b",
    re.I,
)
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|dozen)\b",
    re.I,
)

Embed = Callable[[list[str]], np.ndarray]
Idf = Callable[[str], float]


@dataclass
class Candidate:
    passage: int
    start: int
    end: int
    text: str
    sim: float = 0.0
    coverage: float = 0.0
    score: float = 0.0
    terms: frozenset[str] | set[str] = frozenset()


def answer_extractively(
    question: str,
    qvec: np.ndarray,
    passages: Sequence[Passage],
    embed: Embed,
    idf: Idf,
    min_support: float = 0.5,
    max_sentences: int = 3,
) -> Answer:
    """Pick supporting sentences from the passages, or decline."""
    related = numbered(passages)
    ranked, weights = rank_sentences(question, qvec, passages, embed, idf)
    if not ranked:
        return declined(question, related)
    total = sum(weights.values()) or 1.0
    best = ranked[0]
    # A sentence that is strong overall (meaning and coverage together) may leave a
    # little more of the question uncovered: false premises word things differently.
    slack = 0.1 if best.score >= 0.5 else 0.0
    if best.coverage < min_support - slack or best.sim < 0.25 or best.score < 0.4:
        return declined(question, related)
    chosen = [best]
    covered = set(best.terms)
    for cand in ranked[1:]:
        if len(chosen) >= max_sentences or cand.score < 0.7 * best.score:
            break
        # Close runners-up join; weaker ones only if they answer another part of the
        # question (terms the chosen sentences don't have), as "X, and Y?" needs.
        gain = sum(w for t, w in weights.items() if t in cand.terms - covered) / total
        close = cand.score >= 0.85 * best.score
        if (close or gain >= 0.15) and all(_distinct(cand, c) for c in chosen):
            chosen.append(cand)
            covered |= cand.terms
    if not gives_asked_value(question, [c.text for c in chosen]):
        # "How many Chinese athletes?" met by a sentence with no count, or only one the
        # question gives: a near miss, as for the model's answers
        return declined(question, related)
    return _compose(question, chosen, passages, related)


def rank_sentences(
    question: str, qvec: np.ndarray, passages: Sequence[Passage], embed: Embed, idf: Idf,
) -> tuple[list[Candidate], dict[str, float]]:
    """Every sentence of the passages, best answer first, with its meaning (cosine),
    coverage of the question's idf-weighted terms, and score; plus those weights."""
    cands = _candidates(passages, bylines=bool(_WRITER.search(question)))
    qterms = set(terms(question)) - CHAT_WORDS  # "yo", "lol" ask for nothing
    if not cands or not qterms:
        return [], {}
    vectors = embed([c.text for c in cands])
    unseen = _unseen_idf(idf, passages)
    weights = {t: idf(t) or (0.5 * unseen if _is_value(t) else unseen) for t in qterms}
    total = sum(weights.values()) or 1.0
    passage_terms = [set(terms(f"{p.chunk.title} {p.chunk.text}")) for p in passages]
    for cand, vec in zip(cands, vectors, strict=True):
        own = set(terms(cand.text))
        cand.terms = own
        # Coverage counts terms in the sentence fully and in its passage at half weight.
        got = sum(
            w if t in own else (0.5 * w if t in passage_terms[cand.passage] else 0.0)
            for t, w in weights.items()
        )
        cand.coverage = got / total
        cand.sim = float(np.dot(vec, qvec))
        cand.score = 0.55 * cand.sim + 0.45 * cand.coverage - _type_penalty(question, cand.text)
    return sorted(cands, key=lambda c: -c.score), weights


def _is_value(term: str) -> bool:
    """Counts, number words, days and months: a question may get one wrong (a false
    premise) and still be about something the articles cover, unlike a name. Years
    are not values here: "the 2030 Games" names another event."""
    if re.fullmatch(r"1[89]\d\d|2\d\d\d", term):
        return False
    return bool(_NUMBER.fullmatch(term) or _DATE_WORDS.fullmatch(term) or term.isdigit())


# "By Kieran Boyce, Harbourton Evening Post" names the writer, not anyone in the story:
# offered as evidence, it answered "Who managed the club before Brannagh?"
_BYLINE = re.compile(r"^\s*By\s+[A-Z][^,|\n]{1,60}?\s*[,|–—-][^\n]{0,60}$")
_WRITER = re.compile(r"\b(?:wrote|write|writes|written|writer|author|byline|reporter|journalist|"
                     r"correspondent)s?\b", re.I)


def _candidates(passages: Sequence[Passage], bylines: bool = True) -> list[Candidate]:
    """The passages' sentences, once each; bylines only where the question asks who wrote."""
    seen: set[str] = set()
    out = []
    for i, p in enumerate(passages):
        for a, b in sentence_spans(p.chunk.text):
            text = p.chunk.text[a:b]
            key = " ".join(text.split()).lower()
            if key in seen or len(text.split()) < 4 or (not bylines and _BYLINE.match(text)):
                continue
            seen.add(key)
            out.append(Candidate(i, a, b, text))
    return out


def _unseen_idf(idf: Idf, passages: Sequence[Passage]) -> float:
    """A term no article uses weighs as much as the rarest term there is."""
    return max((idf(t) for p in passages[:1] for t in terms(p.chunk.text)), default=1.0) or 1.0


def _type_penalty(question: str, sentence: str) -> float:
    if _WHEN.search(question) and not _DATE_WORDS.search(sentence):
        return 0.15
    if _HOW_MANY.search(question) and not (_NUMBER.search(sentence) or NO_COUNT.search(sentence)):
        return 0.15
    return 0.0


def _distinct(a: Candidate, b: Candidate) -> bool:
    ta, tb = set(terms(a.text)), set(terms(b.text))
    overlap = len(ta & tb) / (min(len(ta), len(tb)) or 1)
    return overlap < 0.6


def _compose(
    question: str, chosen: list[Candidate], passages: Sequence[Passage], related: list[Citation]
) -> Answer:
    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    for cand in chosen:
        if cand.passage not in numbers:
            numbers[cand.passage] = len(numbers) + 1
            cite = to_citation(passages[cand.passage], numbers[cand.passage])
            cite.quote, cite.quote_start, cite.quote_end = cand.text, cand.start, cand.end
            citations.append(cite)
        n = numbers[cand.passage]
        sentences.append(AnswerSentence(text=cand.text, citations=[n], supported=True,
                                        support=round(min(1.0, cand.coverage), 3)))
    return Answer(question=question, text=join_sentences(sentences), supported=True,
                  citations=citations, sentences=sentences, passages=related)


def join_sentences(sentences: Sequence[AnswerSentence]) -> str:
    """Answer text: each sentence followed by its markers ("… [1][2]")."""
    return " ".join(
        f"{s.text} {''.join(f'[{n}]' for n in s.citations)}" if s.citations else s.text
        for s in sentences
    )


def declined(question: str, related: list[Citation], text: str = DECLINE) -> Answer:
    """The one decline every answerer returns: no citations, not supported, and its
    sentence marked `declined` (renderers read the flag, never the wording)."""
    return Answer(question=question, text=text, supported=False, citations=[],
                  sentences=[AnswerSentence(text=text, citations=[], supported=True,
                                            declined=True)],
                  passages=related)


def numbered(passages: Sequence[Passage]) -> list[Citation]:
    """The retrieved passages as citations 1..n (`Answer.passages`: what was found)."""
    return [to_citation(p, i + 1) for i, p in enumerate(passages)]


def to_citation(p: Passage, n: int) -> Citation:
    c = p.chunk
    return Citation(n=n, source=c.source, title=c.title, date=c.date, snippet=c.text,
                    score=round(p.score, 4), start=c.start, end=c.end, chunk_id=c.id)
