"""The event phrases a news question names, trimmed to the event: "the ferry vote in
these articles" -> "ferry vote"; "the day the dredging began" -> "the dredging began";
"its completion", after it, -> "completion of the dredging"."""

from __future__ import annotations

import re

_TAIL = re.compile(r"\s+(?:happen(?:ed)?|take\s+place|took\s+place|occur(?:red)?)$", re.I)
# "... in these articles", "... in the reports": where to look, not what is asked about
_WHERE = re.compile(r"\s+(?:in|among|across)\s+(?:these|the|those|all\s+the)\s+"
                    r"(?:articles|reports|stories|pieces)$", re.I)
# "..., according to the Reuters report on X": where it is said, not what is asked about
_SAID_WHERE = re.compile(r",\s*(?:according\s+to|as\s+(?:reported|told)\s+(?:by|in))\s+[^,]{3,80}$",
                         re.I)
# "... with Biden before talking to Xi": a clause placing the event by another one
# describes which event is meant; the date asked is the event's own (a bare "after
# signing" is too little to place it by, and stays)
# "... with Biden that came before his talk with Xi": a relative clause does the same
_PLACED_BY = re.compile(r"(?:,\s*|\s+)(?:(?:before|after)\s+[a-z]+ing\s+[^,;\s][^,;]{0,80}|"
                        r"(?:that|which)\s+(?:came|happened|took\s+place|was\s+held)\s+"
                        r"(?:just\s+|shortly\s+)?(?:before|after)\s+[^,;\s][^,;]{2,80})$", re.I)
# "What was the first day the ban applied?", "the last day of the Games": when it began
# or ended, asked as a date
_EDGE_DAY = re.compile(r"^(?:what|which)\s+(?:was|is|will\s+be)\s+the\s+(?P<edge>first|last|final|"
                       r"opening|closing)\s+(?:full\s+)?day\s+(?:of\s+|that\s+|when\s+|on\s+which\s+)?"
                       r"(?P<x>.{3,})$", re.I)
_THE_DAY = re.compile(r"^(?:the\s+)?(?:day|date|moment|time)\s+(?:that\s+|when\s+)?", re.I)
_ENDS_OF = re.compile(r"^(?:the\s+)?(?:start|beginning|opening|launch|end)\s+of\s+", re.I)
_ENDS = re.compile(r"\s+(?:began|started|opened|launched|ended|finished|closed)$", re.I)


def clean(part: str) -> str:
    """The event alone: no "in these articles", "according to …", "happened" or "before
    talking to Xi"."""
    part = _SAID_WHERE.sub("", _WHERE.sub("", part.strip(" ?.!,;:\"'")))
    placed = _PLACED_BY.sub("", part)
    part = placed if len(placed.split()) >= 4 else part
    return _TAIL.sub("", part).removeprefix("the ").strip()


def edge_day(question: str) -> str:
    """"What was the first day the ban applied" -> "what day the ban applied began"."""
    if m := _EDGE_DAY.match(question):
        began = m.group("edge").lower() in ("first", "opening")
        return f"what day {m.group('x')} {'began' if began else 'ended'}"
    return question


def the_day(part: str) -> str:
    """"the day the dredging began" -> "the dredging began"."""
    return _THE_DAY.sub("", part)


def its(a: str, b: str) -> str:
    """"it was completed", "its completion" after "the dredging began": of the dredging."""
    subject = _ENDS.sub("", _ENDS_OF.sub("", a))
    if m := re.match(r"its\s+(?P<x>.+)$", b, re.I):
        return f"{m.group('x')} of {subject}"
    return re.sub(r"^it\b", subject, b, flags=re.I)
