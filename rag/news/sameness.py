"""Are two named outlets' reports the same story? "Are the Bay Herald and Quayside
Gazette pieces on the dredging covering the same event?", "Radio Saltmarsh News and
the Courier both wrote about the tax rise. Were they reporting the same event?"

Each outlet's article closest to what the question is about is found, and the
same-story groups decide: one group is one event ("Yes"), two groups are two ("No").
Either way, each report's closest sentence is quoted with its date and cited, so the
reader sees what each one reports."""

from __future__ import annotations

import re

from rag.app.collection import outlet_of
from rag.news.coverage import (
    MIN_REPORT,
    article_dated,
    article_scores,
    outlets,
    outlets_named,
)
from rag.news.index import NewsIndex
from rag.news.match import Dated, Embed
from rag.news.temporal import cite, fmt
from rag.schema import AnswerSentence, Citation
from rag.text import terms

Reply = tuple[list[AnswerSentence], list[Citation]]
# "the same meeting", "the same match": an event by its kind ("the same vote count" asks
# about a figure)
_WHAT = (r"(?:event|story|news|thing|incident|happening|announcement|development|meeting|"
         r"vote|match|game|debate|ceremony|protest|call|visit|session|occasion)"
         r"(?!\s+(?:count|tally|total|figure|result|margin|date|day|time|score|length)\b)")
_SAME = re.compile(rf"\bsame\s+{_WHAT}\b|\bone\s+and\s+the\s+same\b", re.I)
_FRAME = re.compile(r"\b(?:same|event|story|stories|pieces?|articles?|reports?|reporting|"
                    r"covering|cover|both|wrote|written|about|were|are|they|the|one)\b", re.I)


def _topic(text: str) -> str:
    """The words that say what a report is about, without the question's frame."""
    return " ".join(_FRAME.sub(" ", text).split())


def _unnamed(text: str, named: list[tuple[re.Match[str], str]]) -> str:
    """The text without the outlet names `outlets_named` found in it."""
    for m, _ in reversed(named):
        text = text[:m.start()] + text[m.end():]
    return text


def _dated(news: NewsIndex, source: str, span: tuple[int, int]) -> Dated:
    """The sentence's own day when it dates what it reports, else its article's."""
    said = next((m for m in news.mentions.get(source, [])
                 if m["sentence"][0] == span[0] and m["precision"] == "day"), None)
    if said:
        return Dated(source, said["date"], "day", float(said["confidence"]), said["text"],
                     span, "resolved")
    return article_dated(news, source, span)


def same_event(question: str, news: NewsIndex, embed: Embed) -> Reply | None:
    """"Yes: one story …" or "No: two events …", each report quoted and cited; None
    when the question doesn't ask it of two outlets the collection has."""
    q = " ".join(question.split())
    if not _SAME.search(q):
        return None
    by_outlet = outlets(news)
    named = outlets_named(q, by_outlet)
    if len(named) != 2:
        return _described(q, news, embed, by_outlet)
    topic = _unnamed(q, named)
    # "The Courier's story about X and the Gazette's 'Y' story": each outlet's own words
    # (the text up to the other's name), when both describe theirs
    raw = [q[m.end():nxt] for (m, _), nxt in zip(named, [named[1][0].start(), len(q)],
                                                  strict=True)]
    own = [_topic(r) for r in raw]
    own = own if all(len(set(terms(t))) >= 2 for t in own) else [_topic(topic)] * 2
    scores = {about: article_scores(news, about, embed) for about in own}  # one topic: once
    picks = []
    for (_, outlet), about, said in zip(named, own, raw, strict=True):
        titled = _titled(news, said, by_outlet[outlet])
        score, source, span = next((x for x in scores[about] if x[1] in (
            titled or by_outlet[outlet])), (0.0, "", (0, 0)))
        if score < MIN_REPORT and not (titled and source):
            return None
        picks.append((outlet, source, span))
    return _reply(news, picks[0], picks[1])


# "the Gazette's 'new chapter' article": a report named by words of its title
_QUOTED = re.compile(r"(?:^|(?<=\s))['‘\"“](?P<t>[^'’\"”]{3,}?)['’\"”]")


def _titled(news: NewsIndex, said: str, sources: list[str]) -> set[str]:
    """The one source among `sources` whose title holds a phrase the question quotes."""
    found = {s for m in _QUOTED.finditer(said) for s in sources
             if m.group("t").lower() in (news.titles.get(s) or "").lower()}
    return found if len(found) == 1 else set()


# "Is Putin's chat with the Olympians the same event as his video call with Xi?": two
# events described, where the outlet rule above has two outlets named ("Is the ferry the
# same thing as the Harbour Link?" asks what a thing is, not whether two reports agree)
_AS = re.compile(r"^\W*(?:so\s+)?(?:is|was|are|were)\s+(?P<a>.+?)\s+(?:really\s+|actually\s+|"
                 r"just\s+)?(?:the\s+|one\s+and\s+the\s+)?same\s+(?!thing\b)" + _WHAT
                 + r"\s+as\s+(?P<b>.+?)\W*$", re.I)
# "Do the article about X and the piece on Y cover the same story?": two reports, each
# by what it is about (split where the second report begins)
_PIECE = r"the\s+(?:[\w'’-]+\s+){0,3}?(?:article|piece|report|story|item)\b"
_BOTH = re.compile(rf"^\W*(?:so\s+)?(?:do|did|does|are|were)\s+(?P<a>{_PIECE}.+?)\s+and\s+"
                   rf"(?P<b>{_PIECE}.+?)\s+(?:both\s+)?(?:\w+\s+){{1,2}}?(?:the\s+|one\s+"
                   r"and\s+the\s+)?same\s+(?!thing\b)" + _WHAT + r"\W*$", re.I)


CLEAR = 0.15  # a description's story must beat every other story's best report by this


def _described(q: str, news: NewsIndex, embed: Embed,
               by_outlet: dict[str, list[str]]) -> Reply | None:
    """Each description's closest article (by its best sentence), among its outlet's
    when it names one ("the Evening Post report on the reopening"); None when either fits
    another story nearly as well, or both land on one article (which may report both)."""
    m = _AS.match(q) or _BOTH.match(q)
    if m is None:
        return None
    picks = described(news, embed, by_outlet, m.group("a"), m.group("b"))
    return _reply(news, picks[0], picks[1]) if picks else None


Pick = tuple[str, str, tuple[int, int]]  # how the report is named, its source, its sentence


def described(news: NewsIndex, embed: Embed, by_outlet: dict[str, list[str]], *parts: str
              ) -> list[Pick] | None:
    """The article each description names, by its title's quoted words or its closest
    sentence, among its outlet's when it names one; None when one fits another story
    nearly as well, or two land on one article."""
    picks = []
    for part in parts:
        named = outlets_named(part, by_outlet)
        own = by_outlet[named[0][1]] if len(named) == 1 else list(news.texts)
        if len(named) == 1:
            part = _unnamed(part, named)
        titled = _titled(news, part, own)
        scored = [x for x in article_scores(news, _topic(part), embed) if x[1] in
                  (titled or own)]
        if not scored or not titled and scored[0][0] < MIN_REPORT:
            return None
        best, source, span = scored[0]
        rival = next((x[0] for x in scored if x[1] not in news.group_of(source)), 0.0)
        if best - rival < CLEAR and not titled:
            return None  # "the Olympics boycott" fits two stories' reports alike
        picks.append((outlet_of(news.texts[source]) or
                      f"\u201c{news.titles.get(source) or source}\u201d", source, span))
    return None if len({s for _, s, _ in picks}) < len(picks) else picks


def _reply(news: NewsIndex, first: tuple[str, str, tuple[int, int]],
           second: tuple[str, str, tuple[int, int]]) -> Reply:
    """Yes or No by the same-story groups, each report quoted with its date and cited."""
    (oa, a, sa), (ob, b, sb) = first, second
    same = b in news.group_of(a)
    da, db = _dated(news, a, sa), _dated(news, b, sb)
    when = [f" ({fmt(d)})" if d.date else "" for d in (da, db)]
    quote = [news.texts[s][sp[0]:sp[1]] for s, sp in ((a, sa), (b, sb))]
    lead = "Yes: they report the same story." if same else \
        "No: they report different events."
    text = (f"{lead} {oa}{when[0]} says \u201c{quote[0]}\u201d [1]; "
            f"{ob}{when[1]} says \u201c{quote[1]}\u201d [2].")
    return [AnswerSentence(text=text, citations=[1, 2])], [cite(news, da, 1), cite(news, db, 2)]
