"""Retrieval that knows about dates and stories: passages of articles dated inside a
range the question names ("in 2023", "before March 2025", "between 2021 and 2022")
move up, and one story's retellings may fill at most k-1 of the top k places, so
reports of one event don't crowd out the article holding the missing fact."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rag.news.explicit import find_dates
from rag.news.index import MAX_GROUP_PASSAGES, NewsIndex, news_index

IN_RANGE_BOOST = 1.5
_BEFORE = re.compile(r"\b(?:before|until|prior\s+to|by)\s+$", re.I)
_AFTER = re.compile(r"\b(?:after|since|from)\s+$", re.I)


def date_range(question: str) -> tuple[dt.date, dt.date] | None:
    """The date range a question names, or None."""
    found = [m for m in find_dates(question) if m.year]
    if not found:
        return None
    spans = []
    for m in found:
        assert m.year
        first = dt.date(m.year, m.month or 1, m.day or 1)
        if m.day:
            last = first
        elif m.month:
            last = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1) - dt.timedelta(days=1)
        else:
            last = dt.date(m.year, 12, 31)
        before = question[:m.start]
        if _BEFORE.search(before):
            spans.append((dt.date.min, first - dt.timedelta(days=1)))
        elif _AFTER.search(before):
            spans.append((last + dt.timedelta(days=1), dt.date.max))
        else:
            spans.append((first, last))
    return min(a for a, _ in spans), max(b for _, b in spans)


def _in_range(news: NewsIndex, chunk_id: str, span: tuple[dt.date, dt.date]) -> bool:
    source = chunk_id.split("#")[0]
    d = news.dates.get(source)
    days = [d.date] if d and d.date and d.relation == "on" else []
    days += [m["date"] for m in news.chunk_mentions(chunk_id) if m["precision"] == "day"]
    return any(span[0] <= dt.date.fromisoformat(x) <= span[1] for x in days)


def rerank(question: str, fused: list[tuple[str, float]], k: int, news: NewsIndex
           ) -> list[tuple[str, float]]:
    """Fused (chunk id, score) pairs boosted by date range, then diversified by story."""
    span = date_range(question)
    if span:
        fused = sorted(((cid, s * IN_RANGE_BOOST if _in_range(news, cid, span) else s)
                        for cid, s in fused), key=lambda x: -x[1])
    cap = max(2, k - 1)  # one place, at least, for another story
    seen: dict[str, int] = {}
    top: list[tuple[str, float]] = []
    later: list[tuple[str, float]] = []
    for cid, score in fused:
        group = news.group_of(cid.split("#")[0])[0]
        if len(top) < k and seen.get(group, 0) < cap:
            seen[group] = seen.get(group, 0) + 1
            top.append((cid, score))
        else:
            later.append((cid, score))
    return top + later


def rerank_for(question: str, fused: list[tuple[str, float]], k: int, store: Any,
               settings: Any, passages: int) -> list[tuple[str, float]]:
    """`rerank` with the store's news index; unchanged past the size the news index
    groups (a 100k-passage bench index) or when the index can't be read. `passages` is
    the corpus size the caller already knows: asking Chroma to count on every query
    cost ~70 ms at a million passages."""
    if passages > MAX_GROUP_PASSAGES:
        return fused
    try:
        news = news_index(store, settings.index_dir, settings.collection)
    except Exception:  # retrieval must not fail for want of dates
        return fused
    return rerank(question, fused, k, news)
