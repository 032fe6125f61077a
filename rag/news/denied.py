"""A yes/no question the articles dispute: "Did Russia run a state doping programme?"
answered yes from "Russia was found to have used a state-backed doping programme",
while another sentence says "Russia denies having set up a state doping system". The
answer then gives both, cited, instead of one side as settled fact.

A denial counts only when it holds most of the question's words that the answer's
cited sentence holds (what is denied is what the answer asserts), and is not a sentence
the answer already cites."""

from __future__ import annotations

import re

from rag.news.coverage import covered
from rag.news.disagree import Reply, reply_of, weighs_versions
from rag.news.index import NewsIndex
from rag.schema import Answer, is_declined
from rag.text import YES_NO, sentence_spans, terms

SHARED = 0.6  # share of those words a denial must hold
# "denies running …", "rejects the allegations"; not "rejected the boycott"
_DENIAL = re.compile(r"\b(?:den(?:y|ies|ied|ying|ial)\b|(?:rejects|rejected|disputes|disputed)"
                     r"\s+(?:the\s+|these\s+|those\s+|such\s+)?(?:allegations?|claims?|"
                     r"accusations?|charges?|suggestions?|reports?)\b)", re.I)
_NO = re.compile(r"^\W*no\b", re.I)
# "…, according to the articles?": where to look, not what is asked
_WHERE = set(terms("according articles article reports report say says coverage"))


def denied(question: str, answer: Answer, index: NewsIndex) -> Reply | None:
    """The answer's cited sentence and a denial of it, as differing reports; else None."""
    if not YES_NO.match(question) or is_declined(answer) or not answer.citations \
            or _NO.match(answer.text) or answer.corrects_premise or weighs_versions(question):
        return None
    first = answer.citations[0]
    if first.quote_start is None or first.quote_end is None:
        return None
    cited = (first.source, (first.start + first.quote_start, first.start + first.quote_end))
    # what the answer rests on: the question's words its cited sentence holds
    said = set(terms(first.snippet[first.quote_start:first.quote_end]))
    wanted = {w for w in set(terms(question)) - _WHERE if covered({w}, said)}
    if len(wanted) < 2:
        return None
    quoted = {(c.source, c.start + (c.quote_start or 0)) for c in answer.citations}
    best: tuple[float, str, tuple[int, int]] | None = None
    for source, text in index.texts.items():
        if not _DENIAL.search(text):
            continue  # most articles deny nothing: no need to split them
        for a, b in sentence_spans(text):
            if (source, a) in quoted or not _DENIAL.search(text[a:b]):
                continue
            share = covered(wanted, set(terms(text[a:b])))  # "program", "programme"
            if share >= SHARED and (best is None or share > best[0]):
                best = (share, source, (a, b))
    if best is None:
        return None
    return reply_of(index, [cited, (best[1], best[2])], "The reports differ")
