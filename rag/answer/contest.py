"""Who won, and by how much: a premise that someone won ("After Rosalind Tench won her
third term, …") is corrected by a sentence that has them lose ("…, ending Rosalind
Tench's eight years in office"), and one that all voted for something ("Why did every
councillor vote for the budget?") by a split vote ("by eight votes to three"): neither
is an opposite word pair."""

from __future__ import annotations

import re

# a winner named at the premise's start: "Rosalind Tench won …", "mayor Rosalind Tench kept …"
_WINNER = re.compile(r"^(?:[a-z][\w-]*\s+){0,3}(?P<a>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)\s+"
                    r"(?:won|wins|has\s+won|had\s+won|was\s+(?:re-?)?elected|retained|kept|"
                    r"held\s+on\s+to|clinched|secured|beat|defeated|was\s+sworn\s+in|"
                    r"took\s+office)\b")  # sworn in: a win taken for granted


def lost_by(premise: str, source: str) -> bool:
    """Does the source have the premise's winner lose (the contest ended for them, or
    someone finished ahead of them)?"""
    m = _WINNER.match(premise)
    if m is None:
        return False
    # a win in a year the source doesn't name ("re-elected in 2021") is not undone by a
    # later loss ("…, ending Rosalind Tench's eight years in office")
    if (years := re.findall(r"\b(?:19|20)\d\d\b", premise)) and not any(y in source for y in years):
        return False
    name = re.escape(m.group("a").split()[-1])
    return bool(re.search(
        rf"\b(?:ending|ended|ends|ahead\s+of|defeat(?:ed|ing|s)?|beat(?:ing|s)?|"
        rf"unseat(?:ed|ing|s)?|oust(?:ed|ing|s)?|toppl(?:ed|ing|es)|replac(?:ed|ing|es))\s+"
        rf"(?:[\w-]+\s+){{0,2}}{name}\b|\b{name}\s+(?:lost|was\s+defeated|was\s+beaten|"
        rf"was\s+unseated|was\s+ousted|conceded)\b", source))


_ALL = re.compile(r"\b(?:every|all|unanimous(?:ly)?|everyone|everybody)\b", re.I)
_VOTE = re.compile(r"\b(?:vot\w*|backed|approved|supported|agreed|passed|elected)\b", re.I)
_N = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_SPLIT = re.compile(rf"\b{_N}\s+votes?\s+to\s+(?!(?:0|nil|none)\b){_N}\b|"
                    rf"\b{_N}\s+in\s+favour\s+and\s+(?!(?:0|none)\b){_N}\s+against\b|"
                    rf"\bvoted\s+(?:\d+|{_N})\s*-\s*(?!0\b)\d+\b", re.I)


def unanimous(premise: str) -> bool:
    """Does the premise say all voted one way ("every councillor voted for it", "the
    committee unanimously threw it out")?"""
    return bool(_ALL.search(premise) and (_VOTE.search(premise)
                                          or re.search(r"\bunanimous", premise, re.I)))


def gives_split(source: str) -> bool:
    """Does the source give a vote with some against ("by five votes to two")?"""
    return bool(_SPLIT.search(source))


def split_vote(premise: str, source: str) -> bool:
    """Does the premise say all voted one way, and the source give a vote with some
    against ("by eight votes to three")?"""
    return unanimous(premise) and gives_split(source)
