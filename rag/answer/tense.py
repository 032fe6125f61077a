"""A past event asked about, a plan given: "What did the review conclude?" answered
"The review will be carried out by Ferris Blackwood and is due to report in January"
says the thing asked about has not happened in the articles; it is no answer.

Only sentences that state nothing in the past count as plans: "the ban will stay until
October, the company said" and "has already voted to re-admit them, which will let
them compete" report something done."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.text import FUTURE, PAST, PLAN

_ASKS_PAST = re.compile(r"\bdid\b", re.IGNORECASE)
# "will be carried out", "has been approved": a participle after "be", not an event
_AFTER_BE = re.compile(r"\b(?:be|been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# "as they did at the Tokyo Olympics", "the crowd was 300": the past in its auxiliaries
_WAS = re.compile(r"\b(?:did|was|were|had)\b", re.IGNORECASE)


def _states_past(sentence: str) -> bool:
    plans = [m.span() for m in PLAN.finditer(sentence)]
    return bool(_WAS.search(sentence)) or any(
        not any(a <= m.start() < b for a, b in plans)
        and not _AFTER_BE.search(sentence[max(0, m.start() - 24):m.start()])
        for m in PAST.finditer(sentence))


_DONE = re.compile(r"\b(?:has|have)\s+been\b", re.IGNORECASE)  # "has been in force since"
# "Who was expected to get his chance?": a past expectation asks about a plan
_WAS_PLANNED = re.compile(r"\b(?:expected|due|set|scheduled|planned|supposed|going|meant|"
                          r"likely)\s+to\b", re.IGNORECASE)


# "Which firm was hired to carry out the review?": the question's own verb in the
# infinitive, what the chosen one is to do
_TO_DO = re.compile(r"\bto\s+(?!be\b|have\b)([a-z]{4,})", re.IGNORECASE)
_PLANNED_VERB = re.compile(r"^(?:\s+(?:be|have|been|not|\w+ly))*\s+([a-z]{4,})", re.IGNORECASE)


def _plans_the_asked_deed(question: str, quote: str) -> bool:
    """Does the plan name who will do what the question asks who was chosen to do
    ("The review will be carried out by Ferris Blackwood")? The choice is made."""
    asked = {m.group(1)[:4].lower() for m in _TO_DO.finditer(question)}
    for m in PLAN.finditer(quote):
        verb = _PLANNED_VERB.match(quote[m.end():])
        if verb and verb.group(1)[:4].lower() in asked:
            return True
    return False


# "Who scored the Gulls' goal in the final?": a past verb right after "who"
_WHO_DID = re.compile(r"^\W*(?:and\s+|so\s+)?who\s+(\w+)\b", re.IGNORECASE)


def _asks_past(question: str) -> bool:
    did = _WHO_DID.match(question)
    return bool(_WAS.search(question) or did and PAST.fullmatch(did.group(1)))


def planned_cited(question: str, quotes: Sequence[str]) -> bool:
    """Does an answer to a question about the past ("Who was judged to have won the
    second debate?", "Who scored in the final?") cite only plans ("A second debate will
    be held on October 7")? What it says happened, its sources do not."""
    if not _asks_past(question) or FUTURE.search(question) or not quotes \
            or _WAS_PLANNED.search(question):
        return False
    return all(PLAN.search(q) and not _states_past(q) and not _DONE.search(q)
               and not _plans_the_asked_deed(question, q) for q in quotes)


def planned_only(question: str, sentences: Sequence[str]) -> bool:
    """Does a question about a past event ("what did … conclude?") get only plans?"""
    if not _ASKS_PAST.search(question) or FUTURE.search(question) or not sentences:
        return False
    return all(PLAN.search(s) and not _states_past(s) for s in sentences)
