"""Does an answer give what the question asks for? "How many …?" needs a number the
question doesn't already give, "Who won …?" a name it doesn't already use, "On what
date …?" a day. An answer that only restates the question ("Harbourton won the
derby") answers nothing, whatever its grounding. Both answerers ask this."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from rag.answer.days import INTERVAL, LENGTH_UNIT
from rag.answer.grounding import NOT_NAMES, YEAR, numbers
from rag.answer.tense import planned_only
from rag.text import NO_COUNT

ASKS_AMOUNT = re.compile(
    r"\bhow\s+(?:many|much|long|old|far|deep|tall|high|big|large|often)\b"
    r"|\bwhat\s+(?:percentage|proportion|share|number|amount|sum|age)\b"
    # "What was the vote count?", "what's the final tally": a figure, in other words
    r"|\bwhat(?:'s|’s|\s+(?:was|were|is|are))\s+the\s+(?:\w+\s+)?(?:count|tally|margin|"
    r"majority|turnout|attendance|total)\b", re.IGNORECASE)


# "Who won / scored / chairs ...?" and "in which city ...?" ask for a name ("Who is X?"
# asks about X); "which countries / cruise lines / athlete …": things named
_ASKS_WHO = re.compile(r"^\W*(?:and\s+|so\s+)?who\s+(?!(?:is|was|are|were|'s|’s)\b)\w"
                       r"|\b(?:which|what)\s+(?:\w+\s+)?(?:city|cities|towns?|country|"
                       r"countries|villages?|ports?|venues?|county|counties|regions?|"
                       r"nations?|stadiums?|grounds?|lines|compan(?:y|ies)|firms?|clubs?|"
                       r"teams?|outlets?|newspapers?|papers|athletes?|players?|"
                       r"organi[sz]ations?|candidates?|councillors?)\b", re.IGNORECASE)
_COUNT_WORD = re.compile(r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                         r"twelve|several|many|few|dozens|hundreds|some|most|all)", re.I)
_VAGUE = re.compile(r"\b(?:dozens|scores|hundreds|thousands|millions|billions|several|"
                    r"a\s+handful|a\s+few|a\s+couple|a\s+dozen)\b", re.IGNORECASE)


# "on what date", "what was the exact date", "which day(s)": a day is asked for, and an
# answer needs some day or month to give it (a weekday, "yesterday", "July 9", "2021-12-15")
_ASKS_DATE = re.compile(r"\b(?:what|which)\s+(?:exact\s+|precise\s+)?(?:date|day)s?\b"
                        r"(?!\s+of\s+the\s+week)", re.IGNORECASE)
_A_DAY = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight|tomorrow|"
    r"last\s+night|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"\b\d{1,2}(?:st|nd|rd|th)\b|\d{4}-\d\d-\d\d", re.IGNORECASE)
_EXACT = re.compile(r"\b(?:exact(?:ly)?|precise(?:ly)?|specific(?:ally)?)\b", re.IGNORECASE)


_ASKS_SPAN = re.compile(rf"^\W*how\s+(?:long|many\s+{LENGTH_UNIT})\b(?!.*\b(?:after|before|"
                        r"since|ago|later|earlier|between|until|till|apart)\b)", re.IGNORECASE)
_NEXT_ASK = re.compile(r",?\s+and\s+(?=(?:what|who|whom|which|why|how|when|where)\b)", re.I)
# "How long will the promenade be shut?" - "until at least the end of February": how long
# a thing lasts, given by when it ends
_UNTIL = re.compile(r"\b(?:until|till)\s+(?:at\s+least\s+|about\s+|around\s+)?(?:the\s+(?:end|"
                    r"start|middle|beginning)\s+of\s+)?(?:next\b|the\s+following\b|\d|"
                    + _A_DAY.pattern + ")", re.IGNORECASE)


# "Russian", "Chinese", "Scottish": a people's adjective names no city, venue or person
_DEMONYM = re.compile(r"(?:ian|ese|ish)$")


def _same_name(a: str, b: str) -> bool:
    """"China" in an answer to "which Chinese city?": one name in two forms (all but the
    last two letters of the shorter shared, four at least)."""
    n = len(os.path.commonprefix([a, b]))
    return n >= 4 and n >= min(len(a), len(b)) - 2


# "Strand & Keel Engineering beat three bidders" names the question's Strand & Keel
_QS_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:&|and|of)\s+[A-Z][a-z]+|\s+[A-Z][a-z]+)+")


def _theirs(run: str, asked: set[str]) -> str:
    """A name run most of whose words the question uses, blanked: not someone new."""
    words = [w for w in re.findall(r"[A-Z][a-z]+", run) if w not in NOT_NAMES]
    return " " if 2 * sum(w.lower() in asked for w in words) > len(words) else run


def gives_asked_value(question: str, sentences: Sequence[str], partial: bool = False) -> bool:
    """False when the question asks for an amount ("how many", "how long") and no
    sentence states a number the question doesn't already give, or asks who did
    something and no sentence names anyone the question doesn't already name (an
    answer that only restates the question: "Harbourton won the derby"). With
    `partial`, a question asking two things ("How many …, and what …?") is answered
    when either part is (the quoting answerer answers each part on its own instead)."""
    parts = _NEXT_ASK.split(question) if partial else [question]
    if len(parts) > 1:
        return any(gives_asked_value(p, sentences) for p in parts if p.strip())
    if planned_only(question, sentences):
        return False  # "What did the review conclude?" - "it is due to report in January"
    if _ASKS_WHO.search(question) and not re.search(r"\bor\b", question, re.IGNORECASE):
        asked = {w.lower() for w in re.findall(r"\w+", question)}
        # any capitalised word counts, the first of a sentence too ("Pryce said …")
        named = {w for s in sentences for w in re.findall(r"\b[A-Z][a-z]+", _QS_NAME.sub(
            lambda m: _theirs(m.group(), asked), s)) if not _COUNT_WORD.fullmatch(w)} - NOT_NAMES
        if not any(n.lower() not in asked and not _DEMONYM.search(n)
                   and not any(_same_name(n.lower(), a) for a in asked) for n in named):
            return False
    if _ASKS_DATE.search(question) and not any(_A_DAY.search(s) for s in sentences):
        return False  # "On what date will the board meet?" - "when they meet next week"
    if not ASKS_AMOUNT.search(question):
        return True
    if not _EXACT.search(question) and any(
            _VAGUE.search(s) and not _VAGUE.search(question) for s in sentences):
        return True  # "tens of thousands of troops", "dozens more": an amount, in words
    if re.search(r"\bhow\s+many\b", question, re.I) and any(NO_COUNT.search(s) for s in sentences):
        return True  # "How many were arrested?" - "No arrests were made": none is a count
    if re.match(r"^\W*how\s+long\b", question, re.I) and any(_UNTIL.search(s) for s in sentences):
        return True
    given = numbers(question)
    if _ASKS_SPAN.search(question):  # "how long did the visit last?": "eight days after"
        sentences = [INTERVAL.sub(" ", s) for s in sentences]  # dates it, it is no length
    if not re.search(r"\bhow\s+(?:long|old)\b|\byears?\b", question, re.IGNORECASE):
        # "How many medals?" answered "banned from the 2016 Games": a year is no count
        given |= {n for s in sentences for n in numbers(s) if YEAR.fullmatch(n)}
    return any(numbers(s, source=True) - given for s in sentences)
