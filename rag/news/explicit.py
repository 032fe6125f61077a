"""Absolute dates written in article text: "Tuesday, March 18", "19 March 2025",
"Feb. 4", "February 2022", "2025-03-18", and bare years ("in 2014").

Each mention keeps its exact span and what it fixes (day, month or year); a date
written without a year gets one later, from the sentence or the article's year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def day_text(day: dt.date) -> str:
    """A day as answers write it: "Monday, 14 July 2025"."""
    return (f"{WEEKDAYS[day.weekday()].title()}, {day.day} {MONTHS[day.month - 1].title()} "
            f"{day.year}")

_MON = r"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_WD = r"(?:(?P<wd>mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_YEAR = r"(?P<y>(?:1[89]|20)\d{2})"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE = re.compile(
    r"\b(?:"
    r"(?P<iso>(?:1[89]|20)\d{2}-[01]\d-[0-3]\d)"
    rf"|{_WD}{_MON.format(g='m1')}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>(?:1[89]|20)\d{{2}})\b)?"  # noqa: E501
    rf"|{_WD.replace('wd', 'wd2')}{_DAY.replace('d>', 'd2>')}\s+(?:of\s+)?{_MON.format(g='m2')}(?:,?\s+(?P<y2>(?:1[89]|20)\d{{2}})\b)?"  # noqa: E501
    rf"|{_MON.format(g='m3')}\s+(?:of\s+)?{_YEAR.replace('y>', 'y3>')}\b"
    rf"|(?<![£$€\d.,-]){_YEAR.replace('y>', 'y4>')}\b(?![.,]\d|%|-\d)"
    r")",
    re.IGNORECASE,
)
# "May" and "March" are words too: a month name alone only counts with a day or year.


@dataclass(frozen=True)
class DateMention:
    """A date written in the text. `year` may be None ("Tuesday, March 18")."""

    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # 0 = Monday, when the text names one

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def resolve(self, year: int) -> dt.date | None:
        """The date with `year` filled in when the text gave none."""
        try:
            return dt.date(self.year or year, self.month or 1, self.day or 1)
        except ValueError:
            return None


def month_number(name: str) -> int:
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(name[:3].lower()))


def weekday_number(name: str) -> int:
    return next(i for i, w in enumerate(WEEKDAYS) if w.startswith(name[:3].lower()))


def find_dates(text: str) -> list[DateMention]:
    """Every absolute date mention in text, in order; impossible dates are dropped."""
    out: list[DateMention] = []
    for m in _DATE.finditer(text):
        g = m.groupdict()
        weekday = g.get("wd") or g.get("wd2")
        wd = weekday_number(weekday) if weekday else None
        year: int | None
        month: int | None
        day: int | None
        if g["iso"]:
            y, mo, d = (int(x) for x in g["iso"].split("-"))
            year, month, day = y, mo, d
        elif g["m1"]:
            year = int(g["y1"]) if g["y1"] else None
            month, day = month_number(g["m1"]), int(g["d1"])
        elif g["m2"]:
            year = int(g["y2"]) if g["y2"] else None
            month, day = month_number(g["m2"]), int(g["d2"])
        elif g["m3"]:
            if g["m3"].lower().startswith(("may", "mar")) and g["m3"][0].islower():
                continue  # "may 2024" in running text is rarely a date
            year, month, day = int(g["y3"]), month_number(g["m3"]), None
        else:
            year, month, day = int(g["y4"]), None, None
        if day is not None and not 1 <= day <= 31:
            continue
        if day is not None and year is not None:
            try:
                dt.date(year, month or 1, day)
            except ValueError:
                continue
        out.append(DateMention(m.start(), m.end(), m.group(), year, month, day, wd))
    return out


def fit_year(mention: DateMention, near: int) -> int:
    """The year for a date written without one: the year nearest `near` whose calendar
    puts the named weekday on that day ("Sunday, January 12" → 2025 near 2025), else
    `near` itself."""
    if mention.year:
        return mention.year
    if mention.weekday is None or not mention.day or not mention.month:
        return near
    for delta in (0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6):
        try:
            if dt.date(near + delta, mention.month, mention.day).weekday() == mention.weekday:
                return near + delta
        except ValueError:
            continue
    return near
