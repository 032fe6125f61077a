"""Do two named outlets give the same figure? "Did the Courier and the Evening Post
report the same result for the ferry vote?" Each outlet's sentence closest to what is
asked that states a figure is found within one story (the best such sentence's); when
they share the figures ("seven in favour and four against", "by seven votes to four"),
the answer is "Yes", both sentences quoted and cited."""

from __future__ import annotations

import re

from rag.answer.grounding import YEAR, numbers
from rag.news.coverage import article_dated, article_scores, outlets, outlets_named
from rag.news.disagree import FIGURE_MIN
from rag.news.explicit import find_dates
from rag.news.index import NewsIndex
from rag.news.match import Embed
from rag.news.sameness import Pick, described
from rag.news.temporal import cite
from rag.schema import AnswerSentence, Citation
from rag.text import sentence_spans, terms

Reply = tuple[list[AnswerSentence], list[Citation]]
_SAME = re.compile(r"\b(?:the\s+)?same\s+(?:result|figures?|numbers?|count|tally|total|score|"
                   r"margin|outcome|vote|cost|price|amount|turnout|crowd|majority|dates?)\b|"
                   r"\bagree\s+(?:on|about)\b", re.I)
# "Do the story about X and the 'Y' story give the same dates?": two reports described
_REPORT = r"(?:story|article|piece|report|item)"
_TWO_DESCRIBED = re.compile(
    rf"^\W*(?:do|did|does)\s+(?P<a>the\s+(?:[^,]*?\s)?{_REPORT}\b.*?|the\s+.*?\s{_REPORT})"
    rf"\s+and\s+(?P<b>the\s+(?:[^,]*?\s)?{_REPORT}\b.*?|the\s+.*?\s{_REPORT})\s+(?:both\s+)?"
    r"(?:give|report|have|state|say|use|carry|agree)\b(?P<rest>.*)$", re.I)
_FRAME = re.compile(r"\b(?:did|do|does|the|and|report|reports|reported|give|gave|both|"
                    r"have|say|said|state)\b", re.I)


def _figures(sentence: str) -> set[str]:
    """The numbers a sentence states, spelled ones too ("seven in favour"), years aside."""
    return {n for n in numbers(sentence) if not YEAR.fullmatch(n)}


def same_figures(question: str, news: NewsIndex, embed: Embed) -> Reply | None:
    """"Yes: the same figures …", each outlet's sentence quoted and cited; None unless
    two outlets the collection has are named, each has a figure sentence on what is
    asked, and the two share two figures (or the one each gives). Figures that differ
    are `find_disagreement`'s to report."""
    q = " ".join(question.split())
    if not _SAME.search(q):
        return None
    by_outlet = outlets(news)
    named = outlets_named(q, by_outlet)
    if len(named) != 2:
        return _described_agree(q, news, embed, by_outlet)
    topic = q
    for m, _ in named:
        topic = topic.replace(m.group(), " ")
    topic = " ".join(_FRAME.sub(" ", topic).split())
    scores = [x for x in article_scores(news, topic, embed, keep=lambda s: bool(_figures(s)))
              if any(x[1] in by_outlet[o] for _, o in named)]
    if not scores or scores[0][0] < FIGURE_MIN:
        return None
    story = set(news.group_of(scores[0][1]))
    picks = []
    for _, outlet in named:
        pick = next((x for x in scores if x[1] in by_outlet[outlet] and x[1] in story), None)
        if pick is None or pick[0] < FIGURE_MIN:
            return None
        picks.append((outlet, pick[1], pick[2]))
    return _agreeing(news, picks)


def _described_agree(q: str, news: NewsIndex, embed: Embed, by_outlet: dict[str, list[str]]
                     ) -> Reply | None:
    """Two reports described, not named by outlet: each description's article, then its
    figure sentence closest to what is asked ("the same dates for the Games")."""
    m = _TWO_DESCRIBED.match(q)
    if m is None or not (picked := described(news, embed, by_outlet, m.group("a"),
                                             m.group("b"))):
        return None
    topic = " ".join(_FRAME.sub(" ", m.group("rest")).split())
    if _DATES.search(topic):
        return _same_dates(news, picked, topic)
    scores = article_scores(news, topic, embed, keep=lambda s: bool(_figures(s)))
    picks = []
    for label, source, _ in picked:
        pick = next((x for x in scores if x[1] == source), None)
        if pick is None or pick[0] < FIGURE_MIN:
            return None
        picks.append((label, source, pick[2]))
    return _agreeing(news, picks)


_DATES = re.compile(r"\bsame\s+(?:dates?|days?)\b", re.I)
# "February 4 to 20", "4-20 February": a range's other day, beside the date read
_TO_DAY = re.compile(r"\s*(?:to|-|–|until)\s*(\d{1,2})\b", re.I)
_DAY_TO = re.compile(r"\b(\d{1,2})\s*(?:to|-|–)\s*$", re.I)


def _days_said(sentence: str) -> set[tuple[int, int]]:
    """The (month, day)s a sentence names, both ends of a range ("February 4 to 20")."""
    out = set()
    for d in find_dates(sentence):
        if d.month is None or d.day is None:
            continue
        out.add((d.month, d.day))
        other = _TO_DAY.match(sentence, d.end) if d.text[:1].isalpha() else \
            _DAY_TO.search(sentence, 0, d.start)
        if other:
            out.add((d.month, int(other.group(1))))
    return out


def _same_dates(news: NewsIndex, picked: list[Pick], topic: str
                ) -> Reply | None:
    """"Yes", when the two articles' sentences about the thing dated ("the Beijing
    Games") name the same days; each one's sentence naming most of them quoted."""
    about = set(terms(_DATES.sub(" ", topic)))
    days, best = [], []
    for _, source, _ in picked:
        text = news.texts[source]
        said = [((a, b), _days_said(text[a:b])) for a, b in sentence_spans(text)
                if about & set(terms(text[a:b]))]
        days.append(set().union(*(d for _, d in said)) if said else set())
        best.append(max(said, key=lambda x: len(x[1]))[0] if said else (0, 0))
    if not days[0] or days[0] != days[1]:
        return None  # other days, or none: `find_disagreement`'s to report, if any
    picks = [(label, source, span) for (label, source, _), span in zip(picked, best,
                                                                       strict=True)]
    return _quoted(news, picks, "Yes: they give the same dates.")


def _agreeing(news: NewsIndex, picks: list[Pick]) -> Reply | None:
    """"Yes", both figure sentences quoted and cited, when they share their figures."""
    first, second = (_figures(news.texts[s][sp[0]:sp[1]]) for _, s, sp in picks)
    if len(first & second) < min(2, len(first), len(second)) or not first & second:
        return None  # another figure, or one shared among many: not plainly the same
    return _quoted(news, picks, "Yes: they give the same figures.")


def _quoted(news: NewsIndex, picks: list[Pick], lead: str
            ) -> Reply:
    quotes = [news.texts[s][sp[0]:sp[1]] for _, s, sp in picks]
    text = (f"{lead} {picks[0][0]} says \u201c{quotes[0]}\u201d [1]; "
            f"{picks[1][0]} says \u201c{quotes[1]}\u201d [2].")
    citations = [cite(news, article_dated(news, s, sp), n)
                 for n, (_, s, sp) in enumerate(picks, start=1)]
    return [AnswerSentence(text=text, citations=[1, 2])], citations
