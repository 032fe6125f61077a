"""Time-aware answers: "when", "which came first", "how many days between A and B",
"how long did X span" (or take, from the day it began to the day it was completed), "how
long had X", "the earliest/latest article". Each event
the question names is matched to the sentence that dates it (`rag.news.match`); the
arithmetic is done here, in code, and the answer cites every sentence that fixes a
date. None when the articles don't date what is asked."""

from __future__ import annotations

import datetime as dt
import functools
import re

from rag.app.collection import outlet_of
from rag.news.explicit import MONTHS, day_text, find_dates
from rag.news.index import NewsIndex
from rag.news.match import END, START, Dated, Embed, best_dates, event_terms, phase_words, rarity
from rag.news.questions import Ask
from rag.news.relative import SEASON_OF
from rag.schema import AnswerSentence, Citation
from rag.text import forms, has_form, terms

Reply = tuple[list[AnswerSentence], list[Citation]]
_RANGE = re.compile(
    r"\b(?P<m1>" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\s+(?P<d1>\d{1,2})"
    r"\s*(?:-|–|to|until|through|and)\s*(?:(?P<m2>" + "|".join(m[:3] for m in MONTHS)
    + r")[a-z]*\.?\s+)?(?P<d2>\d{1,2})\b", re.I)
SCENE_WEIGHT = 0.1
# A retelling words the event its own way, so its date matches the question less well:
# it counts if it matches well in itself and not far below the best.
RETOLD_MIN, RETOLD_SLACK = 0.5, 0.25
_QUOTED = re.compile(r"['‘\"“]([^'’\"”]{3,40})['’\"”]")


def day_of(d: Dated) -> dt.date:
    day = dt.date.fromisoformat(d.date)
    return day - dt.timedelta(days=1) if d.precision == "before" else day


def fmt(d: Dated) -> str:
    day = dt.date.fromisoformat(d.date)
    if d.precision in ("day", "week"):
        text = day_text(day)
        return f"the week of {text}" if d.precision == "week" else text
    if d.precision == "before":
        return f"before {day.day} {MONTHS[day.month - 1].title()} {day.year}"
    if d.precision == "season":  # "next spring" is a season, not its first month
        return f"{SEASON_OF.get(day.month, MONTHS[day.month - 1].title())} {day.year}"
    if d.precision == "month":
        return f"{MONTHS[day.month - 1].title()} {day.year}"
    return str(day.year)


def _how(d: Dated) -> str:
    if d.provenance == "article":
        return " (the article's date, inferred from its text)" if "inferred" in d.phrase else ""
    if d.provenance == "resolved":
        return f" (\u201c{d.phrase}\u201d resolved against the article's date)"
    return ""


def cite(news: NewsIndex, d: Dated, n: int) -> Citation:
    text = news.texts[d.source]
    cid, a, b = news.chunk_at(d.source, d.sentence[0])
    date = news.dates.get(d.source)
    return Citation(
        n=n, source=d.source, title=news.titles.get(d.source, ""), snippet=text[a:b],
        score=round(d.score, 4), start=a, end=b, chunk_id=cid,
        quote=text[d.sentence[0]:d.sentence[1]], quote_start=d.sentence[0] - a,
        quote_end=d.sentence[1] - a, date_provenance=date.provenance if date else "",
        date_label=date.label if date else "",
    )


def _pick(news: NewsIndex, phrase: str, question: str, embed: Embed,
          exclude: set[tuple[str, tuple[int, int]]] | None = None, scene: str = "",
          unit: str = "") -> Dated | None:
    found = best_dates(news, phrase, embed, k=8, exclude=exclude)
    if scene and found:
        # the leading clause ("when he signed for X, ...") says which article: a
        # tie-breaker by the share of its words the article holds, never the event itself
        wanted = set(terms(scene))
        found.sort(key=lambda d: -(d.score + SCENE_WEIGHT * len(
            wanted & set(terms(news.texts[d.source]))) / max(1, len(wanted))))
    quoted = [q.lower() for q in _QUOTED.findall(question)]
    if quoted:
        hits = [d for d in found if any(_says(news, d, q) for q in quoted)]
        if hits:
            return hits[0]
    if unit == "day" and found and found[0].precision == "month":
        # "how many days": "due to report in January" is refined by a close match that
        # gives the day within that month ("on January 13")
        best = found[0]
        return next((d for d in found[1:] if d.precision == "day" and d.date[:7] == best.date[:7]
                     and d.score >= best.score - REFINE_MARGIN), best)
    return found[0] if found else None


REFINE_MARGIN = 0.1  # how much worse a match giving the day may read than the month's


def _pick_state(news: NewsIndex, phrase: str, question: str, embed: Embed,
                exclude: set[tuple[str, tuple[int, int]]] | None = None) -> Dated | None:
    """The best date for a state's start or end ("consultation opened") whose sentence
    says its word ("will open on February 3"): the subject's name alone dates anything
    else its article reports."""
    said = set(terms(phrase.rsplit(" ", 1)[-1]))
    return next((d for d in best_dates(news, phrase, embed, k=STATE_LOOK, exclude=exclude)
                 if said <= set(terms(news.texts[d.source][d.sentence[0]:d.sentence[1]]))), None)


STATE_LOOK = 40  # dates looked at for a sentence saying the state's word


def _says(news: NewsIndex, d: Dated, quoted: str) -> bool:
    """Is `quoted` ("this Saturday", in the question's quotes) the date's own words, or
    words around them in its sentence ("Saturday" in "... this Saturday against ...")?"""
    said = d.phrase.lower()
    text = news.texts[d.source][d.sentence[0]:d.sentence[1]].lower()
    return said == quoted or (bool(said) and said in quoted and quoted in text)


def _names_event(news: NewsIndex, d: Dated, phrase: str) -> bool:
    """Is the event one the articles mention at all? When a third or more of the
    phrase's words are in no article ("the annual seafood festival"), a date that
    matched its other words ("held last night") dates something else."""
    cache = news.__dict__  # built once per index, beside it (not saved with it)
    if "_vocabulary" not in cache:
        cache["_vocabulary"] = set(rarity(news))  # every term of the articles
        cache["_forms"] = forms(cache["_vocabulary"])  # "completion" is "completed"
    undated = phrase
    for m in reversed(find_dates(phrase)):  # "the call on December 15, 2021": no event word
        undated = f"{undated[:m.start]} {undated[m.end:]}"
    wanted = event_terms(phase_words(undated))  # "began" says which end, not what
    unseen = [t for t in wanted if t not in cache["_vocabulary"]
              and not has_form(t, cache["_forms"])]
    return 3 * len(unseen) < len(wanted) or not wanted


def _retold_otherwise(news: NewsIndex, d: Dated, phrase: str, embed: Embed) -> Dated | None:
    """Another report of the same story that dates the same event to another day ("the
    Herald says Wednesday"): its best match for the phrase, scoring nearly as well."""
    group = set(news.group_of(d.source)) - {d.source}
    if not group or d.precision != "day":
        return None
    found = [o for o in best_dates(news, phrase, embed, k=12)
             if o.source in group and o.precision == "day"
             and o.score >= max(RETOLD_MIN, d.score - RETOLD_SLACK)]
    found.sort(key=lambda o: (o.provenance == "article", -o.score))  # what the text says first
    best_of: dict[str, Dated] = {}
    for o in found:
        best_of.setdefault(o.source, o)
    return next((o for o in best_of.values() if day_of(o) != day_of(d)), None)


def _outlet(news: NewsIndex, source: str) -> str:
    """The outlet an article names (its byline or dateline), else its headline, quoted."""
    return outlet_of(news.texts[source]) or f"\u201c{news.titles.get(source) or source}\u201d"


def _about(news: NewsIndex, d: Dated, event: str) -> bool:
    """Does the sentence dating `d` (with its headline) name the subject of `event`
    ("the bridge" of "bridge reopened"): at least half its words but the last?"""
    subject = set(terms(event.rsplit(" ", 1)[0]))
    text = news.texts[d.source][d.sentence[0]:d.sentence[1]]
    have = set(terms(f"{news.titles.get(d.source, '')} {text}"))
    return bool(subject) and 2 * len(subject & have) >= len(subject)


def _scene(ask: Ask) -> str:
    """The event of a question's leading clause ("by the time the ban ends, ..."), without
    its subordinating words."""
    return re.sub(r"^(?:when|after|before|by(?:\s+the\s+time)?|once|as|according\s+to"
                  r"(?:\s+the)?(?:\s+\w+)?\s+(?:report|article|story|piece)s?\s+(?:on|about|of)|"
                  r"according\s+to)\s+", "", ask.context, flags=re.I)


def _distance(a: Dated, b: Dated, unit: str) -> tuple[str, int]:
    """The distance between two dates in words, and in days (date arithmetic); no
    words when a month or a year can't tell them apart ("in March" and "March 18")."""
    da, db = day_of(a), day_of(b)
    days = abs((db - da).days)
    exact = a.precision == b.precision == "day"
    if exact and unit == "day":
        return f"{days} days", days
    if unit == "year" and "year" in (a.precision, b.precision):
        # "how many years after the 2014 Games": the years apart, not the months
        years = abs(db.year - da.year)
        early, late = sorted((da.year, db.year))
        return (f"{years if years != 1 else 'a'} year{'s' if years != 1 else ''} ({early} to "
                f"{late})" if years else ""), days
    months = abs((db.year - da.year) * 12 + db.month - da.month)
    if not exact and months == 0:
        return "", days
    if unit == "week" and exact:
        return f"{days // 7} weeks ({days} days)", days
    if months >= 18 or unit == "year":
        years = round(months / 12)
        return (f"about {years} year{'s' if years != 1 else ''}" if years != 1
                else "about a year"), days
    if 11 <= months <= 14:
        return f"about a year ({months} months)", days
    return (f"about {months} months" if months != 1 else "about a month"), days


def _on(d: Dated) -> str:
    """"on 15 December 2021", but "in 2018" and "in March 2025"."""
    return "on" if d.precision in ("day", "week") else "in"


def _sentence(text: str, cites: list[int]) -> AnswerSentence:
    return AnswerSentence(text=text, citations=cites)


def answer_time(ask: Ask, question: str, news: NewsIndex, embed: Embed) -> Reply | None:
    """Sentences and citations answering a time question, or None."""
    if ask.kind == "edge":
        return _edge(ask, news)
    if ask.kind == "span":
        return _span(ask, news, embed)
    if ask.kind == "since":
        return _since(ask, question, news, embed)
    if ask.kind == "when":
        d = _pick(news, ask.parts[0], question, embed, scene=_scene(ask)) \
            if ask.parts and ask.parts[0] else None
        if d is None:
            return None
        if ask.detail == "asked" and ask.unit in ("date", "day") and d.precision not in (
                "day", "week"):
            return None  # a date was asked for; a month or a year is not one
        if not _names_event(news, d, ask.parts[0]):
            return None  # a date, but of something else ("held last night" for a festival)
        other = _retold_otherwise(news, d, ask.parts[0], embed)
        if other is not None:
            return [_sentence(f"The reports differ: {_outlet(news, d.source)} dates it "
                              f"{fmt(d)}{_how(d)} [1]; {_outlet(news, other.source)} dates it "
                              f"{fmt(other)}{_how(other)}. [2]", [1, 2])], \
                [cite(news, d, 1), cite(news, other, 2)]
        return [_sentence(f"{fmt(d)}{_how(d)}. [1]", [1])], [cite(news, d, 1)]
    if ask.kind in ("first", "between") and len(ask.parts) == 2:
        picker = _pick_state if ask.detail == "state" else functools.partial(
            _pick, unit=ask.unit if ask.kind == "between" else "")
        a = picker(news, ask.parts[0], question, embed)
        if a is None:
            return None
        b = picker(news, ask.parts[1], question, embed, exclude={(a.source, a.sentence)})
        if b is not None and ask.kind == "between" and ask.detail in ("after", "before") \
                and not _in_order(a, b, ask.detail):
            # "how many days after A did B?": a B dated before A is another event
            b = next((d for d in best_dates(news, ask.parts[1], embed, k=8,
                                            exclude={(a.source, a.sentence)})
                      if _in_order(a, d, ask.detail)), None)
        if b is None or not (_names_event(news, a, ask.parts[0])
                             and _names_event(news, b, ask.parts[1])):
            return None  # no date, or one of something else ("polling day" met by "a day late")
        ca, cb = cite(news, a, 1), cite(news, b, 2)
        if ask.kind == "first":
            if day_of(a) == day_of(b):
                text = f"They happened on the same day, {fmt(a)}. [1] [2]"
                return [_sentence(text, [1, 2])], [ca, cb]
            early, late = (a, b) if day_of(a) < day_of(b) else (b, a)
            pick = late if ask.detail in ("last", "later") else early
            named = ask.who or ask.parts  # "who … first, A or B?": A or B, by name
            first_part = named[0] if pick is a else named[1]
            other_part = named[1] if pick is a else named[0]
            later = ask.detail in ("last", "later")
            word = ("was last" if later else "was first") if ask.who else (
                "came later" if later else "came first")
            n_pick, n_other = (1, 2) if pick is a else (2, 1)
            other = b if pick is a else a
            out = [
                _sentence(f"{first_part[0].upper()}{first_part[1:]} {word}: {fmt(pick)}"
                          f"{_how(pick)}. [{n_pick}]", [n_pick]),
                _sentence(f"{other_part[0].upper()}{other_part[1:]}: {fmt(other)}"
                          f"{_how(other)}. [{n_other}]", [n_other]),
            ]
            if ask.apart:  # "... and how far apart were they?"
                words, _ = _distance(a, b, ask.apart)
                if words:
                    out.append(_sentence(f"They were {words} apart. [1] [2]", [1, 2]))
            return out, [ca, cb]
        if ask.detail == "state" and (day_of(b) <= day_of(a) or not (
                _about(news, a, ask.parts[1]) and _about(news, b, ask.parts[1]))):
            return None  # the end not after the start, or not the subject's: no computed answer
        words, _ = _distance(a, b, ask.unit)
        if not words:
            return None  # too coarse to say how far apart
        return [
            _sentence(f"{words}: {ask.parts[0]} {_on(a)} {fmt(a)}{_how(a)} [1], and "
                      f"{ask.parts[1]} {_on(b)} {fmt(b)}{_how(b)}. [2]", [1, 2]),
        ], [ca, cb]
    return None


def _in_order(a: Dated, b: Dated, detail: str) -> bool:
    """Is B after A ("how many days after A did B?"), or before it ("before")?"""
    return day_of(b) > day_of(a) if detail == "after" else day_of(b) < day_of(a)


def _span(ask: Ask, news: NewsIndex, embed: Embed) -> Reply | None:
    """"How many days does X span": a "from February 4 to 20" range in a sentence
    about X, else X's start and end dated apart."""
    found = best_dates(news, ask.parts[0], embed, k=10)
    for d in found:
        text = news.texts[d.source]
        sentence = text[d.sentence[0]:d.sentence[1]]
        m = _RANGE.search(sentence)
        if not m:
            continue
        stated = [x for x in news.mentions.get(d.source, [])
                  if x["sentence"] == list(d.sentence) and x["precision"] == "day"
                  and x["kind"] == "absolute"]
        year = int((stated[0]["date"] if stated else d.date)[:4])
        m1 = next(i for i, x in enumerate(MONTHS, 1) if x.startswith(m.group("m1").lower()))
        m2 = next((i for i, x in enumerate(MONTHS, 1)
                   if m.group("m2") and x.startswith(m.group("m2").lower())), m1)
        try:
            first = dt.date(year, m1, int(m.group("d1")))
            last = dt.date(year, m2, int(m.group("d2")))
        except ValueError:
            continue
        days = (last - first).days
        if days <= 0:
            continue
        fa = Dated(d.source, first.isoformat(), "day", d.confidence, m.group(), d.sentence,
                   "stated", d.score)
        fb = Dated(d.source, last.isoformat(), "day", d.confidence, m.group(), d.sentence,
                   "stated", d.score)
        text_out = (f"From {fmt(fa)} to {fmt(fb)}: {days + 1} days counting both ends "
                    f"({days} days apart). [1]")
        return [_sentence(text_out, [1])], [cite(news, d, 1)]
    return _start_to_end(ask.parts[0], ask.unit or "day", news, embed)


def _start_to_end(thing: str, unit: str, news: NewsIndex, embed: Embed) -> Reply | None:
    """"How many days did the dredging take?": the day a sentence says it began and
    the day one says it was completed, both about it, dated apart."""
    def said(phrase: str, verb: re.Pattern[str]) -> Dated | None:
        return next((d for d in best_dates(news, f"{thing} {phrase}", embed, k=8)
                     if verb.search(news.texts[d.source][d.sentence[0]:d.sentence[1]])
                     and d.precision == "day" and _about(news, d, f"{thing} {phrase}")), None)

    a, b = said("began", START), said("completed", END)
    if a is None or b is None or day_of(b) <= day_of(a):
        return None
    words, _ = _distance(a, b, unit)
    if not words:
        return None
    return [_sentence(f"{words}: it began on {fmt(a)}{_how(a)} [1] and was completed on "
                      f"{fmt(b)}{_how(b)}. [2]", [1, 2])], [cite(news, a, 1), cite(news, b, 2)]


def _since(ask: Ask, question: str, news: NewsIndex, embed: Embed) -> Reply | None:
    """"How long had X": the year X began ("since 2014") to the date the question
    names, else to the date of the article that says it."""
    for d in best_dates(news, ask.parts[0] + " since", embed, k=8):
        text = news.texts[d.source]
        sentence = text[d.sentence[0]:d.sentence[1]]
        m = re.search(r"\bsince\s+((?:1[89]|20)\d{2})\b", sentence)
        if not m:
            continue
        start = int(m.group(1))
        asked = [x for x in find_dates(question) if x.year]
        article = news.dates.get(d.source)
        scene = _pick(news, _scene(ask), question, embed) if _scene(ask) and not asked else None
        end_year = asked[0].year if asked else int(scene.date[:4]) if scene else (
            int(article.date[:4]) if article and article.date else None)
        if end_year is None or end_year <= start:
            continue
        years = end_year - start
        return [_sentence(f"Since {start}: about {years} years by {end_year}. [1]", [1])], [
            cite(news, Dated(d.source, f"{start}-01-01", "year", d.confidence, m.group(),
                             d.sentence, "stated", d.score), 1)]
    return None


def _edge(ask: Ask, news: NewsIndex) -> Reply | None:
    """The earliest or latest article (about the words after "article", if any)."""
    wanted = set(terms(ask.parts[0])) if ask.parts else set()
    pool = [(s, d) for s, d in news.dates.items() if d.date and (
        not wanted or len(wanted & set(terms(news.texts[s]))) >= 0.6 * len(wanted))]
    # a date known only as "before X" is a bound, not the article's date
    pool = [(s, d) for s, d in pool if d.relation == "on"] or pool
    if not pool:
        return None
    pick = (min if ask.detail == "earliest" else max)(pool, key=lambda sd: (sd[1].date, sd[0]))
    source, date = pick
    lead = (0, min(len(news.texts[source]), news.texts[source].find(".") + 1 or 200))
    d = Dated(source, date.date or "", date.precision if date.relation == "on" else "before",
              date.confidence, date.label, lead, "article", 1.0)
    title = news.titles.get(source) or source
    return [_sentence(f"The {ask.detail} article is \u201c{title}\u201d ({source}), dated "
                      f"{fmt(d)} ({date.label.partition(' (')[2].rstrip(')') or 'date'})"
                      f". [1]", [1])], [cite(news, d, 1)]
