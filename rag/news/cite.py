"""Dates on answers: each citation and retrieved passage gets its article's date with
provenance and the dated phrases of its snippet resolved; the answer lists the dates
of the articles it cites."""

from __future__ import annotations

from rag.news.index import NewsIndex
from rag.schema import Answer, Citation

MAX_TIMES = 6


def annotate_citation(citation: Citation, news: NewsIndex) -> None:
    dated = news.dates.get(citation.source)
    if dated is None:
        return
    citation.date_provenance = dated.provenance
    citation.date_label = dated.label
    times = []
    for m in news.mentions.get(citation.source, []):
        if citation.start <= m["start"] < citation.end and m["kind"] == "relative":
            times.append({"text": m["text"], "date": m["date"], "precision": m["precision"],
                          "confidence": m["confidence"], "start": m["start"] - citation.start,
                          "end": m["end"] - citation.start})
    citation.times = times[:MAX_TIMES]
    citation.also_reported_by = [s for s in news.group_of(citation.source)
                                 if s != citation.source]


def annotate(answer: Answer, news: NewsIndex) -> Answer:
    """Dates with provenance on every citation and passage of the answer."""
    for c in [*answer.citations, *answer.passages]:
        annotate_citation(c, news)
    answer.article_dates = {
        c.source: news.dates[c.source].label for c in answer.citations if c.source in news.dates
    }
    return answer
