"""The news index: every article's date, every dated phrase (absolute or relative,
resolved) with its span, sentence and confidence, per article and per passage, and the
same-story groups. Built from what the store holds, at ingest (`Engine.index`) or on
first use, and cached beside the index like the BM25 file, keyed by the corpus
version, so it always describes exactly the indexed articles."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.news.dates import (
    ArticleDate,
    ahead,
    date_corpus,
    given_date,
    infer_date,
    weekday_in_lead,
)
from rag.news.explicit import find_dates, fit_year
from rag.news.relative import Anchor, find_relative
from rag.news.stories import Lead, PassageVec, best_cosines, group, same_event
from rag.text import sentence_spans

NEWS_VERSION = 5
LEAD_SENTENCES = 3
# A yearless date this far on the wrong side of the article's date is another year's
# ("opens on January 1" said in November); nearer, it is this year's.
YEAR_SHIFT = dt.timedelta(days=120)
# Story grouping compares passages pairwise; past this many it is skipped (dates and
# dated phrases are still built), so a 100k-passage bench index stays fast.
MAX_GROUP_PASSAGES = 5000


@dataclass
class NewsIndex:
    version: str = ""
    titles: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    dates: dict[str, ArticleDate] = field(default_factory=dict)
    mentions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    chunks: dict[str, list[int]] = field(default_factory=dict)  # chunk id -> mention indexes
    spans: dict[str, list[int]] = field(default_factory=dict)  # chunk id -> [start, end]
    leads: dict[str, str | None] = field(default_factory=dict)  # source -> lead event day
    groups: list[list[str]] = field(default_factory=list)

    def date(self, source: str) -> ArticleDate:
        return self.dates.get(source) or ArticleDate(None, "unknown", note="not indexed")

    def group_of(self, source: str) -> list[str]:
        return next((g for g in self.groups if source in g), [source])

    def chunk_mentions(self, chunk_id: str) -> list[dict[str, Any]]:
        source = chunk_id.split("#")[0]
        return [self.mentions[source][i] for i in self.chunks.get(chunk_id, [])]

    def to_json(self) -> dict[str, Any]:
        return {
            "news_version": NEWS_VERSION, "version": self.version, "titles": self.titles,
            "texts": self.texts, "dates": {s: d.as_dict() for s, d in self.dates.items()},
            "mentions": self.mentions, "chunks": self.chunks, "spans": self.spans,
            "leads": self.leads, "groups": self.groups,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NewsIndex:
        return cls(
            data["version"], data["titles"], data["texts"],
            {s: ArticleDate(**d) for s, d in data["dates"].items()}, data["mentions"],
            data["chunks"], data["spans"], data["leads"], [list(g) for g in data["groups"]],
        )

    def chunk_at(self, source: str, pos: int) -> tuple[str, int, int]:
        """(chunk id, start, end) of the passage of `source` holding offset `pos`."""
        best = ("", 0, len(self.texts.get(source, "")))
        for cid, (a, b) in self.spans.items():
            if cid.split("#")[0] == source and a <= pos < b:
                return cid, a, b
        return best


@dataclass(frozen=True)
class Source:
    """One article as the news index reads it."""

    source: str
    title: str
    text: str
    given: str | None


@dataclass(frozen=True)
class Span:
    """One passage: its id, article and offsets, and its vector."""

    id: str
    source: str
    start: int
    end: int
    text: str
    vector: np.ndarray


def _resolve_mentions(text: str, date: ArticleDate) -> list[dict[str, Any]]:
    """Every dated phrase of one article: absolute dates (a missing year from the
    sentence or the article's year) and relative phrases resolved against its date."""
    anchor = date.anchor()
    spans = sentence_spans(text)
    found = find_dates(text)
    out: list[dict[str, Any]] = []
    sentence_anchor: dict[int, Anchor] = {}
    year = anchor.date.year if anchor else None
    for m in found:
        sent = next(((a, b) for a, b in spans if a <= m.start < b), (0, len(text)))
        y = m.year or (fit_year(m, year) if year else None)
        after = text[m.end:m.end + 12].lower()
        if y and not m.year and (after.startswith(" next year") or after.startswith(" last year")):
            y += 1 if "next" in after else -1  # "February 4 next year": not this February
        day = m.resolve(y) if y else None
        if day is None:
            continue
        is_ahead = ahead(text, sent[0], m.start)
        if not m.year and anchor and m.precision == "day":
            # a yearless date the text still expects can't be before the article, nor a
            # reported one after it ("opens on February 4", said in December)
            if is_ahead and day < anchor.date - YEAR_SHIFT:
                day = m.resolve(day.year + 1) or day
            elif not is_ahead and day > anchor.date + YEAR_SHIFT and anchor.precision == "day":
                day = m.resolve(day.year - 1) or day
        if m.precision == "day":
            sentence_anchor.setdefault(sent[0], Anchor(day, "day", 0.9))
        out.append({"start": m.start, "end": m.end, "text": m.text,
                    "date": day.isoformat(), "precision": m.precision,
                    "confidence": 1.0 if m.year else 0.8, "note": "", "kind": "absolute",
                    "ahead": is_ahead,
                    "sentence": list(sent)})
    taken = [(m.start, m.end) for m in found]
    for r in find_relative(text, anchor, spans, taken, sentence_anchor):
        sent = next(((a, b) for a, b in spans if a <= r.start < b), (0, len(text)))
        out.append({**r.as_dict(), "kind": "relative", "sentence": list(sent),
                    "ahead": ahead(text, sent[0], r.start)})
    return sorted(out, key=lambda x: x["start"])


def _lead(text: str, date: ArticleDate, mentions: list[dict[str, Any]]) -> Lead:
    spans = sentence_spans(text)[:LEAD_SENTENCES]
    end = spans[-1][1] if spans else 0
    found = [m for m in mentions
             if m["start"] < end and m["precision"] == "day" and not m.get("ahead")]
    # "PORTVILLE, 19 March 2025 - … last night": the dateline is when it was written,
    # the phrase after it when it happened
    told = [m for m in found if not (m["kind"] == "absolute" and m["date"] == date.date
                                     and date.how == "dateline")]
    for m in told or found:
        return Lead(dt.date.fromisoformat(m["date"]))
    if date.date and date.precision == "day" and date.relation == "on":
        return Lead(dt.date.fromisoformat(date.date))
    weekday = weekday_in_lead(text)
    before = dt.date.fromisoformat(date.date) if date.date and date.relation == "before" else None
    return Lead(None, weekday[0] if weekday else None, before)


def build(articles: Sequence[Source], passages: Sequence[Span], version: str = "") -> NewsIndex:
    """The news index of a corpus (pure: no store, no files)."""
    texts = {a.source: a.text for a in articles}
    stated = [int(a.given[:4]) for a in articles if a.given and given_date(a.given)
              and given_date(a.given).date]  # type: ignore[union-attr]
    hint = sorted(stated)[len(stated) // 2] if stated else None
    first = {a.source: infer_date(a.text, a.given, hint) for a in articles}
    leads = {s: _lead(texts[s], d, _resolve_mentions(texts[s], d)) for s, d in first.items()}
    vecs = [PassageVec(p.source, p.text, p.vector) for p in passages
            if len(passages) <= MAX_GROUP_PASSAGES]
    cosines = best_cosines(vecs)
    events: dict[str, list[str]] = {}
    for (a, b), cos in sorted(cosines.items(), key=lambda kv: -kv[1]):
        if same_event(leads[a], leads[b], cos):
            events.setdefault(a, []).append(b)
            events.setdefault(b, []).append(a)
    dates = date_corpus({a.source: (a.text, a.given) for a in articles}, events)
    mentions = {s: _resolve_mentions(texts[s], d) for s, d in dates.items()}
    leads = {s: _lead(texts[s], dates[s], mentions[s]) for s in texts}
    chunk_map: dict[str, list[int]] = {}
    for p in passages:
        chunk_map[p.id] = [i for i, m in enumerate(mentions.get(p.source, []))
                           if p.start <= m["start"] < p.end]
    groups = group(list(texts), leads, vecs)
    return NewsIndex(
        version, {a.source: a.title for a in articles}, texts, dates, mentions, chunk_map,
        {p.id: [p.start, p.end] for p in passages},
        {s: (lead.day.isoformat() if lead.day else None) for s, lead in leads.items()}, groups,
    )


# --- from the store ------------------------------------------------------------
_CACHE: dict[str, NewsIndex] = {}
_LOCK = threading.Lock()


@functools.cache
def _code_version() -> str:
    """Changes whenever the code that builds the index does, so a cached index built
    by older rules is rebuilt (no version number to forget to bump)."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("dates.py", "explicit.py", "relative.py", "stories.py", "index.py"):
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


def cache_path(index_dir: Path, collection: str) -> Path:
    return index_dir / f"news-{collection}.json"


def news_index(store: Any, index_dir: Path, collection: str) -> NewsIndex:
    """The news index of what `store` holds: from memory, the cache file, or built."""
    from rag.retrieval.keyword import corpus_version

    manifest = store.manifest()
    version = f"{NEWS_VERSION}-{_code_version()}-{corpus_version(manifest, store.model_id)}"
    path = cache_path(index_dir, collection)
    with _LOCK:
        cached = _CACHE.get(str(path))
        if cached and cached.version == version:
            return cached
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == version and data.get("news_version") == NEWS_VERSION:
                _CACHE[str(path)] = NewsIndex.from_json(data)
                return _CACHE[str(path)]
        built = _from_store(store, manifest, version)
        with contextlib.suppress(OSError):
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(built.to_json()), encoding="utf-8")
            tmp.replace(path)
        _CACHE[str(path)] = built
        return built


def _from_store(store: Any, manifest: dict[str, Any], version: str) -> NewsIndex:
    articles = []
    for source, record in sorted(manifest.items()):
        text = store.article_text(source)
        if text is not None:
            articles.append(Source(source, record.title, text, record.date))
    stored = list(store.iter_all())
    small = len(stored) <= MAX_GROUP_PASSAGES
    found = store.get([c.id for c in stored]) if stored and small else {}
    none = np.zeros(1, dtype=np.float32)
    passages = [Span(c.id, c.source, c.start, c.end, c.text,
                     found[c.id][1] if c.id in found else none) for c in stored]
    return build(articles, passages, version)
