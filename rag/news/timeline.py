"""The timeline: the events the articles report, in date order, each with its date,
where the date came from, a one-line summary and the sources that report it.

One event per story group (its lead: what happened, on the day the reports agree on),
plus the other dated happenings the articles mention on a known day ("eight days after
Putin spoke with Biden"). Each event's date keeps its provenance: a date line, an
inference from the text, or a relative phrase resolved against the article's date."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any

from rag.app.collection import outlet_of
from rag.news.dates import short
from rag.news.index import NewsIndex
from rag.text import lead_sentence, sentence_spans, terms

MIN_CONFIDENCE = 0.45
SUMMARY_CHARS = 110


@dataclass(frozen=True)
class Event:
    date: str
    precision: str
    provenance: str  # given | inferred | resolved ("yesterday" against a given date) | stated
    confidence: float
    summary: str
    sources: list[str]
    outlets: list[str] = field(default_factory=list)
    sentence: str = ""  # the sentence that fixes the date
    phrase: str = ""  # the words that say when ("yesterday", "Tuesday, March 18")
    group: int = -1  # index of the story group, -1 for a mention in one article
    kind: str = "story"  # story | mention

    @property
    def shown_date(self) -> str:
        if self.precision == "before":
            return f"before {self.date}"
        return {"year": self.date[:4], "month": self.date[:7]}.get(self.precision, self.date)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "shown_date": self.shown_date}


def _sentence(text: str, pos: int) -> str:
    return next((text[a:b] for a, b in sentence_spans(text) if a <= pos < b), "")


def story_events(news: NewsIndex) -> list[Event]:
    """One event per story group, dated by its lead."""
    events = []
    for gi, group in enumerate(news.groups):
        dated = [s for s in group if news.leads.get(s) or news.dates[s].date]
        if not dated:
            continue
        first = min(dated, key=lambda s: (news.dates[s].provenance != "given",
                                          -(news.dates[s].confidence), s))
        lead = news.leads.get(first)
        d = news.dates[first]
        mention = next((m for m in news.mentions.get(first, [])
                        if lead and m["date"] == lead and m["precision"] == "day"
                        and not m.get("ahead")), None)
        if lead and mention:
            text = news.texts[first]
            provenance = "stated" if mention["kind"] == "absolute" else (
                "resolved" if d.provenance == "given" else "inferred")
            sentence = text[mention["sentence"][0]:mention["sentence"][1]]
            events.append(Event(
                lead, "day", provenance, float(mention["confidence"]),
                short(news.titles.get(first) or lead_sentence(text), SUMMARY_CHARS), group,
                _outlets(news, group), sentence, mention["text"], gi))
        elif d.date:
            events.append(Event(
                d.date, d.precision if d.relation == "on" else "before", d.provenance,
                d.confidence, short(news.titles.get(first) or lead_sentence(news.texts[first]),
                                    SUMMARY_CHARS), group, _outlets(news, group),
                d.evidence, d.label, gi))
    return events


def mention_events(news: NewsIndex) -> list[Event]:
    """Other happenings the articles date to a day (not their own lead), each once."""
    out: dict[tuple[str, str], Event] = {}
    for source, mentions in news.mentions.items():
        text = news.texts[source]
        for m in mentions:
            if m["precision"] != "day" or m.get("ahead") or m["confidence"] < MIN_CONFIDENCE:
                continue
            if m["date"] == news.leads.get(source):
                continue
            own = news.dates.get(source)
            if own and own.how == "dateline" and m["kind"] == "absolute" \
                    and m["date"] == own.date and m["start"] < 200:
                continue  # the article's own dateline, not something it reports
            sentence = text[m["sentence"][0]:m["sentence"][1]]
            key = (m["date"], " ".join(sorted(terms(sentence))[:6]))
            if key in out:
                continue
            out[key] = Event(m["date"], "day", "stated" if m["kind"] == "absolute" else "resolved",
                             float(m["confidence"]), short(sentence, SUMMARY_CHARS), [source],
                             _outlets(news, [source]), sentence, m["text"], kind="mention")
    return list(out.values())


def _outlets(news: NewsIndex, sources: list[str]) -> list[str]:
    """The outlet of each source ("" where the article names none), aligned."""
    return [outlet_of(news.texts.get(s, "")) or "" for s in sources]


def timeline(news: NewsIndex, sources: Collection[str] | None = None,
             mentions: bool = True) -> list[Event]:
    """Every event in date order; with `sources`, only events those articles report."""
    events = story_events(news) + (mention_events(news) if mentions else [])
    if sources is not None:
        keep = set(sources)
        events = [e for e in events if keep & set(e.sources)]
    return sorted(events, key=lambda e: (e.date, e.kind != "story", e.sources[0]))


def matching_sources(news: NewsIndex, query: str) -> list[str]:
    """Articles whose title and text hold most of the query's words (a plain filter
    for `rag timeline --query` when no retriever is at hand)."""
    wanted = set(terms(query))
    if not wanted:
        return list(news.texts)
    out = []
    for source, text in news.texts.items():
        have = set(terms(f"{news.titles.get(source, '')}\n{text}"))
        if len(wanted & have) >= max(1, round(0.6 * len(wanted))):
            out.append(source)
    return out


def timeline_view(news: NewsIndex, query: str = "") -> dict[str, Any]:
    """What the Timeline page shows: the events (dicts, in date order) and the story
    groups with each article's date label, so the page only renders."""
    sources = matching_sources(news, query) if query.strip() else None
    events = [e.as_dict() for e in timeline(news, sources)]
    groups = [
        {"n": i, "articles": [{"source": s, "title": news.titles.get(s, ""),
                               "outlet": outlet_of(news.texts.get(s, "")) or "",
                               "date": news.dates[s].label} for s in g]}
        for i, g in enumerate(news.groups)
        if len(g) > 1 and (sources is None or set(g) & set(sources))
    ]
    return {"events": events, "groups": groups}
