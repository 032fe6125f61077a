"""What a question asks of the news layer: a date ("when", "what year"), an order ("which
came first"), a distance ("how many days between A and B"), the earliest or latest article,
or coverage ("how many articles report X"). Only the question's frame words are read here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rag.news.coverage_frames import (
    AUX,
    BACK,
    COVERAGE,
    COVERED_BY,
    MORE_REPORT,
    OTHER,
    OUTLETS,
    SAYING,
    SET_ASIDE,
    THERE_MORE,
    in_passing,
    mentions,
    outlets_counted,
    topic_of,
)
from rag.news.phrases import clean as _clean
from rag.news.phrases import edge_day, its, the_day

_UNIT = r"(?P<unit>days?|weeks?|months?|years?)"
_FIRST = re.compile(  # "Going by the Jakarta report, which came first: A or B?" too
    r"^(?:[^,:?]{3,80},\s+)?(?:which|what)\s+(?:came|happened|was|occurred)\s+(?P<which>first|earlier|sooner|"
    r"last|later)\b[\s:,;-]*(?P<rest>.+)$", re.I)
_ROUGHLY = r"(?:about\s+|roughly\s+|exactly\s+|approximately\s+|just\s+)?"
_BETWEEN = re.compile(  # "How long did the Gulls have between A and B?" too
    rf"^{_ROUGHLY}how\s+(?:many\s+{_UNIT}|long|much\s+time)\s+"
    r"(?:passed\s+|elapsed\s+|went\s+by\s+|were\s+there\s+|was\s+it\s+|is\s+it\s+|"
    r"(?:did|does|do|will|would)\s+[^,?]{2,40}?\s+(?:have|get|wait|spend)\s+)?"
    r"between\s+(?P<rest>.+)$", re.I)
_SEPARATED = re.compile(
    rf"^{_ROUGHLY}how\s+(?:many\s+{_UNIT}|long|much\s+time)\s+(?:separated?|lay|lie|lies)\s+"
    r"(?:between\s+)?"
    r"(?P<a>.+?)\s+(?:from|and)\s+(?P<b>.+)$", re.I)
# "How many days passed from A to B?", "From A to B, how many days passed?"
_FROM_TO = re.compile(
    rf"^{_ROUGHLY}how\s+(?:many\s+{_UNIT}|long|much\s+time)\s+(?:passed|elapsed|went\s+by|"
    r"were\s+there|was\s+it)\s+from\s+(?P<a>.+?)\s+(?:to|until|till)\s+(?P<b>.+)$"
    rf"|^from\s+(?P<a2>[^,]+?)\s+(?:to|until|till)\s+(?P<b2>[^,]+),\s*{_ROUGHLY}how\s+many\s+"
    rf"(?P<unit2>days?|weeks?|months?|years?)\s+(?:passed|elapsed|went\s+by|were\s+there|"
    r"was\s+it|(?:did|does)\s+it\s+take)$", re.I)
# "…, where many Russians were banned, …": an aside inside a question names no event
_ASIDE = re.compile(r",\s+(?:where\s+|(?:which|who)\s+(?:was|were|had|has|have)\s+)[^,]{3,80},"
                    r"\s+(?!and\b|or\b)", re.I)
# "Counting both the opening and closing days, how many days …": how to count, not what
_COUNTING = re.compile(r"^(?:counting|including|inclusive\s+of)\s+[^,]{3,80},\s*(?=how\b)", re.I)
# "The paper gave the date. How many days separate A from B?": the last sentence asks;
# one pointing back ("after that summit", "since it") is left to the answerer
_LAST = re.compile(r"^(?P<said>.{10,300}?[.!;])\s+(?P<asked>[A-Z][^.!;]+)$")
_POINTS_BACK = re.compile(r"\b(?:that|this|these|those|it|the\s+same)\b", re.I)
_AFTER = re.compile(
    rf"^(?:for\s+)?(?:about\s+|roughly\s+)?how\s+(?:many\s+{_UNIT}|long|much\s+time)\s+"
    r"(?P<dir>after|before)\s+(?P<a>.+?)\s+(?:was|were|did|does|do|is|are|had|has|will)\s+"
    r"(?P<b>.+)$", re.I)
_DID_AFTER = re.compile(_AFTER.pattern.replace("was|were|did|does|do|is|are|had|has|will",
                                                "did|does|do"), re.I)
# "How many days after the opening do the Games close?": the Games' span
_START = re.compile(r"(?:the\s+|its\s+|their\s+)?(?:opening|start|beginning|launch|kick-?off|"
                    r"first\s+day)", re.I)
_END = re.compile(r"(?P<s>.+?)\s+(?:close|end|finish|conclude|wrap\s+up)", re.I)
# "between the opening day and the closing day of the Games": the Games' span too
_CLOSE_OF = re.compile(r"(?:the\s+)?(?:closing|close|end|finish|final|last)(?:\s+day)?\s+of\s+"
                       r"(?P<s>.+)", re.I)
_SPAN = re.compile(
    rf"^(?:for\s+)?(?:about\s+|roughly\s+)?how\s+(?:many\s+{_UNIT}|long)\s+(?:do|does|did|will)\s+"
    r"(?P<a>.+?)\s+(?:span|last|run|take)\b", re.I)
# "How many days was the library closed?": a state, from the event that began it to
# the one that ended it (its usual end word)
_STATE_END = {"open": "closed", "closed": "reopened", "shut": "reopened", "suspended": "resumed",
              "halted": "resumed", "paused": "resumed", "banned": "ban lifted",
              "sidelined": "returned", "injured": "returned", "out": "returned"}
_STATE = re.compile(
    rf"^(?:for\s+)?(?:about\s+|roughly\s+)?how\s+(?:many\s+{_UNIT}|long)\s+(?:was|were|had\s+been|"
    r"has\s+been|is|are)\s+(?P<a>.+?)\s+(?P<state>" + "|".join(_STATE_END) + r")\b(?P<rest>.*)$",
    re.I)
_SINCE = re.compile(r"\bhow\s+(?:long|many\s+years)\s+(?:had|has|have|will|would)\s+"
                    r"(?P<a>.+)$", re.I)
# "When X happened, had Y already ...?": a yes/no question, not a request for a date
_YES_NO_AFTER = re.compile(r"^when\s+[^,]{3,120},\s*(?:had|has|have|did|does|do|was|were|is|"
                           r"are|will|would|could|can)\b", re.I)
_WHEN = re.compile(
    r"^(?:(?:on|in|by|from|until|till|since|as\s+of|starting)\s+)?(?:what|which)\s+(?P<unit>date|day|year|month)\b\s*(?P<a>.*)$"
    r"|^when\s+(?P<b>.+)$", re.I)
_WHICH_YEAR = re.compile(r"\b(?:which|what)\s+(?P<unit>year|date|day|month)\s+(?:was|is)\s+"
                         r"(?:that|it|this)\b", re.I)
# "X said it happened 'on Wednesday'. What was the date?": the event is the sentence
# before a bare date question
_TRAILING = re.compile(
    r"^(?P<a>.{12,}?)[.!?;]\s+(?:(?:what|which)\s+(?:was|is)\s+(?:the|that|its)\s+"
    r"(?P<unit>date|day|year|month)|when\s+(?:was|is|did)\s+(?:that|this|it)"
    r"(?:\s+happen)?)$", re.I)
# "Of the articles that ..., which is the earliest?"
_EDGE_WHICH = re.compile(
    r"\b(?:articles?|reports?|stories|pieces)\b(?P<about>.{0,80}?),?\s+which\s+(?:one\s+)?"
    r"(?:is|was|came)\s+(?:the\s+)?(?P<edge>earliest|oldest|first|latest|newest|"
    r"most\s+recent|last)\b", re.I)
_EDGE_ARTICLE = re.compile(r"\b(?P<edge>earliest|oldest|first|latest|newest|most\s+recent|last)\s+"
                           r"(?:dated\s+)?(?:article|report|story|piece)\b", re.I)

# "When X happened, on what date did Y?", "By the time X ends, how many years ...?":
# a leading clause sets the scene; the question proper follows the comma.
# "How many days, and on what date was the Biden call?": the count is asked of the date
_ELLIPTIC = re.compile(r"^how\s+many\s+(?:days|weeks)(?:\s+(?:earlier|before|after|later))?"
                       r"\s*,?\s*and\s+(?=(?:on\s+)?(?:what|which)\s+(?:date|day)\b|when\b)",
                       re.I)
_LEADING = re.compile(
    r"^(?P<lead>(?:when|after|before|by(?:\s+the\s+time)?|once|as|besides|apart\s+from|according\s+to|"
    r"using|going\s+by|based\s+on|judging\s+by|"
    r"aside\s+from|other\s+than|except(?:\s+for)?|given(?:\s+that)?|assuming(?:\s+that)?|"
    r"knowing(?:\s+that)?)\s+(?:[^,]|,(?=\s*(?:19|20)\d\d\b)){3,120}),\s*"
    r"(?P<main>(?:on\s+|in\s+|by\s+|from\s+|for\s+)?(?:about\s+|roughly\s+|approximately\s+)?"
    r"(?:what|which|when|how|who)\b.+)$", re.I)
# "which came first, A or B, and how far apart were they?" ("… and by how many days?"):
# the order and the distance
_APART = re.compile(r",?\s+and\s+(?:by\s+)?how\s+(?:far\s+apart|long\s+apart|much\s+time|long|"
                    r"many\s+(?P<unit>days?|weeks?|months?|years?))\b.*$", re.I)


@dataclass(frozen=True)
class Ask:
    kind: str  # when | first | between | span | since | edge | count | which | none
    parts: list[str] = field(default_factory=list)
    unit: str = "day"
    detail: str = ""  # first/last for `first`, after/before, earliest/latest, ...
    context: str = ""  # a leading clause ("when he signed, ..."): words that narrow the event
    apart: str = ""  # a "which came first" that also asks how far apart: the unit
    mention: bool = False  # "how many articles quote / mention X": the articles, not the story
    who: list[str] = field(default_factory=list)  # "who … first, A or B?": A and B, named
    passing: bool = False  # a mention counted may be in passing ("mention", not "quote")
    outlets: bool = False  # "how many outlets / did several papers …": outlets, not articles


def _two(rest: str, sep: str) -> list[str]:
    if sep in rest:
        a, b = rest.split(sep, 1)
        return [_clean(a), _clean(b)]
    return []


# "Name the journalists who wrote up X", "List the outlets that covered X": a which-question
_NAME_THE = re.compile(
    r"^(?:please\s+)?(?:name|list|give|tell\s+me)\s+(?:me\s+)?(?:all\s+)?the\s+"
    r"(?P<what>journalists?|reporters?|writers?|correspondents?|outlets?|articles?|papers?|"
    r"newspapers?|reports?|stories|sources)\s+(?:who|that|which)\s+", re.I)


def _coverage_whole(question: str) -> Ask | None:
    """A coverage question read with its asides kept: "where the two leaders welcomed
    the IOC's move" tells which of the leaders' meetings is meant."""
    q = " ".join(_ASIDE.sub(lambda m: " " + m.group()[1:-1].strip() + " ", question).split())
    ask = _classify(q)
    return ask if ask.kind == "count" or (ask.kind == "which" and ask.detail != "other") else None


def classify(question: str) -> Ask:
    """The news kind of a question, with the events it names."""
    q = " ".join(question.split()).rstrip("?").strip()
    q = _NAME_THE.sub(lambda m: f"which {m.group('what')} ", q)
    said = q
    q = _COUNTING.sub("", _ASIDE.sub(" ", q))
    if q != _COUNTING.sub("", said) and (whole := _coverage_whole(said)) is not None:
        return whole  # "Is X, where they welcomed Y, covered by …?": the clause picks X out
    q = _ELLIPTIC.sub("", q)  # "How many days, and on what date was X?": X's date says
    q = _EXACT.sub(r"\1 ", q)  # "on what calendar date", "the exact date of": a date
    q = edge_day(_DATE_OF.sub(lambda m: f"what {m.group('unit')} ", q))  # "the date of X"
    if _YES_NO_AFTER.match(q):
        return Ask("none")
    if (m := _FRONTED.match(q)) and _IT.search(m.group("asked")):
        # "The library's reopening day - how many stories cover it?": "it" is the topic
        topic = re.sub(r"^The\b", "the", m.group("topic"))
        q = _IT.sub(lambda _: topic, m.group("asked"), count=1)
    if m := _LEADING.match(q):
        main = _classify(m.group("main"))
        if main.kind != "none":  # the scene-setting clause narrows the main question's event
            return replace(main, context=_clean(m.group("lead")))
        if m.group("lead").lower().startswith("when"):
            return main  # "When X, what did they say?" asks what, not when
    if (m := _STATED.match(q)) and (event := _SAID.search(m.group("said"))
                                     or _EVENT.match(m.group("said"))):
        # "The paper said the debate was held last night. How many days after it did
        # the second take place?": "it" is the event the statement names
        named = f"{event.group('np')} {event.group('vp').strip()}"
        asked = re.sub(r"\bit\b", lambda _: named, m.group("asked"), count=1)
        if asked != m.group("asked") and (ask := _classify(asked)).kind != "none":
            return ask
    if (m := _AND_DATE.search(q)) and (head := _classify(q[:m.start()])).kind == "when":
        return head  # "On which weekday did X start, and what was the date?": one when
    ask = _classify(q)
    if ask.kind in ("between", "first", "span", "since") and _OTHER_ASK.search(q):
        return Ask("none")  # "How long before X, and how does Y compare?": half a reply
    if ask.kind == "none" and (m := _LAST.match(q)):
        last = classify(m.group("asked"))  # its own leading clause read too
        if not any(_POINTS_BACK.match(part) for part in last.parts):
            return last
    return ask


_FRONTED = re.compile(r"^(?P<topic>[^?,;]{5,120}?)\s+[-–—]+\s+(?P<asked>(?:how|which|what|when|"
                      r"who)\b.+)$", re.I)
_IT = re.compile(r"\b(?:it|this|that)\b(?!\s+\w+\s+(?:was|were|is|did)\b)", re.I)
_AND_DATE = re.compile(r",?\s+and\s+(?:(?:what|which)\s+(?:was|is|were)\s+(?:the\s+)?"
                       r"(?:date|day)|on\s+what\s+date|when)$", re.I)
_STATED = re.compile(r"^(?P<said>[^?]{10,200}?)\.\s+(?P<asked>[^.]+)$")
_NP = (r"(?P<np>(?:the|a|an|its|their|his|her)\s+[^,.;]+?)\s+(?:was|were|is|are|had\s+been|"
       r"has\s+been|would\s+be|will\s+be)\s+(?P<vp>[^,.;'‘\"“]+)")
_EVENT = re.compile(_NP, re.IGNORECASE)  # "The debate was held …"
_SAID = re.compile(rf"\b(?:said|says|reported|reports|wrote|writes|noted|announced)\s+"
                   rf"(?:that\s+)?{_NP}", re.IGNORECASE)  # "The paper said the debate was …"


# "Who announced a run for mayor first, Lindqvist or Marsh?", "Who was first to declare:
# Tench or Marsh?": which of two people did it first, each dated on their own
_WHO_FIRST = re.compile(
    r"^[Ww]ho\s+(?:(?:was|were)\s+(?P<which2>first|last)\s+to\s+(?P<vp2>[^,:]+?)|"
    r"(?P<vp>[^,:]+?)\s+(?P<which>first|earlier|sooner|last|later))\s*[,:]\s*"
    r"(?P<a>[A-Z][^,]*?)\s+or\s+(?P<b>[A-Z][^,?]*?)(?:,?\s+and\s+.*)?$")


def _span_or_between(a: str, b: str, unit: str) -> Ask:
    """Two events, or the two ends of one ("the opening day and the closing day of X")."""
    if _START.fullmatch(re.sub(r"\s+day$", "", a)) and (end := _CLOSE_OF.fullmatch(b)):
        return Ask("span", [_clean(end.group("s"))], unit)
    return Ask("between", [a, b], unit)


def _classify(q: str) -> Ask:
    if m := _WHO_FIRST.match(q):
        vp, tail = m.group("vp") or m.group("vp2"), _APART.search(q)  # "…, and how far apart?"
        return Ask("first", [f"{m.group('a')} {vp}", f"{m.group('b')} {vp}"],
                   detail=(m.group("which") or m.group("which2")).lower(),
                   who=[m.group("a"), m.group("b")],
                   apart=_unit(tail.group("unit") or "year") if tail else "")
    if m := _FIRST.match(q):
        rest, apart = m.group("rest"), ""
        if tail := _APART.search(rest):
            rest, apart = rest[:tail.start()], _unit(tail.group("unit") or "year")
        parts = _two(rest, " or ")
        if len(parts) == 2:
            return Ask("first", parts, detail=m.group("which").lower(), apart=apart)
    if m := _SPAN.match(q):
        return Ask("span", [_clean(m.group("a"))], _unit(m.group("unit")))
    if m := _STATE.match(q):
        subject, state = _clean(m.group("a")), m.group("state").lower()
        # "shut for its renovation": the closing (in its usual word), not what it was for
        rest = re.sub(r"^\s+for\b.*$", "", m.group("rest"))
        start = {"shut": "closed", "open": "opened"}.get(state, state)
        return Ask("between", [_clean(f"{subject} {start}{rest}"),
                               f"{subject} {_STATE_END[state]}"], _unit(m.group("unit")),
                   detail="state")
    if m := _BETWEEN.match(q):
        parts = _two(m.group("rest"), " and ")
        if len(parts) == 2:
            return _span_or_between(parts[0], parts[1], unit=_unit(m.group("unit")))
    if m := _FROM_TO.match(q):  # "from the day A began to the day it ended": A's two ends
        a, b = (the_day(_clean(m.group(g) or m.group(g + "2"))) for g in ("a", "b"))
        b = its(a, b)
        return _span_or_between(a, b, unit=_unit(m.group("unit") or m.group("unit2")))
    if m := _SEPARATED.match(q):
        return _span_or_between(_clean(m.group("a")), _clean(m.group("b")),
                                unit=_unit(m.group("unit")))
    if m := _DID_AFTER.match(q) or _AFTER.match(q):  # "after X was stripped of Y did Z"
        if _START.fullmatch(m.group("a")) and (end := _END.fullmatch(m.group("b"))):
            return Ask("span", [_clean(end.group("s"))], _unit(m.group("unit")))
        return Ask("between", [_clean(m.group("a")), _clean(m.group("b"))],
                   _unit(m.group("unit")), detail=m.group("dir").lower())
    if m := _SINCE.search(q):
        return Ask("since", [_clean(m.group("a"))], "year")
    if m := _EDGE_ARTICLE.search(q):
        return _edge(m.group("edge"), q[m.end():])
    if m := _EDGE_WHICH.search(q):
        about = re.sub(r"^\s*(?:that|which)\s+(?:carry|have|give|bear)\b.*$", "",
                       m.group("about"), flags=re.I)  # "that carry a date": all of them
        return _edge(m.group("edge"), about)
    if m := _TRAILING.match(q):
        return Ask("when", [_clean(m.group("a"))], (m.group("unit") or "date").lower(),
                   detail="asked" if m.group("unit") in ("date", "day") else "")
    if m := OTHER.search(q):
        before = q[:m.start()].rstrip(" .?,;")
        after = re.sub(r"\s+(?:too|as\s+well|also)$", "", q[m.end():].strip(" .?,;"), flags=re.I)
        if BACK.match(after) or (before and not SET_ASIDE.match(before)):
            return Ask("which", [_clean(before or q)], detail="other")
        # "Besides the Post, did any other outlet report X?": X is the topic, the outlet
        # named is set aside ("did any other outlet besides the Post report X?" too)
        aside = (m.group("aside") or "").strip() or before
        return Ask("which", [_clean(after)], detail="other", context=aside)
    if m := COVERED_BY.match(q) or MORE_REPORT.match(q) or THERE_MORE.match(q):
        return Ask("count", [_clean(m.group("rest"))], detail="more",
                   mention=bool(re.search(r"\bmention", m.group(0), re.I)
                                or SAYING.search(_clean(m.group("rest")))),
                   outlets=outlets_counted(m, q))
    if m := COVERAGE.match(q):
        kind = "count" if m.group("count") else "which"
        topic = topic_of(m.group("rest"))
        return Ask(kind, [topic], detail=m.group("what").lower(),
                   outlets=bool(OUTLETS.fullmatch(m.group("what"))),
                   mention=mentions(m.group("verb"), m.group("rest"), topic),
                   passing=in_passing(m.group("verb"), m.group("rest"), topic))
    if m := _WHEN.match(q):
        unit = (m.group("unit") or "date").lower()
        part = m.group("a") if m.group("a") is not None else m.group("b")
        if part and _SECOND_ASK.search(part):
            return Ask("none")  # "When was X, and when did Y, and for what?": the answerer's
        part = re.sub(r"^and\s+year\s+", "", part or "", flags=re.I)  # "which month and year"
        if unit == "day" and part and (week := re.match(r"of\s+the\s+week\s+", part, re.I)):
            part = AUX.sub("", part[week.end():])  # "what day of the week do X close"
        # "on what date ...?" asks for a day; "when ...?" takes a month or a year too
        return Ask("when", [_clean(part or "")], unit, detail="asked" if m.group("unit") else "")
    if m := _WHICH_YEAR.search(q):
        return Ask("when", [_clean(q[:m.start()])], m.group("unit").lower())
    return Ask("none")


_DATE_OF = re.compile(r"^(?:what|which)\s+(?:was|is|will\s+be)\s+the\s+(?P<unit>date|day|year|"
                      r"month)\s+(?:of|for)\s+(?!the\s+week\b)", re.I)
_EXACT = re.compile(r"(?i)\b(what|which|the)\s+(?:calendar|exact|precise|specific)\s+(?=date|day)")
_OTHER_ASK = re.compile(  # a second question not about time: ", and how does Y describe it"
    r",\s*and\s+(?:how\s+(?!long|far|many\s+(?:days|weeks|months|years)|much\s+(?:later|"
    r"earlier|time)|soon)\w|what\s+(?!date|day|year|month|time)\w|why\b|who\b|where\b)", re.I)
_SECOND_ASK = re.compile(r",?\s+and\s+(?:when|what|who|how|why|where|which)\b", re.I)


def _edge(word: str, about: str) -> Ask:
    """The earliest or latest article ("oldest", "most recent"), about `about`."""
    return Ask("edge", [_clean(about)],
               detail="earliest" if word.lower() in ("earliest", "oldest", "first") else "latest")


def _unit(word: str | None) -> str:
    return (word or "day").lower().rstrip("s")
