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
from rag.news.coverage import MIN_REPORT, article_dated, article_scores, named_outlet
from rag.news.index import NewsIndex
from rag.news.match import Dated, Embed
from rag.news.temporal import cite, fmt
from rag.schema import AnswerSentence, Citation

Reply = tuple[list[AnswerSentence], list[Citation]]
_SAME = re.compile(r"\bsame\s+(?:event|story|news|thing|incident|happening|announcement|"
                   r"development)\b|\bone\s+and\s+the\s+same\b", re.I)
_FRAME = re.compile(r"\b(?:same|event|story|stories|pieces?|articles?|reports?|reporting|"
                    r"covering|cover|both|wrote|written|about|were|are|they|the|one)\b", re.I)
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
    by_outlet: dict[str, list[str]] = {}
    for source, text in news.texts.items():
        if outlet := outlet_of(text):
            by_outlet.setdefault(outlet, []).append(source)
    named = [(m, o) for o in by_outlet if (m := named_outlet(q, o))]
    if len(named) != 2:
        return None
    topic = q
    for m, _ in sorted(named, key=lambda x: -x[0].start()):
        topic = topic[:m.start()] + topic[m.end():]
    topic = " ".join(_FRAME.sub(" ", topic).split())
    scored = article_scores(news, topic, embed)  # every article, best first
    picks = []
    for _, outlet in sorted(named, key=lambda x: x[0].start()):
        score, source, span = next((x for x in scored if x[1] in by_outlet[outlet]),
                                   (0.0, "", (0, 0)))
        if score < MIN_REPORT:
            return None
        picks.append((outlet, source, span))
    (oa, a, sa), (ob, b, sb) = picks
    if a == b:
        return None
    same = b in news.group_of(a)
    da, db = _dated(news, a, sa), _dated(news, b, sb)
    when = [f" ({fmt(d)})" if d.date else "" for d in (da, db)]
    quote = [news.texts[s][sp[0]:sp[1]] for s, sp in ((a, sa), (b, sb))]
    lead = "Yes: they report the same story." if same else \
        "No: they report different events."
    text = (f"{lead} {oa}{when[0]} says \u201c{quote[0]}\u201d [1]; "
            f"{ob}{when[1]} says \u201c{quote[1]}\u201d [2].")
    return [AnswerSentence(text=text, citations=[1, 2])], [cite(news, da, 1), cite(news, db, 2)]
