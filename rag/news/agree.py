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
from rag.news.index import NewsIndex
from rag.news.match import Embed
from rag.news.temporal import cite
from rag.schema import AnswerSentence, Citation

Reply = tuple[list[AnswerSentence], list[Citation]]
_SAME = re.compile(r"\b(?:the\s+)?same\s+(?:result|figures?|numbers?|count|tally|total|score|"
                   r"margin|outcome|vote|cost|price|amount|turnout|crowd|majority)\b|"
                   r"\bagree\s+(?:on|about)\b", re.I)
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
        return None
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
    first, second = (_figures(news.texts[s][sp[0]:sp[1]]) for _, s, sp in picks)
    if len(first & second) < min(2, len(first), len(second)) or not first & second:
        return None  # another figure, or one shared among many: not plainly the same
    quotes = [news.texts[s][sp[0]:sp[1]] for _, s, sp in picks]
    text = (f"Yes: they give the same figures. {picks[0][0]} says \u201c{quotes[0]}\u201d [1]; "
            f"{picks[1][0]} says \u201c{quotes[1]}\u201d [2].")
    citations = [cite(news, article_dated(news, s, sp), n)
                 for n, (_, s, sp) in enumerate(picks, start=1)]
    return [AnswerSentence(text=text, citations=[1, 2])], citations
