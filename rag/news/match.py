"""Which dated sentence a question's phrase means: every dated phrase of the corpus
(and each article's own date, for its headline and lead) scored against the phrase by
meaning (the engine's sentence vectors) and by the phrase's words found in the
sentence and right around the date."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.news.index import NewsIndex
from rag.text import sentence_spans, stem, terms

Embed = Callable[[list[str]], np.ndarray]
MIN_SCORE = 0.42
NAME_WEIGHT = 0.1
AHEAD, AHEAD_DONE = 0.04, 0.1  # an expectation's penalty; more when the phrase says it happened
ARTICLE_SENTENCES = 4  # an article's own date stands for its headline and opening
PRECISION_BONUS = {"day": 0.07, "week": 0.03, "month": 0.03}
_NAME = re.compile(r"\b[A-Z][A-Za-z]+\b")


# Words a reader uses for an event that reports name otherwise ("polling day" for the
# day of "yesterday's election", "clinching promotion" for "promoted after a win"), by stem
_EVENT_WORDS = {"poll": "election", "polling": "election", "ballot": "vote", "clinch": "win"}


# The start or the end of something: a date "that began on July 8" is not the day an
# event "ended", and "was completed on November 21" is
PHASE = 0.08
ARTICLE_MARGIN = 0.05  # a stated date within this of its article's date is preferred
START = re.compile(r"\b(?:begin|began|begun|begins|beginning|start|starts|started|starting|"
                   r"commenc\w*|got\s+under\s?way)\b", re.I)
END = re.compile(r"\b(?:end|ends|ended|ending|finish\w*|complet\w*|conclu\w*)\b", re.I)


_FROM = re.compile(r"\b(?:from|starting|as\s+of)\s*$", re.I)  # "a ban from tomorrow"
_UNTIL = re.compile(r"\b(?:until|till|til)\s*$", re.I)  # "open until Sunday"


def phase(text: str) -> str:
    """"start", "end" or "" for words that say which; both or neither say nothing."""
    start, end = bool(START.search(text)), bool(END.search(text))
    return "start" if start and not end else "end" if end and not start else ""


def phase_words(text: str) -> str:
    """The text without the words that say which end of an event it is."""
    return END.sub(" ", START.sub(" ", text))


def phase_before(text: str) -> str:
    """The phase of a date from the words just before it: "began on", "from", "until"."""
    return phase(text) or ("start" if _FROM.search(text) else "end" if _UNTIL.search(text)
                           else "")


_OFFICE = re.compile(r"\b(?:take|takes|took|taking|taken)\s+office\b", re.I)
# A phrase about something that happened ("the shipbuilder was announced"): a plan for
# it ("is expected to be chosen in May") is a weaker answer still
_DONE = re.compile(r"\b(?:\w{3,}ed|was|were|did|had|won|lost|took|came|began|held|broke|"
                   r"made|went|met|gave|sold|paid|ran|fell|rose)\b", re.I)


# "the Beijing Games Putin planned to attend": the Games are the event; who planned to go
# is not, and the report of the plan carries its own (earlier) date
_PLANNED_BY = re.compile(r"^(?P<np>.+\b[A-Za-z]{3,})\s+(?:[A-Z][\w'’-]*|he|she|they|it)\s+"
                         r"(?:had\s+)?(?:planned|hoped|intended|wanted|was\s+due|were\s+due|"
                         r"was\s+set|was\s+going|will|would)\s+(?:to\s+)?\w+$")


def reported(phrase: str) -> str:
    """A question's phrase for an event in the words reports use for it ("taking
    office" is being "sworn in")."""
    if m := _PLANNED_BY.match(phrase.strip()):
        phrase = re.sub(r"\s+(?:that|which)$", "", m.group("np"))
    phrase = _OFFICE.sub("sworn in", phrase)
    return re.sub(r"[A-Za-z]+", lambda m: _EVENT_WORDS.get(stem(m.group().lower()), m.group()),
                  phrase)


def event_terms(phrase: str) -> list[str]:
    """A question's phrase for an event as search terms, in the words reports use."""
    return terms(reported(phrase))


def names(phrase: str) -> set[str]:
    """The capitalised words of a question's phrase (names: "Putin's call with Biden"),
    as search terms; capitalised stopwords ("The") drop out."""
    return {t for w in _NAME.findall(phrase) for t in terms(w)}


@dataclass(frozen=True)
class Dated:
    """A date the articles give for something, with where it is said."""

    source: str
    date: str
    precision: str  # day, week, month, season, year, before
    confidence: float
    phrase: str  # the words that say when
    sentence: tuple[int, int]  # in the article text
    provenance: str  # stated | resolved | article
    score: float = 0.0
    ahead: bool = False  # the text still expects it ("will stand in October")
    phase: str = ""  # start | end: the words just before the date ("began on July 8")


# ", which opens in May," or a person's, which may end the sentence ("…, alongside
# Lindqvist, who launched her own campaign earlier this month.")
_ASIDE = re.compile(r",\s+(?:(?:which|where)\b[^,;]{3,}?,|(?:who|whose)\b[^,;]{3,}?(?:,|\.?$))")
_WHO_ASIDE = re.compile(r",\s+(?:who|whose)\b")
# "He announced his candidacy on Monday, June 23": who "he" is, the sentence before says
_PRONOUN_START = re.compile(r"^\W*(?:He|She|They)\b")
_FIRST_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


def _aside(text: str, a: int, b: int, start: int, end: int) -> tuple[int, int] | None:
    """The span of the aside (", who voted against it in March,") holding a date in the
    sentence text[a:b], or None: such a date dates the aside, not what the sentence
    says happened ("…, broke a bottle against the bow")."""
    for m in _ASIDE.finditer(text, a, b):
        if m.start() <= start and end <= m.end():
            return m.start(), m.end()
    return None


def _without(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> str:
    """text[a:b] less the given spans."""
    kept, at = [], a
    for x, y in spans:
        kept.append(text[at:x])
        at = y
    return " ".join(part.strip() for part in [*kept, text[at:b]] if part.strip())


def _sentence_before(text: str, a: int) -> str:
    """The sentence ending just before offset `a` (in its paragraph), or ""."""
    start = max(text.rfind("\n", 0, a), text.rfind(". ", 0, max(0, a - 2)) + 1, 0)
    return text[start:a].strip()


def _read_as(text: str, span: tuple[int, int], m: dict[str, Any], mentions: list[dict[str, Any]],
             alone: bool) -> tuple[str, str]:
    """The sentence text a dated phrase is scored by, and its local window: an aside's
    date (", who voted against it in March,") by the aside and whom it speaks of; the
    sentence's own date without what a dated person aside says; "He announced …" read
    with the name of the sentence before. `alone`: the sentence's only dated phrase."""
    a, b = span
    sentence = text[a:b]
    # the sentence's asides that hold a dated phrase: this one's, or another's
    dated = [z.span() for z in _ASIDE.finditer(text, a, b)
             if any(z.start() <= o["start"] < z.end() for o in mentions)]
    aside = next(((x, y) for x, y in dated if x <= m["start"] and m["end"] <= y), None)
    if aside is not None:  # with whom a person's speaks of ("alongside Lindqvist, who …")
        window = text[max(a, text.rfind(",", a, aside[0]) + 1) if _WHO_ASIDE.match(
            text, aside[0]) else aside[0]:aside[1]].strip()
        return sentence, window
    if re.search(r"\b(?:after|before)$", m["text"].lower()):
        window = text[m["end"]:b]
    elif alone:
        window = sentence
    else:
        wa, wb = max(a, m["start"] - 70), min(b, m["end"] + 40)
        # "Marsh voted against it in March, alongside Lindqvist, who launched her
        # campaign this month.": what a dated aside says is not what March dates
        window = _without(text, wa, wb, [(max(wa, x), min(wb, y)) for x, y in dated
                                         if x < wb and y > wa])
    whose = [(x, y) for x, y in dated if _WHO_ASIDE.match(text, x)]
    if whose:  # that is what someone else did; a thing's aside still says what it is
        sentence = _without(text, a, b, whose)
    if (pronoun := _PRONOUN_START.match(sentence)) and (
            who := _FIRST_NAME.search(_sentence_before(text, a))) is not None:
        window = f"{who.group()} {window}"
        sentence = f"{who.group()}{sentence[pronoun.end():]}"
    return sentence, window


def candidates(news: NewsIndex) -> list[tuple[Dated, str, str]]:
    """(dated, sentence text, local window text) for every dated phrase and article."""
    out: list[tuple[Dated, str, str]] = []
    for source, mentions in news.mentions.items():
        text = news.texts[source]
        per_sentence: dict[int, int] = {}
        for m in mentions:
            per_sentence[m["sentence"][0]] = per_sentence.get(m["sentence"][0], 0) + 1
        days = {(m["sentence"][0], m["date"][:7]): m for m in mentions if m["precision"] == "day"}
        for m in mentions:
            a, b = m["sentence"]
            if m["precision"] == "month" and (a, m["date"][:7]) in days:
                # "in February, ... from February 4 to 20": the sentence's own day says it
                day = days[(a, m["date"][:7])]
                m = {**m, "date": day["date"], "precision": "day", "kind": day["kind"],
                     "confidence": max(m["confidence"], day["confidence"])}
            sentence, window = _read_as(text, (a, b), m, mentions, per_sentence[a] == 1)
            provenance = "stated" if m["kind"] == "absolute" else "resolved"
            before = text[max(a, m["start"] - 25):m["start"]]  # "... that began on"
            out.append((Dated(source, m["date"], m["precision"], float(m["confidence"]),
                              m["text"], (a, b), provenance, ahead=bool(m.get("ahead")),
                              phase=phase_before(before)), sentence, window))
    for source, d in news.dates.items():
        if not d.date:
            continue
        text = news.texts[source]
        spans = sentence_spans(text)
        lead = spans[0] if spans else (0, 0)
        # The article's date stands for its headline and opening, less any sentence
        # that dates something else ("eight days after Putin spoke with Biden").
        elsewhere = {m["sentence"][0] for m in news.mentions.get(source, [])
                     if m["date"] != d.date and m["precision"] in ("day", "month")
                     and _aside(text, m["sentence"][0], m["sentence"][1], m["start"],
                                m["end"]) is None}
        opening = [text[a:b] for a, b in spans[:ARTICLE_SENTENCES] if a not in elsewhere]
        head = f"{news.titles.get(source, '')}. {' '.join(opening)}"
        headline = f"{news.titles.get(source, '')}. {text[lead[0]:lead[1]]}"
        precision = "before" if d.relation == "before" else d.precision
        lead_day = news.leads.get(source)
        said = next((m for m in news.mentions.get(source, []) if lead_day
                     and m["date"] == lead_day and m["precision"] == "day"
                     and m["start"] < (spans[min(len(spans), 3) - 1][1] if spans else 0)), None)
        if said and lead_day != d.date:  # the headline's event: the lead's "yesterday"
            out.append((Dated(source, lead_day or "", "day", float(said["confidence"]),
                              said["text"], (said["sentence"][0], said["sentence"][1]),
                              "stated" if said["kind"] == "absolute" else "resolved"),
                        head, headline))
            continue
        out.append((Dated(source, d.date, precision, d.confidence, d.label, lead, "article"),
                    head, headline))
    return out


def rarity(news: NewsIndex) -> dict[str, float]:
    """Each term's rarity among the articles, 0 (in every article) to 1 (in one), built
    once per index and kept beside it; its keys are the articles' vocabulary."""
    cache = news.__dict__
    if "_rarity" not in cache:
        seen: dict[str, int] = {}
        for text in news.texts.values():
            for t in set(terms(text)):
                seen[t] = seen.get(t, 0) + 1
        n = max(2, len(news.texts))
        cache["_rarity"] = {t: math.log(n / df) / math.log(n) for t, df in seen.items()}
    rarity: dict[str, float] = cache["_rarity"]
    return rarity


def _names_said(wanted: dict[str, float], have: set[str]) -> float:
    """The share of a phrase's names, weighted by rarity, among a text's terms."""
    total = sum(wanted.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in wanted.items() if t in have) / total


def prefer_stated(scored: list[tuple[float, Dated]]) -> list[tuple[float, Dated]]:
    """A sentence that dates its event itself ("the Games open on February 4") is not
    dated by a bound on its article's day ("before 4 February", inferred) instead, where
    the article's title made that one read a little closer. A close call only: where the
    sentence's own date reads far worse, it dates something else in the sentence
    ("Putin said on Tuesday …" before "… the Games that open on Feb. 4")."""
    stated: dict[tuple[str, tuple[int, int]], float] = {}
    for score, d in scored:
        if d.provenance != "article":
            stated[(d.source, d.sentence)] = max(stated.get((d.source, d.sentence), -1.0), score)
    out = []
    for score, d in scored:
        own = stated.get((d.source, d.sentence))
        if d.provenance == "article" and d.precision != "day" and own is not None \
                and own >= score - ARTICLE_MARGIN:
            score = min(score, own - 0.01)
        out.append((score, d))
    return out


def prefer_days(scored: list[tuple[float, Dated]]) -> list[tuple[float, Dated]]:
    """A vague date ("earlier this month": June 2025) yields to a day within it read
    about as close ("yesterday": 3 June 2025), which says more of the same event."""
    days: dict[str, float] = {}
    for score, d in scored:
        if d.precision == "day":
            days[d.date[:7]] = max(days.get(d.date[:7], -1.0), score)
    out = []
    for score, d in scored:
        day = days.get(d.date[:7], -1.0)
        if d.precision in ("month", "week") and day >= score - ARTICLE_MARGIN:
            score = min(score, day - 0.01)
        out.append((score, d))
    return out


def best_dates(news: NewsIndex, phrase: str, embed: Embed, k: int = 3,
               exclude: set[tuple[str, tuple[int, int]]] | None = None) -> list[Dated]:
    """The k dated phrases that best match `phrase`, best first (score ≥ MIN_SCORE)."""
    said = reported(phrase)
    wanted = set(terms(said))
    if not wanted:
        return []
    items = candidates(news)
    if not items:
        return []
    sentences = [s for _, s, _ in items]
    vecs = embed([said, *dict.fromkeys(sentences)])
    qvec, table = vecs[0], dict(zip(dict.fromkeys(sentences), vecs[1:], strict=True))
    ahead = AHEAD_DONE if _DONE.search(phrase) else AHEAD
    rare = rarity(news)
    named = {t: rare.get(t, 0.0) for t in names(said)}
    asked = phase(phrase)
    scored = []
    for dated, sentence, window in items:
        if exclude and (dated.source, dated.sentence) in exclude:
            continue
        cos = float(np.dot(qvec, table[sentence]))
        in_sentence, in_window = set(terms(sentence)), set(terms(window))
        cov = len(wanted & in_sentence) / len(wanted)
        wcov = len(wanted & in_window) / len(wanted)
        score = 0.4 * cos + 0.35 * cov + 0.25 * wcov + 0.05 * dated.confidence
        # the event's rare names ("the National Weather Bureau issued …") must be where
        # its date is: a sentence dating the same alert without them dates something else
        score += NAME_WEIGHT * _names_said(named, in_sentence | in_window)
        if dated.provenance == "article":
            score -= ARTICLE_MARGIN  # a date the text states beats the article's own date
        else:
            score += PRECISION_BONUS.get(dated.precision, 0.0)
        if dated.ahead:
            score -= ahead  # an expectation is a weaker answer than what happened
        if asked and dated.phase:  # "the end of the dredging": "completed on", not "began on"
            score += PHASE if dated.phase == asked else -PHASE
        scored.append((score, dated))
    scored = prefer_days(prefer_stated(scored))
    scored.sort(key=lambda x: -x[0])
    out = []
    for score, dated in scored:
        if score < MIN_SCORE:
            break
        out.append(Dated(**{**dated.__dict__, "score": round(score, 3)}))
        if len(out) == k:
            break
    return out
