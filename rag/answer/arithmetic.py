"""Differences worked out in code. "How much less was dredged than planned?" is
answered by two figures the articles state; the subtraction is never left to a model
(a 1.5B model gets it wrong, or gives the two figures and stops). The computed
sentence cites the sentences that state both figures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.schema import Answer, AnswerSentence, is_declined
from rag.text import MULTIPLIERS

# "how much less", "how many more people", "by how much", "what's the difference",
# "how much did the budget rise": the question asks for the gap between two figures
_ASKS_DIFFERENCE = re.compile(
    r"\bhow\s+(?:much|many)\s+(?:[a-z]+\s+){0,2}?(?:more|less|fewer|higher|lower|bigger|"
    r"smaller|larger|greater|cheaper|dearer|longer|shorter|over|under)\b|"
    r"\bby\s+how\s+(?:much|many)\b|"
    r"\b(?:the|a)\s+(?:difference|gap|shortfall)\s+(?:between|in|of)\b|"
    r"\bwhat(?:'s|’s|\s+is|\s+was)\s+the\s+(?:difference|gap)\b|"
    r"\bhow\s+(?:much|many)\s+(?:did|has|have|had|does|do|will|would)\b.{0,80}?\b(?:rise|"
    r"risen|rose|grow|grown|grew|increase[ds]?|go\s+up|gone\s+up|went\s+up|fall|fell|"
    r"fallen|drop|dropped|decrease[ds]?|go\s+down|gone\s+down|shrink|shrunk|shrank|"
    r"climb(?:ed)?)\b", re.I)
# "Who won by how many votes?": the winner's margin, the gap between the two largest
# of three or more tallies ("18,412 votes, ahead of Tench on 16,905 and Marsh on 9,270")
_ASKS_MARGIN = re.compile(r"\b(?:won|win|wins|winning|beat|beats|ahead|lead|led|margin|"
                          r"victory|majority)\b", re.I)
# "has risen by £6.5 million to £44.5 million": the answer already states the change
_STATES_CHANGE = re.compile(r"\b(?:by|of|up|down)\s+(?:about\s+|some\s+|nearly\s+|almost\s+)?"
                            r"[£$€]?\d", re.I)
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_FIGURE = re.compile(
    r"(?<![\w.,\[])(?P<cur>[£$€])?(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?![\d\]])(?:\s*(?P<mult>million|billion|bn|m|k|thousand)\b)?"
    r"(?:\s*(?P<unit>per\s*cent|%|(?:(?:cubic|square|metric)\s+)?[a-z][a-z-]*))?", re.I)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})[a-z]*\.?\s*$", re.I)
# words after a figure that do not name what it counts
_NOT_UNITS = {"and", "or", "to", "of", "in", "on", "at", "for", "from", "by", "the", "a",
              "an", "with", "was", "were", "is", "are", "had", "has", "have", "as", "than",
              "more", "less", "fewer", "after", "before", "ago", "later", "earlier"}


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str  # "£", "per cent", or the counted noun in the singular ("response")
    mult: str  # "million" where the text says so, to write the difference alike
    word: str = ""  # the counted noun as written ("cubic metres")
    end: int = 0  # where it ends in the text it was read from


def _tally(raw: str, text: str, span: tuple[int, int], out: list[Figure]) -> Figure | None:
    """A bare count in a list after a counted one: "18,412 votes, ahead of Tench on
    16,905" counts votes too. Only a whole number of like size (within ten times), in
    the same sentence, takes the earlier figure's noun."""
    last = out[-1] if out else None
    if last is None or last.unit in ("£", "$", "€", "per cent") or last.mult \
            or not raw.isdigit() or "." in text[last.end:span[0]] or last.value < 100:
        return None
    value = float(raw)
    return Figure(value, last.unit, "", last.word, span[1]) if last.value / 10 <= value \
        <= last.value * 10 else None


def figures(text: str) -> list[Figure]:
    """The figures a sentence states with what they count; years, days of a month
    and bare numbers (nothing said of what they count) are left out, but for a tally
    listed after a counted figure (`_tally`)."""
    out: list[Figure] = []
    for m in _FIGURE.finditer(text):
        if _MONTH_BEFORE.search(text[:m.start()]):
            continue  # "February 4"
        raw = m.group("n").replace(",", "")
        mult = (m.group("mult") or "").lower()
        word = unit = (m.group("unit") or "").lower()
        if mult in ("m", "k") and not m.group("cur"):
            mult, word, unit = "", mult, mult  # "8 m deep": metres, not millions
        value = float(raw) * MULTIPLIERS.get(mult, 1)
        if m.group("cur"):
            unit = m.group("cur")
        elif re.fullmatch(r"per\s*cent|%", unit):
            unit = "per cent"
        elif unit in _NOT_UNITS or not unit or re.fullmatch(rf"(?:{_MONTHS})[a-z]*", unit):
            if (tally := _tally(raw, text, m.span(), out)) is not None:
                out.append(tally)
            continue
        else:
            unit = re.sub(r"(?<=[a-z]{2}[^s])s$", "", unit)
        if raw.isdigit() and 1800 <= value <= 2100 and not m.group("cur") \
                and not mult and unit != "per cent":
            continue  # a year ("the 2014 Sochi Games")
        out.append(Figure(value, unit, "million" if mult in ("m", "million") else
                          "billion" if mult in ("bn", "billion") else "", word, m.end()))
    return out


# "removed more than the original 420,000 cubic metres": a figure the premise says was
# passed (or not reached)
_BEYOND = re.compile(r"\b(?P<side>more|over|greater|higher|bigger|larger|above|less|fewer|"
                     r"lower|smaller|under|below)\s+than\s+(?:the\s+)?(?:\w+\s+)?(?=[£$€]?\d)",
                     re.I)
_MORE_SIDE = {"more", "over", "greater", "higher", "bigger", "larger", "above"}


def wrong_side(premise: str, source: str) -> bool:
    """Does the premise put a figure past a bound ("removed more than the original
    420,000 cubic metres") that every figure of that kind the source gives is on the
    other side of ("removed 348,000 cubic metres")? Figures of other kinds are ignored."""
    m = _BEYOND.search(premise)
    if m is None:
        return False
    bound = next(iter(figures(premise[m.end():])), None)
    if bound is None:
        return False
    said = [f.value for f in figures(source) if f.unit == bound.unit]
    if not said or bound.value in said:
        return False
    more = m.group("side").lower() in _MORE_SIDE
    return all(v < bound.value if more else v > bound.value for v in said)


def asks_difference(question: str) -> bool:
    return bool(_ASKS_DIFFERENCE.search(question))


def written(value: float, figure: Figure) -> str:
    """A difference written the way the article wrote its figures ("£6.5 million")."""
    scale = {"million": 1e6, "billion": 1e9}.get(figure.mult, 1)
    shown = value / scale
    number = f"{shown:,.2f}".rstrip("0").rstrip(".") if shown != int(shown) else f"{shown:,.0f}"
    if figure.unit in ("£", "$", "€"):
        return f"{figure.unit}{number}{' ' + figure.mult if figure.mult else ''}"
    if figure.unit == "per cent":
        return f"{number} percentage points"
    unit = figure.unit if value == 1 else figure.word
    return f"{number}{' ' + figure.mult if figure.mult else ''} {unit}"


def with_difference(answer: Answer, question: str) -> Answer:
    """The answer, with the difference between the two figures its supported
    sentences state (of one kind: two sums of money, two counts of responses) when
    the question asks how much more or less. Each figure must be in a passage the
    answer cites; anything else (one figure, three, mixed kinds) leaves it as is."""
    if is_declined(answer) or not asks_difference(question):
        return answer
    quoted = " ".join(c.quote or c.snippet for c in answer.citations)
    stated = {(f.value, f.unit) for f in figures(quoted)}
    found: dict[tuple[float, str], Figure] = {}
    cites: list[int] = []
    for sentence in answer.sentences:
        if not sentence.supported or sentence.declined:
            continue
        own = [f for f in figures(sentence.text) if (f.value, f.unit) in stated]
        for f in own:
            found.setdefault((f.value, f.unit), f)
        if own:
            cites += [n for n in sentence.citations if n not in cites]
    units = {unit for _, unit in found}
    if len(found) > 2 and len(units) == 1 and _ASKS_MARGIN.search(question):
        found = dict(sorted(found.items(), key=lambda kv: -kv[1].value)[:2])  # first, second
    if len(found) != 2 or len(units) != 1 or not cites or any(
            _STATES_CHANGE.search(s.text) for s in answer.sentences):
        return answer
    big, small = sorted(found.values(), key=lambda f: -f.value)
    gap = big.value - small.value
    if gap <= 0:
        return answer
    marks = "".join(f"[{n}]" for n in cites)
    text = (f"The difference is {written(gap, big)} ({written(big.value, big)} − "
            f"{written(small.value, small)}, worked out from the figures cited). {marks}")
    answer.sentences = [*answer.sentences, AnswerSentence(text=text, citations=cites)]
    answer.text = f"{answer.text} {text}"
    return answer


def counts_otherwise(premise: str, source: str) -> bool:
    """Does the source count what the premise counts ("raised to 500,000 cubic metres")
    only in other figures ("cut from 420,000 to 350,000 cubic metres")? Figures of other
    kinds, and bare numbers, are ignored."""
    said = figures(source)
    return any((theirs := [g.value for g in said if g.unit == f.unit]) and f.value not in theirs
               for f in figures(premise))
