"""Another day for the same thing: a premise's weekday or month against the one the
closest sentence gives ("chose a Sunday" where it "reopened on Saturday")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.contest import gives_split, unanimous

__all__ = ["INTERVAL", "LENGTH_UNIT", "MONTH_WORD", "Correcting", "correcting", "other_day",
           "other_length", "states_length"]

_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"  # and "Marlow"
_MONTH = re.compile(rf"\b{MONTH_WORD}"
                    r"(?=[\s,;'’]|$)", re.IGNORECASE)


def other_day(premise: str, source: str) -> bool:
    """Does the sentence closest to a premise give another weekday or month for it
    ("chose a Sunday" where it "reopened on Saturday"), and never the premise's own?"""
    for find in (_weekdays, _months):
        mine, theirs = find(premise), find(source)
        if mine and theirs and not mine & theirs:
            return True
    return False


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def other_year(premise: str, source: str, texts: list[str]) -> bool:
    """Does the sentence closest to a premise give another year ("the 2018 Pyeongchang
    Games" for "the 2010 Vancouver Games"), where no retrieved passage gives the
    premise's year at all (a year they do give may be another event's, rightly asked)?"""
    mine, theirs = set(_YEAR.findall(premise)), set(_YEAR.findall(source))
    return bool(mine and theirs and not mine & theirs) and not any(
        y in t for t in texts for y in mine)


def _weekdays(text: str) -> set[str]:
    return {m.group(0).lower() for m in _WEEKDAY.finditer(text)}


def _months(text: str) -> set[str]:
    """Month names (full or abbreviated), as their first three letters; "May" only
    before a day or year, since it is also a verb."""
    out = set()
    for m in _MONTH.finditer(text):
        word = m.group(0).rstrip(".").lower()
        key = word[:3]  # `_MONTH` starts with a month's three letters; "Marlow" is none
        if len(word) > 3 and not _is_month(word):
            continue
        if key == "may" and not re.match(r"\s+\d", text[m.end():]) and \
                not re.search(r"\d\s*$", text[:m.start()]):
            continue
        out.add(key)
    return out


def _is_month(word: str) -> bool:
    return word in {"january", "february", "march", "april", "june", "july", "august",
                    "september", "sept", "october", "november", "december"}


LENGTH_UNIT = r"(?:days?|weeks?|months?|years?|hours?|minutes?)"
# "eight days after the call": that dates something; it is no length
INTERVAL = re.compile(rf"\b[\w-]+\s+{LENGTH_UNIT}\s+(?:after|before|later|earlier|ago)\b",
                      re.IGNORECASE)
# "two full hours", "three whole days": a length with a word for how full it was
_FULL = r"(?:\s+(?:full|whole|entire|solid|straight))?"
_LENGTH = re.compile(rf"\b(?:half\s+an?|an?|\d[\d,.]*|one|two|three|four|five|six|seven|"
                     rf"eight|nine|ten|eleven|twelve|several|a\s+few){_FULL}[\s-]+{LENGTH_UNIT}\b",
                     re.IGNORECASE)


def states_length(text: str) -> bool:
    """Does the text say how long something lasted ("90 minutes", "half an hour"),
    an interval ("eight days after") aside?"""
    return bool(_LENGTH.search(INTERVAL.sub(" ", text)))


_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
           "fifty": 50, "sixty": 60, "ninety": 90}
_MINUTES = {"minute": 1, "hour": 60, "day": 1440, "week": 10080, "month": 43800,
            "year": 525600}
_SPAN = re.compile(r"\b(?:(?P<half>half\s+an?)|(?P<n>\d[\d,.]*|[a-z]+(?:-[a-z]+)?))" + _FULL +
                   r"[\s-]+(?P<unit>minute|hour|day|week|month|year)s?"
                   r"(?P<more>\s+and\s+a\s+half)?\b", re.IGNORECASE)


def lengths(text: str) -> set[float]:
    """The lengths a text states, in minutes ("half an hour": 30, "an hour and a half":
    90, "90 minutes": 90); intervals ("eight days after") and vague ones ("a few
    hours") aside."""
    out = set()
    for m in _SPAN.finditer(INTERVAL.sub(" ", text)):
        if m.group("half"):
            count = 0.5
        else:
            word = m.group("n").lower().replace(",", "")
            try:
                count = float(word)
            except ValueError:
                if word not in _COUNTS:
                    continue
                count = _COUNTS[word]
        out.add((count + (0.5 if m.group("more") else 0)) * _MINUTES[m.group("unit").lower()])
    return out


def other_length(premise: str, source: str) -> bool:
    """Does the sentence closest to a premise give another length ("lasted 90 minutes"
    against "only half an hour"), and never the premise's own (within a tenth)?"""
    mine, theirs = lengths(premise), lengths(source)
    return bool(mine and theirs) and not any(
        abs(a - b) <= 0.1 * max(a, b) for a in mine for b in theirs)


@dataclass(frozen=True)
class Correcting:
    """What a sentence must state to correct a premise that gives a length ("only half an
    hour" against "lasted 90 minutes") or a day (`day`: "lifted in August" against
    "unlikely before October"). A day is another event's in another article, so the
    caller looks for one only in the article of the sentence closest to the premise."""

    premise: str
    day: bool
    vote: bool = False  # "unanimously": a sentence giving the vote's count corrects it

    def __call__(self, sentence: str) -> bool:
        if self.vote:
            return gives_split(sentence)
        return other_day(self.premise, sentence) if self.day else states_length(sentence)


def correcting(premise: str) -> Correcting | None:
    """The check for a premise that gives a length, a day or a unanimous vote; None for
    any other."""
    if unanimous(premise):
        return Correcting(premise, day=False, vote=True)
    if states_length(premise):
        return Correcting(premise, day=False)
    if _weekdays(premise) or _months(premise):
        return Correcting(premise, day=True)
    return None
