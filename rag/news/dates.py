"""Every article's publication date with its provenance.

`given`: the article states it (a date line, front matter, a "CITY, 19 March 2025 -"
dateline, or a page's metadata). `inferred`: worked out from the dates the text
itself reports (the latest event it tells in the past tense, the earliest it expects),
with a confidence and the sentence it came from; or, for an article that only names a
weekday, from the dated article that reports the same event. `unknown`: nothing to go
on. An inference is never labelled given."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from rag.news.explicit import DateMention, find_dates, fit_year
from rag.news.relative import Anchor, _future
from rag.text import PAST, sentence_spans

_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'’-]{1,40},\s+(?P<date>[^-–—]{6,40}?)\s*[-–—]\s", re.MULTILINE)
_NEXT = re.compile(r"\bnext\s+(?:year|spring|summer|autumn|fall|winter|season)\b", re.I)
_SAME_DAY = re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight)\b", re.I)
_SCHEDULED = re.compile(
    r"\b(?:opens?|closes?|runs?|begins?|starts?|ends?|takes?\s+place)\b(?![^,;]*\b(?:was|were|had|did)\b)",
    re.I)
# "after he tore a hamstring in the defeat at Millbeck on": a past clause up to the date
_PAST_CLAUSE = re.compile(rf"\b(?:after|since|when|because)\s+(?:\S+\s+){{0,3}}?{PAST.pattern}"
                          r"[^,;]*$", re.I)
_PUBLISHED = re.compile(r"^(?:published|updated|posted|date)\b[\s:]*\S.{0,40}$", re.I)
LEAD_SENTENCES = 3
WEEKDAY_SENTENCES = 10  # how far into a story a bare "on Wednesday" still dates it


@dataclass(frozen=True)
class ArticleDate:
    """A publication date and where it came from. `relation` is `on` or `before` (only
    an upper bound is known); `precision` is day, month or year."""

    date: str | None
    provenance: str  # given | inferred | unknown
    confidence: float = 0.0
    evidence: str = ""  # the sentence (or line) it came from
    how: str = ""  # "date line", "dateline", "latest past event", "same event as X"
    relation: str = "on"
    precision: str = "day"
    note: str = ""  # a problem worth telling the user (unparseable, contradictions)

    @property
    def label(self) -> str:
        """"2021-12-15 (given: date line)", "2025-01-12 (inferred from "…", 0.6)"."""
        if self.provenance == "unknown" or not self.date:
            return "unknown" + (f" ({self.note})" if self.note else "")
        shown = {"year": self.date[:4], "month": self.date[:7]}.get(self.precision, self.date)
        if self.relation == "before":
            shown = f"before {self.date}"
        if self.provenance == "given":
            return f"{shown} (given: {self.how or 'date line'})"
        return (f"{shown} (inferred from \u201c{short(self.evidence)}\u201d, "
                f"confidence {self.confidence:.1f})")

    @property
    def short(self) -> str:
        """The date and its provenance in a column: "2021-12-15 given"."""
        if not self.date:
            return "unknown"
        shown = {"year": self.date[:4], "month": self.date[:7]}.get(self.precision, self.date)
        return f"<{shown} {self.provenance}" if self.relation == "before" else \
            f"{shown} {self.provenance}"

    @property
    def details(self) -> list[str]:
        """Lines under an article in `rag articles`: how an inference was made, and any
        problem with the article's dates."""
        out = []
        if self.provenance == "inferred":
            out.append(f"date {self.label}" + (f"; {self.how}" if self.how else ""))
        if self.note:
            out.append(f"note: {self.note}")
        return out

    def anchor(self) -> Anchor | None:
        """What this article's relative phrases are resolved against."""
        if not self.date:
            return None
        day = dt.date.fromisoformat(self.date)
        if self.relation == "before":
            return Anchor(day - dt.timedelta(days=1), "year", self.confidence)
        return Anchor(day, self.precision, self.confidence if self.provenance != "given" else 1.0)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sentence_at(text: str, spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    return next(((a, b) for a, b in spans if a <= pos < b), (0, len(text)))


def given_date(given: str | None) -> ArticleDate | None:
    """The date the article states in its metadata or date line, checked."""
    if not given:
        return None
    try:
        dt.date.fromisoformat(given)
    except ValueError:
        return ArticleDate(None, "unknown", note=f"date line {given!r} is not a date")
    return ArticleDate(given, "given", 1.0, how="date line")


def _dateline(text: str) -> tuple[ArticleDate | None, str]:
    """A "HARBOURTON, 19 March 2025 - " dateline opening one of the first paragraphs."""
    head = "\n".join(p for p in text.split("\n") if p.strip())[:600]
    for m in _DATELINE.finditer(head):
        found = find_dates(m.group("date"))
        if found and found[0].precision == "day" and found[0].year:
            day = found[0].resolve(found[0].year)
            if day:
                return ArticleDate(day.isoformat(), "given", 1.0, m.group().strip(),
                                   "dateline"), ""
        return None, f"dateline {m.group('date')!r} could not be read as a date"
    return None, ""


def infer_date(text: str, given: str | None = None, year_hint: int | None = None
               ) -> ArticleDate:
    """One article's date from its own text (no other article consulted)."""
    stated = given_date(given)
    if stated and stated.provenance == "given":
        return stated
    note = stated.note if stated else ""
    line, line_note = _dateline(text)
    if line:
        return line
    note = note or line_note or _unread_date_line(text)
    spans = sentence_spans(text)
    mentions = find_dates(text)
    years = [m.year for m in mentions if m.year]
    hint = max(year_hint or 0, max(years, default=0)) if year_hint and years and \
        max(years) > year_hint else (year_hint or max(years, default=0)) or None
    past: list[tuple[dt.date, DateMention, tuple[int, int]]] = []
    future: list[tuple[dt.date, DateMention, tuple[int, int]]] = []
    for m in mentions:
        if m.precision != "day":
            continue
        sent = _sentence_at(text, spans, m.start)
        year = m.year or _year_in(text[sent[0]:sent[1]], mentions, sent)
        if year and m.weekday is not None and m.resolve(year) and \
                m.resolve(year).weekday() != m.weekday:  # type: ignore[union-attr]
            year = None  # "Saturday, March 8 ... since 1998": 1998 is not its year
        year = year or (fit_year(m, hint) if hint else None)
        if year is None:
            continue
        day = m.resolve(year)
        if day is None:
            continue
        is_future = ahead(text, sent[0], m.start)
        (future if is_future else past).append((day, m, sent))
    if past:
        latest = max(d for d, _, _ in past)
        future = [(_next_year(d, m) if d < latest and not m.year else d, m, s)
                  for d, m, s in future]
        day, m, sent = max(past, key=lambda x: x[0])
        conf = 0.7 if m.year or m.weekday is not None else 0.6
        if _SAME_DAY.search(text[sent[0]:sent[1]]):
            conf = min(0.9, conf + 0.1)
        contradict = [f for f in future if f[0] < day]
        if contradict:
            note = (f"dates in the text contradict each other: {short(contradict[0][1].text, 30)}"
                    f" is ahead, {short(m.text, 30)} already past")
            conf = 0.4
        return ArticleDate(day.isoformat(), "inferred", conf, text[sent[0]:sent[1]],
                           "latest event reported", note=note)
    if future:
        day, m, sent = min(future, key=lambda x: x[0])
        return ArticleDate(day.isoformat(), "inferred", 0.4, text[sent[0]:sent[1]],
                           "earliest event still ahead", relation="before", note=note)
    return _infer_year(text, mentions, spans, note)


def _unread_date_line(text: str) -> str:
    """A "Published …" line near the top that the cleaner could not read as a date."""
    for line in [x for x in text.split("\n") if x.strip()][:3]:
        m = _PUBLISHED.match(line.strip())
        if m:
            return f"date line {short(line.strip(), 40)!r} could not be read as a date"
    return ""


def ahead(text: str, sentence_start: int, pos: int) -> bool:
    """Is the date at `pos` one the sentence still expects ("will close on", "open on")?
    Not when a past clause leads to it: "will be out until the new year after he tore a
    hamstring on Saturday, November 8" dates the tear."""
    if _PAST_CLAUSE.search(text[sentence_start:pos]):
        return False
    return _future(text[sentence_start:pos]) or bool(
        _SCHEDULED.search(text[max(sentence_start, pos - 45):pos]))


def _next_year(day: dt.date, m: DateMention) -> dt.date:
    """A date still ahead, written without a year, that falls before what the text
    already reports: it is next year's ("opens on January 1" in November)."""
    return m.resolve(day.year + 1) or day


def _year_in(sentence: str, mentions: list[DateMention], sent: tuple[int, int]) -> int | None:
    """A year written in the same sentence ("the 2022 Winter Olympics ... on Feb. 4")."""
    return next((m.year for m in mentions
                 if m.year and m.precision == "year" and sent[0] <= m.start < sent[1]), None)


def _infer_year(text: str, mentions: list[DateMention], spans: list[tuple[int, int]],
                note: str) -> ArticleDate:
    """No day at all: the year, from "next spring" against the earliest year the
    text expects, or from the latest year it reports as past."""
    if not mentions:
        return ArticleDate(None, "unknown", note=note or "no date line and no dates in the text")
    later: list[tuple[DateMention, tuple[int, int]]] = []
    behind: list[tuple[DateMention, tuple[int, int]]] = []
    for m in mentions:
        if not m.year:
            continue
        sent = _sentence_at(text, spans, m.start)
        before = text[sent[0]:m.start]
        (later if _future(before) or re.search(r"\b(?:at|for)\s+\S+\s*$", before)
         and re.search(r"\bwill\b|\bexpected\b|\bscheduled\b", text[sent[0]:sent[1]])
         else behind).append((m, sent))
    nxt = _NEXT.search(text)
    if later and nxt:
        m, sent = min(later, key=lambda x: x[0].year or 0)
        assert m.year
        sent2 = _sentence_at(text, spans, nxt.start())
        return ArticleDate(f"{m.year - 1}-01-01", "inferred", 0.5,
                           text[sent2[0]:sent2[1]] + " / " + text[sent[0]:sent[1]],
                           f"'{nxt.group()}' is {m.year}", precision="year", note=note)
    if behind:
        m, sent = max(behind, key=lambda x: x[0].year or 0)
        assert m.year
        return ArticleDate(f"{m.year}-01-01", "inferred", 0.3, text[sent[0]:sent[1]],
                           "latest year reported", precision="year", note=note)
    return ArticleDate(None, "unknown", note=note or "only future years in the text")


def weekday_in_lead(text: str) -> tuple[int, str] | None:
    """(weekday, sentence) when one of the first sentences names a bare weekday."""
    from rag.news.explicit import weekday_number

    for a, b in sentence_spans(text)[:WEEKDAY_SENTENCES]:
        sentence = text[a:b]
        m = re.search(r"\bon\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                      r"(?!,?\s+\w+\s+\d)", sentence)
        if m:
            return weekday_number(m.group(1)), sentence
    return None


def date_corpus(articles: dict[str, tuple[str, str | None]],
                same_event: dict[str, list[str]] | None = None) -> dict[str, ArticleDate]:
    """Dates for a whole corpus: `articles` maps source -> (text, given date);
    `same_event` maps a source to the sources reporting the same event. The year of
    the corpus's stated dates helps place "Sunday, January 12"; an article that only
    says "on Wednesday" takes the date of a dated report of the same event whose
    Wednesday it is."""
    stated = [g for _, g in articles.values() if g and given_date(g) and given_date(g).date]  # type: ignore[union-attr]
    years = sorted(int(g[:4]) for g in stated)
    hint = years[len(years) // 2] if years else None
    dates = {s: infer_date(text, given, hint) for s, (text, given) in articles.items()}
    for source, (text, _) in articles.items():
        own = dates[source]
        if own.provenance == "given" or (own.date and own.precision == "day"
                                         and own.relation == "on"):
            continue
        lead = weekday_in_lead(text)
        if not lead:
            continue
        for other in (same_event or {}).get(source, []):
            theirs = dates.get(other)
            if not theirs or not theirs.date or theirs.precision != "day" \
                    or theirs.relation != "on":
                continue
            day = dt.date.fromisoformat(theirs.date)
            if day.weekday() != lead[0]:
                continue
            if own.relation == "before" and own.date and day >= dt.date.fromisoformat(own.date):
                continue
            dates[source] = replace(
                own, date=day.isoformat(), provenance="inferred",
                confidence=round(0.7 * (theirs.confidence or 1.0), 2), evidence=lead[1],
                how=f"same event as {other} ({theirs.date})", relation="on", precision="day")
            break
    return dates
