"""Coverage: "which articles (or outlets) report X?", "how many articles mention X?",
"is X covered by more than one?". Each article's best sentence is scored against X
(meaning + X's words); articles close enough to the best one report it. An event
question ("which outlets reported the blockade?") answers with the whole same-story
group of the best match, citing it once and listing the others as "also reported by"."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np

from rag.app.collection import author_of, outlet_of
from rag.news.dates import short
from rag.news.explicit import MONTHS
from rag.news.index import NewsIndex
from rag.news.match import Dated, Embed
from rag.news.questions import Ask
from rag.news.temporal import cite
from rag.schema import AnswerSentence, Citation
from rag.text import UNITS, sentence_spans, terms

Reply = tuple[list[AnswerSentence], list[Citation]]
MIN_REPORT = 0.5  # an article's best sentence must score this to report X
NEAR_BEST = 0.8  # ... and come this close to the best article's
MENTION_NEAR = 0.7  # ... or this close, to mention it in passing ("how many articles mention X")
OTHER_YEAR = 0.6  # the phrase names a year the article neither is dated to nor states
NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten", "eleven", "twelve")


_MONTH_TERMS = {m[:3]: m for m in ("january", "february", "march", "april", "may", "june", "july",
                                   "august", "september", "october", "november", "december")}
_MONTH_TERMS["sept"] = "september"
# capitalised: "may" is a verb
_MONTH_NAMED = re.compile(rf"(?<!^)\b({'|'.join(m.capitalize() for m in MONTHS)})\b")
MIN_STEM = 5  # two terms this long or longer, one a prefix of the other, are one word


_DIGITS = {word: str(n) for n, word in enumerate(UNITS) if 1 < n <= 12}


def _norm(words: set[str]) -> set[str]:
    """Months to one spelling, and small numbers in words to digits ("seven votes to
    four" and "voted 7-4" share 7 and 4)."""
    return {_DIGITS.get(w, _MONTH_TERMS.get(w, w)) for w in words}


def covered(wanted: set[str], have: set[str]) -> float:
    """Share of `wanted` terms found in `have`, a word's other forms included
    ("injury" / "injured", "Feb." / "February", "seven" / "7")."""
    if not wanted:
        return 0.0
    wanted, have = _norm(wanted), _norm(have)
    hit = 0
    for w in wanted:
        if w in have or (len(w) >= MIN_STEM and any(
                len(h) >= MIN_STEM and (h.startswith(w) or w.startswith(h)) for h in have)):
            hit += 1
    return hit / len(wanted)


def article_scores(news: NewsIndex, phrase: str, embed: Embed,
                   keep: Callable[[str], bool] | None = None,
                   ) -> list[tuple[float, str, tuple[int, int]]]:
    """(score, source, best sentence span) per article, best first; `keep` limits the
    sentences considered (e.g. those stating a figure)."""
    years = set(re.findall(r"\b(?:1[89]|20)\d{2}\b", phrase))
    wanted = set(terms(phrase)) - years
    if not wanted:
        return []
    rows = [(s, (a, b)) for s, text in news.texts.items() for a, b in sentence_spans(text)
            if keep is None or keep(text[a:b])]
    if not rows:
        return []
    texts = [news.texts[s][a:b] for s, (a, b) in rows]
    vecs = embed([phrase, *texts])
    sims = vecs[1:] @ vecs[0]
    best: dict[str, tuple[float, tuple[int, int]]] = {}
    for (source, span), text, sim in zip(rows, texts, np.asarray(sims), strict=True):
        have = set(terms(f"{news.titles.get(source, '')} {text}"))
        score = 0.5 * float(sim) + 0.5 * covered(wanted, have)
        if score > best.get(source, (-1.0, (0, 0)))[0]:
            best[source] = (score, span)
    if years:  # "Xi's 2023 visit": an article of another year doesn't report it
        for source, (score, span) in list(best.items()):
            if not years & _years_of(news, source):
                best[source] = (score * OTHER_YEAR, span)
    months = {m.lower() for m in _MONTH_NAMED.findall(phrase)}
    if months:  # "the dredging's completion in November": nor does one of another month
        for source, (score, span) in list(best.items()):
            if not months & _months_of(news, source):
                best[source] = (score * OTHER_YEAR, span)
    return sorted(((sc, s, sp) for s, (sc, sp) in best.items()), key=lambda x: -x[0])


def _years_of(news: NewsIndex, source: str) -> set[str]:
    """The years an article is dated to or states."""
    d = news.dates.get(source)
    out = {d.date[:4]} if d and d.date else set()
    return out | {m["date"][:4] for m in news.mentions.get(source, []) if m["kind"] == "absolute"}


def _months_of(news: NewsIndex, source: str) -> set[str]:
    """The months (full names) an article is dated to or states a date in."""
    d = news.dates.get(source)
    dates = ([d.date] if d and d.date else []) + [
        m["date"] for m in news.mentions.get(source, []) if m["kind"] == "absolute"]
    return {MONTHS[int(x[5:7]) - 1] for x in dates
            if len(x) >= 7 and x[5:7].isdigit() and 1 <= int(x[5:7]) <= 12}


Scored = list[tuple[float, str, tuple[int, int]]]


def reporting(news: NewsIndex, phrase: str, embed: Embed,
              keep: Callable[[str], bool] | None = None) -> Scored:
    return _above(article_scores(news, phrase, embed, keep))


def _above(scores: Scored, near: float = NEAR_BEST) -> Scored:
    """The articles whose best sentence reports the phrase: near the best one. A
    mention in passing reads further from the phrase than a report of it (`near`)."""
    if not scores or scores[0][0] < MIN_REPORT:
        return []
    top = scores[0][0]
    return [x for x in scores if x[0] >= max(MIN_REPORT, near * top)]


_PREPOSITION = re.compile(r"\s+(?:of|against|in|at|on|for|with|between|by|from|to|over|"
                          r"about)\s+", re.IGNORECASE)


def _naming_head(news: NewsIndex, phrase: str, scores: Scored, found: Scored) -> Scored:
    """Articles that mention the phrase's head word for word ("this diplomatic boycott"
    for "the Western diplomatic boycott of the Beijing Olympics") though their best
    sentence reads further from the whole phrase: a mention in passing all the same."""
    words = _PREPOSITION.split(phrase, maxsplit=1)[0].split()[-2:]
    if len(words) < 2 or not all(terms(w) for w in words):
        return []
    head = re.compile(rf"\b{re.escape(' '.join(words))}\b", re.IGNORECASE)
    seen = {s for _, s, _ in found}
    out = []
    for score, source, _ in scores:
        text = news.texts[source]
        span = next(((a, b) for a, b in sentence_spans(text) if head.search(text[a:b])), None)
        if source not in seen and score >= MIN_REPORT and span:
            out.append((score, source, span))
    return out


def _story(news: NewsIndex, found: Scored, scores: Scored) -> Scored:
    """"How many articles report X" counts the reports of one event: the same-story
    group that most of the matching articles belong to (ties: the best match's), all of
    its members, the retelling that words X its own way too. Where no group of several
    matches, the matching articles stand as they are."""
    groups = [tuple(news.group_of(s)) for _, s, _ in found]
    story = max(groups, key=lambda g: (groups.count(g), -groups.index(g)))
    if len(story) < 2:
        return found
    return [x for x in scores if x[1] in story]


def _name(news: NewsIndex, source: str, writer: bool = False) -> str:
    """How an answer names an article: its outlet, else its headline (the file name
    is in the citation); with `writer`, the byline's writer first ("Jo Reed (Courier)")."""
    outlet = outlet_of(news.texts.get(source, ""))
    title = news.titles.get(source) or source
    name = outlet or f"\u201c{short(title, 60)}\u201d"
    who = author_of(news.texts.get(source, "")) if writer else None
    return f"{who} ({name})" if who else name


_WRITERS = ("reporter", "journalist", "correspondent", "writer")


def _excluded(news: NewsIndex, sources: list[str], context: str) -> set[str]:
    """Articles a "besides the Bay Herald, ..." clause sets aside: their outlet is named."""
    lead = context.lower()
    if not re.match(r"(?:besides|apart|aside|other|except)\b", lead):
        return set()
    return {s for s in sources if (o := outlet_of(news.texts.get(s, ""))) and named_outlet(lead, o)}


_GENERIC = frozenset({"news", "radio", "the", "bay", "evening", "daily", "city"})


def named_outlet(question: str, outlet: str) -> re.Match[str] | None:
    """Where the question names the outlet: two of its words in a row ("Radio
    Saltmarsh", "Evening Post"), or its last word when that says which ("the Courier")."""
    words = outlet.split()
    pairs = [" ".join(words[i:i + 2]) for i in range(len(words) - 1)]
    singles = [words[-1]] if words[-1].lower() not in _GENERIC else []
    for phrase in (outlet, *pairs, *singles):
        if m := re.search(rf"\b{re.escape(phrase)}\b", question, re.I):
            return m
    return None


def outlets(news: NewsIndex) -> dict[str, list[str]]:
    """Each outlet the collection's bylines name, with its articles."""
    out: dict[str, list[str]] = {}
    for source, text in news.texts.items():
        if outlet := outlet_of(text):
            out.setdefault(outlet, []).append(source)
    return out


def outlets_named(question: str, outlets: Iterable[str]) -> list[tuple[re.Match[str], str]]:
    """The outlets a question names (`named_outlet`), in the order it names them."""
    return sorted(((m, o) for o in outlets if (m := named_outlet(question, o))),
                  key=lambda x: x[0].start())


def _number(n: int) -> str:
    return NUMBERS[n] if n < len(NUMBERS) else str(n)


def answer_coverage(ask: Ask, news: NewsIndex, embed: Embed) -> Reply | None:
    if not ask.parts or not ask.parts[0]:
        return None
    if ask.kind == "which" and ask.parts[0].lower().startswith("both ") and " and " in ask.parts[0]:
        return _both(ask, news, embed)
    scores = article_scores(news, ask.parts[0], embed)
    found = _above(scores, MENTION_NEAR if ask.kind == "count" and ask.passing else NEAR_BEST)
    if not found:
        return None
    if ask.kind == "count" and ask.passing:
        found = found + _naming_head(news, ask.parts[0], scores, found)
    matched = found
    if ask.kind == "count" and not ask.mention:
        found = _story(news, found, scores)
    writer = ask.detail.rstrip("s") in _WRITERS
    if ask.kind == "which":
        # an event: the best match's same-story group, cited once
        group = news.group_of(found[0][1])
        aside = _excluded(news, list(news.texts), ask.context)
        group = [s for s in group if s not in aside]
        best, span = found[0][1], found[0][2]
        if best in aside:  # the best match is the one set aside: lead with the next
            if not group:  # ... of its story, or of the next best match's story
                stories = [[s for s in news.group_of(source) if s not in aside]
                           for _, source, _ in found[1:]]
                group = next((g for g in stories if g), [])
                if not group:
                    return None
            best = group[0]
            span = next((sp for _, s, sp in found if s == best), _first_span(news, best))
        others = [s for s in group if s != best]
        lead = cite(news, article_dated(news, best, span), 1)
        text = f"{_name(news, best, writer)} reports it: \u201c{lead.quote}\u201d [1]"
        if others:
            text += "; also reported by " + ", ".join(_name(news, s, writer) for s in others)
        text += f" ({_number(len(group))} reports of the same story)" if others else ""
        # articles of other stories that also read as reporting it (a topic, not one event)
        elsewhere = [s for _, s, _ in found if s not in group and s not in aside]
        if elsewhere:
            text += f"; {_others(news, elsewhere, writer, also=True)}"
        else:
            text += "." if others else "; no other article reports it."
        return [AnswerSentence(text=text, citations=[1])], [lead]
    n = len(found)
    citations = [cite(news, article_dated(news, s, span), i + 1)
                 for i, (_, s, span) in enumerate(found)]
    # each name with its articles' numbers: "Evening Post [1][2]" where outlets are counted
    names: dict[str, str] = {}
    for i, (_, s, _) in enumerate(found):
        name = _name(news, s, writer)
        key = name if ask.outlets else f"{i}"
        names[key] = names.get(key, f"{name} ") + f"[{i + 1}]"
    listed, counted_n = ", ".join(names.values()), len(names)
    noun = ("outlet" if ask.outlets else "article") + ("s" if counted_n != 1 else "")
    word = _number(counted_n)
    if ask.detail == "more":
        head = (f"No: only one {noun} reports it: {listed}." if counted_n == 1 else
                f"Yes: {word} {noun} ({counted_n}) report it: {listed}.")
    else:
        head = f"{word.capitalize()} {noun} ({counted_n}): {listed}."
    if counted_n < n:
        head = head[:-1] + f" ({_number(n)} articles)."
    groups = {tuple(news.group_of(s)) for _, s, _ in found}
    if n > 1 and len(groups) == 1:
        head += " All of them report the same story."
    elif len(groups) < n:
        head += f" Between them they report {_number(len(groups))} stories."
    counted = {s for _, s, _ in found}
    if passing := [s for _, s, _ in matched if s not in counted]:
        said = _others(news, passing, writer, also=False)
        head += f" {said[0].upper()}{said[1:]}"
    return [AnswerSentence(text=head, citations=list(range(1, n + 1)))], citations


def _others(news: NewsIndex, sources: list[str], writer: bool, also: bool) -> str:
    """"two other articles also mention it (…)" (`also`), or "one other article
    mentions it in passing (…)": articles outside the story that mention the topic."""
    many = len(sources) != 1
    verb = ("also " if also else "") + ("mention" if many else "mentions")
    outlets = ", ".join(dict.fromkeys(_name(news, s, writer) for s in sources))
    return f"{_number(len(sources))} other article{'s' if many else ''} {verb} it" \
           f"{'' if also else ' in passing'} ({outlets})."


def _both(ask: Ask, news: NewsIndex, embed: Embed) -> Reply | None:
    """"Which outlet reported both A and B": outlets in both events' groups."""
    a, b = ask.parts[0][5:].split(" and ", 1)
    fa, fb = reporting(news, a, embed), reporting(news, b, embed)
    if not fa or not fb:
        return None
    ga, gb = news.group_of(fa[0][1]), news.group_of(fb[0][1])
    by_outlet_a = {o: s for s in ga if (o := outlet_of(news.texts[s]))}
    by_outlet_b = {o: s for s in gb if (o := outlet_of(news.texts[s]))}
    shared = [o for o in by_outlet_a if o in by_outlet_b]
    if not shared:
        return None
    citations: list[Citation] = []
    parts: list[str] = []
    for o in shared:
        for s in (by_outlet_a[o], by_outlet_b[o]):
            n = len(citations) + 1
            citations.append(cite(news, article_dated(news, s, _first_span(news, s)), n))
        parts.append(f"{o} [{n - 1}] [{n}]")
    text = "; ".join(parts) + f" reported both ({', '.join(shared)})."
    return [AnswerSentence(text=text, citations=list(range(1, len(citations) + 1)))], citations


def _first_span(news: NewsIndex, source: str) -> tuple[int, int]:
    spans = sentence_spans(news.texts[source])
    return spans[0] if spans else (0, 0)


def article_dated(news: NewsIndex, source: str, span: tuple[int, int]) -> Dated:
    """A sentence dated by its article's date (no sentence of its own dates it)."""
    d = news.dates.get(source)
    return Dated(source, (d.date if d and d.date else ""), "day", 1.0, "", span, "article", 1.0)
