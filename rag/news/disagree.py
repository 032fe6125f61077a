"""Disagreement: when the articles that report the same thing state different figures
or facts about it (a number, a date, who said something), the answer says so with
both citations: "Courier says 212 … [1]; Evening Post says about 300 … [2]".

The thing is what the question asks about; each article's best sentence for it is
compared with the best article's: different numbers (money, counts, durations:
"90 minutes" against "an hour"), different speakers of one quote, or, when the question
itself weighs two versions ("2014 or 2015", "confirm or just hope"), the sentence that
bears out each version."""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.news.coverage import MIN_REPORT, _name, article_scores, named_outlet, outlets
from rag.news.explicit import MONTHS
from rag.news.index import NewsIndex
from rag.news.match import Dated, Embed, names
from rag.news.temporal import cite
from rag.news.versions import alternatives, versions
from rag.schema import AnswerSentence, Citation
from rag.text import MULTIPLIERS, SPELLED, sentence_spans, spelled, terms

Reply = tuple[list[AnswerSentence], list[Citation]]
QUOTE_WORDS = 0.6  # share of a quote's words a sentence must hold to carry it
FIGURE_MIN = 0.4  # the best figure sentence must read this close to the question
_MONEY = re.compile(r"\b(?:cost|costs|price|spend|spent|budget|paid|pay|worth|fund)", re.I)
_NUMBER = re.compile(
    r"(?P<cur>[£$€])?\s?(?P<n>\d[\d,]*(?:\.\d+)?|an?|\b" + SPELLED + r"\b)"
    r"(?:\s*(?P<mult>million|billion|bn|m\b|k\b|thousand))?"
    r"\s*(?P<unit>per\s+cent|%|minutes?|hours?|days?|weeks?|months?|years?)?"
    r"(?P<offset>\s+(?:after|before|ago|later|earlier|old)\b)?", re.I)
_ASKS_NUMBER = re.compile(r"^(?:how\s+(?:many|much|long|big|large|far)|what\s+(?:was|is|were)?\s*"
                          r"(?:the\s+)?(?:number|figure|cost|price|total|size|amount)|"
                          r"what\s+(?:did|does|do|will|would)\s+.{3,80}?\s+cost)\b", re.I)
# "Who said '…'?", "Who do the reports credit with saying '…'?", "Which councillor said '…'?",
# "As the blockade ended, who was quoted saying '…'?", "Who made the '…' remark?"
_WHO_SAID = re.compile(r"^(?:[^,?'‘\"“]{3,80},\s+)?(?:who|whose|which\s+\w+)\s+(?:[\w'’]+\s+){0,5}?"
                       r"(?:said|say|says|saying|told|called|described|urged|warned|"
                       r"credit(?:ed)?|quote[sd]?|attribute[sd]?|words?|made|coined|uttered)\b",
                       re.I)
# a quotation, not the stretch between two apostrophes ("the fishermen's side … they '")
_QUOTED = re.compile(r"(?<!\w)['‘\"“]([^'’\"”]{8,200})['’\"”](?!\w)")
_WEIGHS = re.compile(r"\b(?:do|did|does)\s+(?:all\s+)?(?:the\s+)?(?:\w+\s+)?(?:reports|articles|"
                     r"sources|outlets|papers|accounts|stories)\s+(?:all\s+)?(?:agree|differ|"
                     r"disagree|match|tally)\b|\bdisagree\w*|\bdiffer(?:s|ed)?\b|"
                     r"\bdiscrepanc(?:y|ies)\b|\bconflicting\b|\bcontradict\w*|"
                     r"\binconsisten\w*|\b(?:different|differing|varying|two)\s+(?:figures|"
                     r"numbers|totals|estimates|counts|versions|accounts)\b|"
                     r"\beach\s+of\s+the\s+(?:\w+\s+)?(?:reports|articles|"
                     r"papers|outlets|stories)\s+say\b|"
                     # "How do the reports quote X?": each report's wording is the answer
                     r"^how\s+do\s+(?:the\s+)?(?:different\s+|various\s+|two\s+|three\s+)?"
                     r"(?:reports|articles|outlets|papers|sources|accounts|stories)\s+"
                     r"(?:quote|word|describe|phrase|render|put|report)\b|"
                     # "Do the articles quote him the same way?": each one's wording
                     r"\b(?:do|did|does)\s+(?:all\s+)?(?:the\s+)?(?:\w+\s+)?(?:reports|articles|"
                     r"sources|outlets|papers|accounts|stories)\s+(?:all\s+)?(?:quote|word|put|"
                     r"report|describe|phrase|give)\s+(?:\w+\s+){0,3}?(?:the\s+same(?:\s+way)?|"
                     r"alike|identically)\b", re.I)
# "The association has 64 boats. How many took part?": the figure question after a statement
_LAST_ASK = re.compile(r"[.!?]\s+(?P<ask>how\s+(?:many|much|long|big|large|far)\b[^.!?]*)\??$",
                       re.I)
# "Do the reports agree on the size of the flotilla?": how many boats, said differently
_SIZE_OF = re.compile(r"\b(?:size|number|count|total|scale)\s+of\s+(?:the\s+)?(?P<noun>[a-z]+)",
                      re.I)
_COLLECTIVE = {"flotilla": "boats", "fleet": "boats", "convoy": "vessels", "crowd": "people",
               "audience": "people", "turnout": "people", "attendance": "people"}
_SAID = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s+(?:says|said|reports|reported|"
                   r"puts\s+it\s+at)\s+")
# "Do they disagree about what the renovation cost?": a sum of money, asked
_ABOUT_MONEY = re.compile(r"\b(?:about|over|on|regarding|as\s+to)\s+(?:what\s+|how\s+much\s+)?"
                          r"(?P<t>[^?]*?\b(?:cost|costs|price|spend|spent|budget|paid)\b[^?]*)",
                          re.I)
# "Is there any discrepancy about how many people came?": the figure question inside
_INNER_FIGURE = re.compile(r"\bhow\s+(?:many|much|long|big|large|far)\b.*$", re.I)
_MINUTES = {"minute": 1, "hour": 60, "day": 1440, "week": 10080}


def _value(m: re.Match[str]) -> tuple[float, str]:
    """One `_NUMBER` match's (value, unit): durations in minutes, money as "money"."""
    raw = m.group("n").lower().replace(",", "")
    unit = (m.group("unit") or "").lower().rstrip("s")
    value = float(raw) if raw[0].isdigit() else (
        1.0 if raw in ("a", "an") else spelled(raw) or 0.0)
    mult = (m.group("mult") or "").lower()
    value *= MULTIPLIERS.get(mult, 1)
    if unit in _MINUTES:
        value, unit = value * _MINUTES[unit], "minute"
    return value, "money" if m.group("cur") or mult else unit


def numbers(sentence: str) -> set[tuple[float, str]]:
    """(value, unit) of the figures in a sentence; durations in minutes; years left out."""
    out = set()
    for m in _NUMBER.finditer(sentence):
        raw = m.group("n").lower().replace(",", "")
        if m.group("offset"):
            continue  # "eight days after X" dates X; it is not how long something lasted
        unit = (m.group("unit") or "").lower().rstrip("s")
        if raw in ("a", "an") and unit not in _MINUTES:
            continue
        if not raw[0].isdigit() and raw not in ("a", "an") and not unit and not m.group("mult"):
            continue  # "one of the ..." is not a figure
        value, kind = _value(m)
        if not unit and not m.group("mult") and not m.group("cur") and 1800 <= value <= 2100 \
                and value == int(value):
            continue  # a year
        out.add((value, kind))
    return out


def figure_words(sentence: str, values: set[float]) -> str:
    """How a sentence words the first of `values` it states ("thirty-one (31)", "an
    hour", "£4.2m"), digits added to a spelled number; "" if it states none."""
    for m in _NUMBER.finditer(sentence):
        if m.group("offset") or (value := _value(m)[0]) not in values:
            continue
        words = m.group(0).strip()
        raw = m.group("n")
        if not raw[0].isdigit() and raw.lower() not in ("a", "an"):  # "thirty-one (31)"
            words = words.lower() + (f" ({value:,.0f})" if value == int(value) else f" ({value:,})")
        return words
    return ""


def _speakers(sentence: str) -> set[str]:
    """Capitalised names in a sentence (the people a quote is put to)."""
    names = re.findall(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)\b", sentence)
    return {n.split()[-1] for n in names}


_SPEECH = r"(?:said|says|told|added|warned|insisted|declared|shouted|stated)"
_NAMED = r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)"
# "said Mairead Tolland", "Callum Reidy, told the Courier", "Vell said": who a quote is put to
_ATTRIBUTED = re.compile(rf"\b{_SPEECH}\s+{_NAMED}|{_NAMED},?\s+{_SPEECH}\b")


def _attributed(sentence: str) -> set[str]:
    """The people a sentence puts its words to (next to a verb of speech), by surname;
    the sentence's other names when none is: a boat or a group is nobody's voice."""
    found = {(m.group(1) or m.group(2)).split()[-1] for m in _ATTRIBUTED.finditer(sentence)}
    return found or _speakers(sentence)


def _sentence_of(news: NewsIndex, source: str, span: tuple[int, int]) -> str:
    return news.texts[source][span[0]:span[1]]


_ISO_MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])\b")


def _dated_words(news: NewsIndex, source: str, span: tuple[int, int]) -> str:
    """The month of each date the sentence resolves ("yesterday": July 8) and of its
    article: "the blockade in July" is met by "yesterday" in a July report."""
    dates = [m["date"] for m in news.mentions.get(source, [])
             if m["sentence"][0] == span[0] and m["precision"] in ("day", "month")]
    if (d := news.dates.get(source)) and d.date:
        dates.append(d.date)
    return " ".join(MONTHS[int(iso[5:7]) - 1] for iso in dates if _ISO_MONTH.match(iso))


def reply_of(news: NewsIndex, picks: list[tuple[str, tuple[int, int]]], lead: str,
             figures: tuple[str, ...] = ()) -> Reply:
    """"Lead: A says “…” [1]; B says “…” [2]", or with the figures each gives
    ("A gives Thirty-one (31): “…” [1]")."""
    citations = [cite(news, Dated(source, "", "day", 1.0, "", span, "article", 1.0), i + 1)
                 for i, (source, span) in enumerate(picks)]
    said = [f"gives {f}:" if f else "says" for f in (figures or ("",) * len(picks))]
    parts = [f"{_name(news, s)} {said[i]} \u201c{_sentence_of(news, s, sp)}\u201d [{i + 1}]"
             for i, (s, sp) in enumerate(picks)]
    text = f"{lead}: " + "; ".join(parts) + "."
    return [AnswerSentence(text=text, citations=list(range(1, len(picks) + 1)))], citations


def asks_count(question: str) -> bool:
    """Does the question ask how many of a thing ("How many boats …?", or a statement
    and then "How many vessels took part?")? A count of a named thing, stated in two
    reports, is an answer; "how much will a ticket cost?" met by the project's cost
    is not, so money and sizes don't count here."""
    q = " ".join(question.split())
    if last := _LAST_ASK.search(q):
        q = last.group("ask")
    return counted_noun(q) is not None


def weighs_versions(question: str) -> bool:
    """Does the question itself ask about differing versions ("2014 or 2015?", "do the
    reports agree?", "who said '…'?")?"""
    q = " ".join(question.split())
    return bool(alternatives(q) or _WEIGHS.search(q) or (_WHO_SAID.match(q)
                                                          and _QUOTED.search(q)))


_SEEN = set(terms("I've seen heard read both"))
# "Do the articles quote him the same way?": the wording is what is asked, not a cue
_WORDING = re.compile(r"\b(?:quot|word|describ|phras|render|put)", re.I)


def _without_cue(q: str) -> str:
    """The question without a sentence that only says reports differ ("How long did
    the debate go on? I've seen different figures."): it is no part of what is asked."""
    parts = re.split(r"(?<=[.?!])\s+", q)
    kept = [p for p in parts if not (_WEIGHS.search(p) and not _WORDING.search(p) and len(
        set(terms(_WEIGHS.sub(" ", p))) - _SEEN) <= 1)]
    return " ".join(kept) if kept and len(kept) < len(parts) else q


def _unsourced(q: str, news: NewsIndex) -> str:
    """The question without the outlets it names ("according to Radio Saltmarsh versus
    the Bay Herald"): a byline names them, not the sentences that report the thing."""
    for outlet in sorted(outlets(news)):
        if m := named_outlet(q, outlet):
            q = f"{q[:m.start()]} {q[m.end():]}"
    return " ".join(q.split())


def find_disagreement(question: str, news: NewsIndex, embed: Embed, prefer: str = ""
                      ) -> Reply | None:
    """Both versions, cited, when the articles differ on what the question asks."""
    q = _unsourced(_without_cue(" ".join(question.split())), news)
    if _WHO_SAID.match(q) and (quote := _QUOTED.search(q)):
        return _speakers_differ(news, quote.group(1))
    if pair := alternatives(q):
        picks = versions(news, q, pair, embed)
        return reply_of(news, picks, "The reports differ") if picks else None
    if _WEIGHS.search(q) and not _ASKS_NUMBER.match(q) and (inner := _INNER_FIGURE.search(q)):
        q = inner.group(0)  # ask the figure question; differing answers are the point
    elif _WEIGHS.search(q) and not _ASKS_NUMBER.match(q) and (paid := _ABOUT_MONEY.search(q)):
        q = f"how much {paid.group('t')}"  # "disagree about what the renovation cost"
    elif (cue := _WEIGHS.search(q)) and (size := _SIZE_OF.search(q)):
        # "31 boats blocked the harbour. Do the reports agree on the size of the flotilla?"
        whole = _COLLECTIVE.get(size.group("noun").lower(), size.group("noun"))
        said = _SAID.sub("", q[:min(cue.start(), size.start())])  # not who says it
        q = f"how many {whole} {said} {q[size.end():]}".strip(" .,;:?")
    elif not _ASKS_NUMBER.match(q) and (last := _LAST_ASK.search(q)):
        q = last.group("ask")
    if _ASKS_NUMBER.match(q):
        unit, noun = asked_unit(q), counted_noun(q)

        def figures_of(sentence: str) -> set[tuple[float, str]]:
            if unit == "" and noun:  # "how many people": counts of people, not of votes
                return counts_of(sentence, noun)
            return {x for x in numbers(sentence) if fits(unit, x[1])}

        scores = article_scores(news, q, embed, keep=lambda sentence: bool(figures_of(sentence)))
        if not scores or scores[0][0] < FIGURE_MIN:
            return None
        # the best report's same-story group (its figure sentences, whatever their
        # wording): a figure in another story is about something else ("£2.9 million
        # to start the rebuild" is no second version of "repairs at about £640,000")
        best = prefer if any(x[1] == prefer for x in scores) else scores[0][1]
        group = set(news.group_of(best))  # the story the answer cites, when it cites one
        found = [x for x in scores if x[1] in group]
        named = names(q)
        if named:  # the figure must be about what the question names ("the Central Library")
            found = [x for x in found if len(named & set(terms(
                f"{news.titles.get(x[1], '')} {_sentence_of(news, x[1], x[2])} "
                f"{_dated_words(news, x[1], x[2])}"))) * 2 >= len(named)]
        return _figures_differ(news, found, figures_of) if len(found) > 1 else None
    if cue := _WEIGHS.search(q):
        topic = (q[:cue.start()] + q[cue.end():]).strip(" :,;?")
        ranked = [x for x in article_scores(news, topic, embed) if x[0] >= 0.8 * MIN_REPORT]
        if len(ranked) < 2:
            return None
        (_, a, sa), (_, b, sb) = ranked[0], ranked[1]
        story = news.group_of(a)  # a retelling first: its sentence closest to the best one
        same = [x for x in article_scores(news, _sentence_of(news, a, sa), embed)
                if x[1] in story and x[1] != a]
        if same:
            (_, b, sb) = same[0]
        return reply_of(news, [(a, sa), (b, sb)], "The reports put it differently")
    return None


def asked_unit(q: str) -> str | None:
    """The kind of figure a question asks for: "money", "duration", "" (a count: "how
    many people"), or None when the question doesn't say."""
    if _MONEY.search(q) or (re.match(r"^how\s+much\b(?!\s+time)", q, re.I) and re.search(
            r"[£$€]|\b(?:pounds?|dollars?|euros?)\b", q)):
        return "money"
    if m := re.match(r"^how\s+(?:long|many\s+(\w+)|much\s+time)\b", q, re.I):
        noun = (m.group(1) or "minute").lower().rstrip("s")
        if noun in _MINUTES or noun in ("long", "minute", "month", "year"):
            return "duration"
        return None if noun == "time" else ""
    return None


def fits(asked: str | None, unit: str) -> bool:
    """Is a figure of `unit` (from `numbers`) of the kind asked for?"""
    if asked is None:
        return True
    return unit in ("minute", "month", "year") if asked == "duration" else unit == asked


# what a count of people may be called: "How many people attended?" - "212 residents"
_PEOPLE = frozenset((
    "people", "person", "persons", "residents", "visitors", "spectators", "fans", "members",
    "protesters", "demonstrators", "voters", "attendees", "supporters", "guests", "students",
    "pupils", "workers", "staff", "passengers", "customers", "children", "adults", "locals",
    "citizens", "delegates", "volunteers", "officers", "employees", "patients"))
# what a count of boats may be called: "How many boats?" - "nearly 50 vessels"
_VESSELS = frozenset(("boats", "boat", "vessels", "vessel", "ships", "ship", "craft", "yachts",
                      "trawlers", "dinghies", "ferries"))


def _same_kind(word: str, noun: str) -> bool:
    return any(word in kind and noun in kind for kind in (_PEOPLE, _VESSELS))


_COUNT = re.compile(r"\b(?P<n>\d[\d,]*|" + SPELLED + r")\s+(?P<w1>[a-z-]+)"
                    r"(?:\s+(?P<w2>[a-z]+))?", re.I)


def counted_noun(q: str) -> str | None:
    """What a "how many X" question counts (X), unless X is a unit of time."""
    m = re.match(r"^how\s+many\s+(?:(?:more|fewer|less|extra|additional)\s+)?([a-z]+)"
                 r"(?:\s+([a-z]+))?", q, re.I)  # "how many more responses": responses
    if not m or m.group(1).lower().rstrip("s") in (*_MINUTES, "month", "year", "time"):
        return None
    second = (m.group(2) or "").lower()  # "how many fishing boats": boats
    return second if any(second in kind for kind in (_PEOPLE, _VESSELS)) else m.group(1).lower()


def counts_of(sentence: str, noun: str) -> set[tuple[float, str]]:
    """Counts in a sentence of `noun` ("300 people", "212 residents", "seven votes")."""
    out = set()
    for m in _COUNT.finditer(sentence):
        if any(w and (terms(w.lower()) == terms(noun) or _same_kind(w.lower(), noun))
               for w in (m.group("w1"), m.group("w2"))):  # "212 residents", "30 fishing boats"
            raw = m.group("n").lower().replace(",", "")
            out.add((float(raw) if raw[0].isdigit() else spelled(raw) or 0.0, ""))
    return out


def _figures_differ(news: NewsIndex, found: list[tuple[float, str, tuple[int, int]]],
                    figures_of: Callable[[str], set[tuple[float, str]]]) -> Reply | None:
    def figures(source: str, span: tuple[int, int]) -> set[tuple[float, str]]:
        return figures_of(_sentence_of(news, source, span))

    for i, (_, first, span) in enumerate(found):
        mine = figures(first, span)
        for _, other, ospan in found[i + 1:]:
            theirs = figures(other, ospan)
            units = {u for _, u in mine} & {u for _, u in theirs}
            shared = {u for v, u in mine & theirs}
            if units - shared or (not mine & theirs and len(mine) == len(theirs) == 1):
                apart = {v for v, _ in mine ^ theirs}  # the figures they differ on
                words = (figure_words(_sentence_of(news, first, span), apart),
                         figure_words(_sentence_of(news, other, ospan), apart))
                return reply_of(news, [(first, span), (other, ospan)], "Reports differ",
                                words if all(words) else ())
    return None


def _speakers_differ(news: NewsIndex, quote: str) -> Reply | None:
    wanted = set(terms(quote))
    carriers = []
    for source, text in news.texts.items():
        for a, b in sentence_spans(text):
            if wanted and len(wanted & set(terms(text[a:b]))) >= QUOTE_WORDS * len(wanted):
                # the speaker may be named in the sentence or the one before it
                before = [s for s in sentence_spans(text) if s[1] <= a][-1:]
                context = text[before[0][0]:b] if before else text[a:b]
                carriers.append((source, (a, b), _attributed(text[a:b]) or _attributed(context)))
                break
    if len(carriers) < 2:
        return None
    for i, (sa, spa, who_a) in enumerate(carriers):
        for sb, spb, who_b in carriers[i + 1:]:
            if who_a and who_b and not who_a & who_b:
                return reply_of(news, [(sa, _widen(news, sa, spa)), (sb, _widen(news, sb, spb))],
                                "Reports differ on who said it")
    return None


def _widen(news: NewsIndex, source: str, span: tuple[int, int]) -> tuple[int, int]:
    """The quote's sentence with the one before it, when the speaker is named there."""
    spans = sentence_spans(news.texts[source])
    before = [s for s in spans if s[1] <= span[0]][-1:]
    text = news.texts[source][span[0]:span[1]]
    if before and (not _speakers(text) or text.lstrip()[:1] in "\"“'‘"):
        return before[0][0], span[1]
    return span
