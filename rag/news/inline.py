"""The model's own "yesterday" or "until Sunday" shown with the day it stands for, as
resolved in the passage it cites: "It came into force yesterday (Monday, 14 July
2025)". A sentence that quotes its passage word for word is left as it is (a quote's
dated phrases are on its citation), and so is a day already written out."""

from __future__ import annotations

import datetime as dt
import re

from rag.news.explicit import WEEKDAYS, day_text
from rag.schema import Answer, Citation

_LEAD = re.compile(r"^(?:on|by|until|till|from|since)\s+", re.I)
_MARKS = re.compile(r"\s*\[\d+\]")
# a phrase that names one day ("yesterday", "last night", "on Sunday", "next Tuesday");
# not a distance from another day ("a week before", "two days later")
_ONE_DAY = re.compile(r"(?i)(?:(?:last|next|this|on)\s+)?(?:" + "|".join(WEEKDAYS)
                      + r")(?:\s+(?:night|morning|afternoon|evening))?|yesterday(?:\s+"
                      r"(?:morning|afternoon|evening))?|today|tomorrow|tonight|"
                      r"last\s+night|this\s+(?:morning|afternoon|evening)")
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


def day_label(iso: str) -> str:
    """"2025-07-14" -> "Monday, 14 July 2025"."""
    return day_text(dt.date.fromisoformat(iso))


def _days(cites: list[Citation]) -> list[tuple[str, str]]:
    """(phrase, day label) for each day-precise phrase the cited passages resolve,
    without its preposition ("on Sunday" is met by "to Sunday" too)."""
    out: list[tuple[str, str]] = []
    for c in cites:
        for t in c.times:
            phrase = _LEAD.sub("", str(t.get("text", ""))).strip()
            if t.get("precision") == "day" and t.get("date") and _ONE_DAY.fullmatch(phrase) \
                    and (phrase, t["date"]) not in out:
                out.append((phrase, str(t["date"])))
    return [(p, day_label(d)) for p, d in out]


def resolve_inline(answer: Answer) -> Answer:
    """The answer with each of its own relative days followed by the day it is."""
    if not answer.supported or answer.corrects_premise:
        return answer
    by_n = {c.n: c for c in answer.citations}
    for sentence in answer.sentences:
        cites = [by_n[n] for n in sentence.citations if n in by_n]
        plain = _MARKS.sub("", sentence.text).strip()
        if sentence.declined or not cites or any(plain in c.snippet for c in cites):
            continue
        text = sentence.text
        for phrase, label in _days(cites):
            day = label.split(", ", 1)[1]
            if day in text:
                continue  # "on Sunday, 20 July 2025": already said
            shown = day if phrase.lower() in WEEKDAYS else label  # "Sunday (20 July 2025)"
            quoted = [q.span() for q in _QUOTED.finditer(text)]
            hit = next((m for m in re.finditer(rf"(?i)\b{re.escape(phrase)}\b(?!\s*\()", text)
                        if not any(a <= m.start() < b for a, b in quoted)), None)
            if hit:  # never inside a quotation: those are the article's words
                text = f"{text[:hit.end()]} ({shown}){text[hit.end():]}"
        if text != sentence.text and sentence.text in answer.text:
            answer.text = answer.text.replace(sentence.text, text, 1)
            sentence.text = text
    return answer


def lead_day(answer: Answer) -> tuple[str, str, int] | None:
    """The first relative day ("this Saturday", "yesterday") the answer's lead sentence
    says, as the passage it cites resolves it: (phrase, day label, citation number)."""
    if not answer.supported or not answer.sentences or answer.sentences[0].declined:
        return None
    lead = answer.sentences[0]
    by_n = {c.n: c for c in answer.citations}
    for n in lead.citations:
        if n not in by_n:
            continue
        for phrase, label in _days([by_n[n]]):
            if re.search(rf"(?i)\b{re.escape(phrase)}\b", _MARKS.sub("", lead.text)):
                return phrase, label, n
    return None
