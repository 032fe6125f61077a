"""Relative time resolved against an article's date: "yesterday", "on Wednesday",
"last week", "last December", "next year", "eight days after X", "in March".

dateparser parses the plain relative phrases ("yesterday", "last week", "three days
ago"); a phrase is only ever handed to it on its own, never a sentence that also holds
an absolute date ("February 4 next year" is misread as next year's February 4 of the
wrong year, so such combinations are resolved here, not by dateparser). Weekday names
follow news usage: "said on Tuesday" is the latest Tuesday on or before the article's
date, "will meet on Tuesday" the next one after it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from rag.news.explicit import MONTHS, WEEKDAYS, month_number, weekday_number
from rag.text import FUTURE, SPELLED, spelled

_FEW = {"a": 1, "an": 1, "a couple of": 2, "a few": 3}
_MONTH_ALT = "|".join(m.capitalize() for m in MONTHS)
_WD_ALT = "|".join(w.capitalize() for w in WEEKDAYS)
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# a resolved season named again from its first month ("autumn" for "fall" too)
SEASON_OF = {month: season for season, month in _SEASONS.items() if season != "fall"}
_PATTERN = re.compile(
    r"\b(?:"
    r"(?P<simple>yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))"
    rf"|(?P<monthyear>(?:in\s+)?(?:{_MONTH_ALT})\s+(?:last|next|this)\s+year)"
    r"|(?P<rel>(?:last|next|this|earlier\s+this|later\s+this)\s+(?:week|month|year|weekend))"
    rf"|(?P<season>(?:last|next|this)\s+(?:spring|summer|autumn|fall|winter))"
    rf"|(?P<lastmonth>(?:last|next|this|early|late|mid|earlier\s+in|in|since|from|until|by)\s+(?:{_MONTH_ALT})\b(?![\s.]+\d))"  # noqa: E501
    rf"|(?P<weekday>(?:{_WD_ALT})(?!s\b))\b(?!,?\s+(?:\d|{_MONTH_ALT}))"
    r"|(?P<offset>(?P<n>\d+|a\s+couple\s+of|a\s+few|an?|" + SPELLED + r")"
    r"\s+(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>ago|after|before|later|earlier))"
    r")",
    re.IGNORECASE,
)
# "from Monday", "until Sunday", "next Tuesday", "this Saturday" (the coming one): only
# right before the date
_FUTURE_NEAR = re.compile(r"(?:\b(?:until|from|next|by)\s+(?:\w+\s+){0,2}|\b(?:this|coming)\s+)$",
                          re.IGNORECASE)
_PRECISION_DAYS = {"day": 0, "week": 7, "month": 31, "year": 366}


@dataclass(frozen=True)
class Anchor:
    """What relative phrases are resolved against: a date, how precisely it is known
    (day, month, year) and how sure the article's date is."""

    date: dt.date
    precision: str = "day"
    confidence: float = 1.0


@dataclass(frozen=True)
class TimeMention:
    """A relative phrase and the date it means; `start`/`end` are offsets in the
    article text. `precision` says how much of `date` the phrase fixes."""

    start: int
    end: int
    text: str
    date: str
    precision: str
    confidence: float
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _number(word: str) -> int | None:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _FEW.get(word, spelled(word))


def _dateparser(phrase: str, base: dt.date) -> dt.date | None:
    """dateparser on one isolated relative phrase."""
    import dateparser

    parsed = dateparser.parse(
        phrase, languages=["en"],
        settings={"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
                  "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date() if parsed else None


def _future(sentence_before: str) -> bool:
    return bool(FUTURE.search(sentence_before[-140:]) or _FUTURE_NEAR.search(sentence_before))


def _shift_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + y, m + 1, min(day.day, 28))


def resolve(
    phrase: str, groups: dict[str, str | None], anchor: Anchor, future: bool
) -> tuple[dt.date, str, float, str] | None:
    """(date, precision, confidence, note) for one matched phrase, or None."""
    base = anchor.date
    low = " ".join(phrase.lower().split())
    day_ok = anchor.precision == "day"
    if groups.get("simple"):
        if not day_ok:
            return None
        got = _dateparser("yesterday" if low == "last night" else low.replace("tonight", "today")
                          .replace("this morning", "today").replace("this afternoon", "today")
                          .replace("this evening", "today"), base)
        return (got, "day", 0.95, "") if got else None
    if groups.get("weekday"):
        if not day_ok:
            return None
        target = weekday_number(low)
        if future:
            delta = (target - base.weekday()) % 7  # 0: later the same day
            if delta == 0 and groups.get("next"):
                delta = 7  # "next Saturday", written on a Saturday: a week on
            return base + dt.timedelta(days=delta), "day", 0.75, "the coming " + low.title()
        delta = (base.weekday() - target) % 7
        return base - dt.timedelta(days=delta), "day", 0.8, ""
    if groups.get("monthyear"):
        parts = low.split()
        month = month_number(parts[-3])
        year = base.year + {"last": -1, "next": 1, "this": 0}[parts[-2]]
        return dt.date(year, month, 1), "month", 0.75, ""
    if groups.get("rel"):
        unit = low.split()[-1]
        if unit == "weekend":
            return None
        if unit != "year" and not day_ok:
            return None
        if low.startswith(("earlier this", "later this", "this")):
            got = base
        else:
            got = _dateparser(low, base)
        if got is None:
            return None
        return got, {"week": "week", "month": "month", "year": "year"}[unit], 0.7, ""
    if groups.get("season"):
        which, season = low.split()
        year = base.year + {"last": -1, "next": 1, "this": 0}[which]
        if which == "last" and _SEASONS[season] < base.month:
            year = base.year
        return dt.date(year, _SEASONS[season], 1), "season", 0.6, ""
    if groups.get("lastmonth"):
        word, month_name = low.rsplit(" ", 1)
        month = month_number(month_name)
        if anchor.precision == "year" and word not in ("last", "next"):
            return None
        if word == "next" or (word in ("from", "until", "by") and future) or (
                word in ("in", "early", "late", "mid") and future):
            year = base.year if month > base.month else base.year + 1
        elif word == "this":
            year = base.year
        else:
            year = base.year if month < base.month or (
                month == base.month and word != "last") else base.year - 1
        return dt.date(year, month, 1), "month", 0.7 if word in ("last", "next") else 0.6, ""
    if groups.get("offset"):
        n = _number(groups.get("n") or "")
        unit = (groups.get("unit") or "").lower().rstrip("s")
        direction = (groups.get("dir") or "").lower()
        if n is None or (unit in ("day", "week") and not day_ok):
            return None
        sign = -1 if direction in ("ago", "after", "later") else 1
        if direction == "ago":
            got = _dateparser(f"{n} {unit}s ago", base)
            if got is None:
                return None
        elif unit == "day":
            got = base + dt.timedelta(days=sign * n)
        elif unit == "week":
            got = base + dt.timedelta(days=7 * sign * n)
        elif unit == "month":
            got = _shift_months(base, sign * n)
        else:
            got = _shift_months(base, 12 * sign * n)
        note = ""
        if direction in ("after", "before"):
            note = f"the event {n} {unit}(s) {'before' if direction == 'after' else 'after'} this"
        return got, unit if unit != "week" else "day", 0.75, note
    return None


def find_relative(
    text: str, anchor: Anchor | None, sentence_spans: list[tuple[int, int]],
    taken: list[tuple[int, int]] = (),  # type: ignore[assignment]
    sentence_anchor: dict[int, Anchor] | None = None,
) -> list[TimeMention]:
    """Every relative phrase in text resolved against `anchor` (or, for a sentence
    that states its own date, `sentence_anchor[sentence start]`). Spans overlapping
    `taken` (absolute dates) are skipped."""
    out: list[TimeMention] = []
    for m in _PATTERN.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        s_start = next((a for a, b in sentence_spans if a <= m.start() < b), 0)
        local = (sentence_anchor or {}).get(s_start)
        use = local if local and m.group("offset") else anchor
        if use is None:
            continue
        groups = {k: v for k, v in m.groupdict().items()}
        groups["next"] = "next" if re.search(r"\bnext\s+$", text[s_start:m.start()],
                                             re.IGNORECASE) else None
        got = resolve(m.group(), groups, use, _future(text[s_start:m.start()]))
        if got is None:
            continue
        day, precision, confidence, note = got
        confidence = round(confidence * use.confidence, 2)
        out.append(TimeMention(m.start(), m.end(), m.group(), day.isoformat(), precision,
                               confidence, note))
    return out
