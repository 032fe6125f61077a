"""A false premise that swaps one word for its sibling: "the 2012 Rio Olympics" where the
articles say "the 2016 Rio Olympics", "the new West Stand" for "the new East Stand", "the
red heat warning" for "the amber heat-health alert".

The swapped word is one of a closed kind (a year, a compass point, a colour, a weekday,
a month), and the words after it follow one other word of the same kind in the
retrieved sentences, never the question's own. Words that follow several ("the 2014
Winter Games", "the 2018 Winter Games") name a thing that recurs: "the 2010 Winter Games"
is a question about other Games, not a swap, and stays a decline; so is a year before
words most articles use ("the 2030 Winter Olympics"). Ordinals are left out: "the second
mayoral debate" against "the first mayoral debate" was, on dev, a debate the retrieved
passages missed, not a false premise. The answer says what the articles say instead,
and quotes the sentence, cited."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.answer.grounding import NOT_NAMES
from rag.retrieval.hybrid import Passage
from rag.text import STOPWORDS, YES_NO, forms, has_form, sentence_spans, terms

RARE_IDF = 2.0  # BM25 idf: a word in under about a tenth of the passages (as anchors)
HEAD_WORDS = 3  # the words after the swapped one that must follow its sibling

_KINDS = {
    "year": r"(?:19|20)\d{2}",
    "compass": r"(?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?",
    "colour": r"red|amber|green|yellow|orange|blue|black|white|grey|gray|purple|pink|gold|silver",
    "weekday": r"monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    "month": r"january|february|march|april|june|july|august|september|october|november|"
             r"december",  # not "may", a verb as often
}
_WORD = re.compile(r"[\w'’-]+")
# times of a day or spans: "Monday night" against "Tuesday night" is another night
_NOT_HEAD = STOPWORDS | {"night", "morning", "afternoon", "evening", "day", "days", "week",
                         "weeks", "weekend", "month", "months", "year", "years", "time"}


@dataclass
class Swap:
    """The question's word, the articles' word in its place, and where they say it."""

    word: str
    sibling: str
    head: str
    passage: int
    span: tuple[int, int]


def retrieved_sentences(passages: Sequence[Passage]) -> list[tuple[int, tuple[int, int], str]]:
    """(passage number, span, text) of every retrieved sentence."""
    return [(n, span, p.chunk.text[span[0]:span[1]]) for n, p in enumerate(passages)
            for span in sentence_spans(p.chunk.text)]


def _kind(word: str) -> str | None:
    return next((k for k, pattern in _KINDS.items()
                 if re.fullmatch(pattern, word, re.I)), None)


def _rare(head: list[str], idf: Callable[[str], float]) -> bool:
    """Does the head hold a word few articles use ("Rio")? A year before common words
    ("the 2030 Winter Olympics") asks about another of a kind, of which the articles
    name one."""
    return any(idf(t) >= RARE_IDF for t in terms(" ".join(head)))


def swapped(question: str, passages: Sequence[Passage], idf: Callable[[str], float]
            ) -> Swap | None:
    """The question's word of a closed kind before words that a retrieved sentence has
    only after a sibling of it; else None."""
    words = list(_WORD.finditer(question))
    for i, m in enumerate(words):
        kind = _kind(m.group())
        if kind is None:
            continue
        for size in range(HEAD_WORDS, 0, -1):  # "Stand at Tidewater", then "Stand"
            after = [w.group() for w in words[i + 1:i + 1 + size]]
            if not after or after[-1].lower() in _NOT_HEAD or _kind(after[-1]) or (
                    kind == "year" and not _rare(after, idf)):
                continue  # the head ends on a word that names something
            pattern = re.compile(rf"\b({_KINDS[kind]})\s+" + r"\s+".join(map(re.escape, after))
                                 + r"\b", re.I)
            found = [(n, span, hit) for n, p in enumerate(passages)
                     for span in sentence_spans(p.chunk.text)
                     if (hit := pattern.search(p.chunk.text, *span))]
            siblings = {hit.group(1).lower() for _, _, hit in found}
            if m.group().lower() in siblings or len(siblings) > 1:
                break  # as the question says it, or a thing that recurs (the 2014, 2018 Games)
            if found:  # the sentence that shares most of the question's words
                asked = set(terms(question))
                n, span, hit = max(found, key=lambda f: len(asked & set(terms(
                    passages[f[0]].chunk.text[f[1][0]:f[1][1]]))))
                return Swap(m.group(), hit.group(1), " ".join(after), n, span)
    return None


# --- a date swapped: "Was the record set on Thursday, July 17?" where the sentence that
# tells of the record says "on Wednesday, July 16" ------------------------------------
_MONTHS = _KINDS["month"] + "|may"  # before or after a day number, May is the month
_DATE = re.compile(
    rf"\b(?:(?P<wd>{_KINDS['weekday']}),?\s+)?(?:(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"\s+(?:of\s+)?(?P<m2>{_MONTHS})|(?P<m1>{_MONTHS})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?)\b",
    re.I)
MIN_SHARED = 0.5  # share of the question's other words (idf-weighted) the sentence holds


def _day(m: re.Match[str]) -> tuple[str, int]:
    return ((m.group("m1") or m.group("m2")).lower()[:3], int(m.group("d1") or m.group("d2")))


def redated(question: str, passages: Sequence[Passage], idf: Callable[[str], float]
            ) -> Swap | None:
    """A yes/no question that dates an event to a day no retrieved sentence states,
    where the sentence closest to the rest of the question (holding a rare word of it
    and half its weight) states one other day: that day is the correction. Left alone
    when a sentence with the question's weekday tells of the event (an article's "on
    Thursday" may be the question's date), or when the closest sentence has no date."""
    dates = list(_DATE.finditer(question))
    if not YES_NO.match(question) or len(dates) != 1:
        return None
    asked = dates[0]
    rest = set(terms(f"{question[:asked.start()]} {question[asked.end():]}"))
    total = sum(idf(t) for t in rest) or 1.0
    best: tuple[float, int, tuple[int, int], re.Match[str]] | None = None
    for n, span, text in retrieved_sentences(passages):
        said = list(_DATE.finditer(text))
        if any(_day(m) == _day(asked) for m in said):
            return None  # the articles date something to the question's day
        shared = rest & set(terms(text))
        weight = sum(idf(t) for t in shared) / total
        if weight < MIN_SHARED or not any(idf(t) >= RARE_IDF for t in shared):
            continue
        if asked.group("wd") and re.search(rf"\b{asked.group('wd')}\b", text, re.I):
            return None  # "on Thursday" of the event, dated only by its article
        if len({_day(m) for m in said}) == 1 and (best is None or weight > best[0]):
            best = (weight, n, span, said[0])
    if best is None:
        return None
    _, n, span, other = best
    return Swap(asked.group(0), other.group(0), "", n, span)


# --- a place swapped: "When Whitlock came over from Millbeck Town, …" where the articles
# say he signed "from Carrow Vale" --------------------------------------------------
_NAMED_AFTER = re.compile(r"\b(?P<prep>from|in|at|for)\s+(?:the\s+)?"
                          r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})")
# a name of several words, "of (the)" inside it too ("Games of the Future")
_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’-]+)*")


def renamed(premise: str, passages: Sequence[Passage], idf: Callable[[str], float],
            preps: tuple[str, ...] = ("from", "in", "at", "for")) -> Swap | None:
    """What a question takes for granted names a place or club after one of `preps`
    ("came over from Millbeck Town", "scored for Millbeck Town") that no retrieved
    sentence about its subject gives, while one that names the subject (a rare full name,
    or its last word: "Whitlock, 24, scored") gives another name after the same word
    ("signed … from Carrow Vale"): that name is the correction. The premise's
    name may be one no article uses ("in St Petersburg"), and its subject a name with
    "of the" inside ("the Games of the Future"). Left alone
    when a sentence about the subject gives the premise's name after that word, or when
    the sentences give several other names. A month or weekday is no place ("in June")."""
    sentences = retrieved_sentences(passages)
    for m in _NAMED_AFTER.finditer(premise):
        name = m.group("name")
        if m.group("prep").lower() not in preps:
            continue
        # a full name ("Jonah Whitlock"), found by its last word ("Whitlock, 24, scored")
        subject = {t for run in _NAME_RUN.findall(premise[:m.start()]) if " " in run
                   for t in terms(run.split()[-1]) if idf(t) >= RARE_IDF}
        if not subject or _kind(name.split()[0]) or name.split()[0].lower() == "may" or not any(
                idf(t) >= RARE_IDF or idf(t) == 0.0 for t in terms(name)):
            continue  # "in June" dates; `redated` and `swapped` see to days (idf 0: unseen)
        mine = set(terms(name))
        hits: dict[str, tuple[int, tuple[int, int]]] = {}
        for n, span, text in sentences:
            if not subject <= set(terms(text)):
                continue
            for o in _NAMED_AFTER.finditer(text):
                if o.group("prep").lower() != m.group("prep").lower():
                    continue  # "a defeat at Millbeck Town" is another event
                said = set(terms(o.group("name")))
                if mine <= said:
                    return None  # the articles say it as the premise does
                if not said & (mine | subject) and not _kind(o.group("name").split()[0]):
                    hits.setdefault(o.group("name"), (n, span))
        if len(hits) == 1:
            other, (n, span) = next(iter(hits.items()))
            return Swap(name, other, "", n, span)
    return (relocated(premise, passages) or moved(premise, passages)) if "in" in preps else None


# "going to Kazan for his talks", "after meeting in Moscow": an event, then where it was
_EVENT = (r"(?:talks?|meet(?:ing|s)?|met|visit(?:ed|ing|s)?|summit|trip|went|go(?:ing|es)?|"
          r"travel(?:l?ed|l?ing|s)?|held|hosted|arriv(?:ed|ing|es))")
_EVENT_AT = re.compile(rf"\b{_EVENT}\b(?:\s+[\w'’-]+){{0,3}}?\s+(?:in|to|at)\s+"
                       r"(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})")


def _a_place(name: str) -> bool:
    return not _kind(name.split()[0]) and name.split()[0] not in NOT_NAMES


def moved(premise: str, passages: Sequence[Passage]) -> Swap | None:
    """An event the premise places at a name ("Xi going to Kazan for his talks") that
    the retrieved sentences place only elsewhere ("after meeting in Moscow"): that place
    is the correction. Left alone when a sentence places such an event at the premise's
    name, or at several other names."""
    asked = [m.group("place") for m in _EVENT_AT.finditer(premise) if _a_place(m.group("place"))]
    if not asked:
        return None
    mine = set(terms(" ".join(asked)))
    hits: dict[str, tuple[int, tuple[int, int]]] = {}
    for n, span, text in retrieved_sentences(passages):
        for o in _EVENT_AT.finditer(text):
            place = o.group("place")
            if not _a_place(place):
                continue
            if mine & set(terms(place)):
                return None  # the articles put such an event there too
            hits.setdefault(place, (n, span))
    if len(hits) != 1:
        return None
    other, (n, span) = next(iter(hits.items()))
    return Swap(asked[0], other, "", n, span)


# "handed to a yard in Ashcombe": a thing placed by a name after "in" or "at"
_PLACED = re.compile(r"\b(?:a|an|the)\s+(?P<thing>[a-z]{3,})\s+(?:in|at)\s+"
                     r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})")


def relocated(premise: str, passages: Sequence[Passage]) -> Swap | None:
    """A thing the premise places where no retrieved passage names ("a yard in
    Ashcombe"), which the retrieved sentences place at one other name, before the thing
    or after "in" or "at" ("Strand & Keel's Pellworth yard", "the yard at Pellworth"):
    that name is the correction. Several other names leave it alone."""
    text = " ".join(p.chunk.text for p in passages)
    for m in _PLACED.finditer(premise):
        name, thing = m.group("name"), m.group("thing")
        if _kind(name.split()[0]) or set(terms(name)) & set(terms(text)):
            continue  # "in June" dates; a name the passages use may be the right one
        at = re.compile(rf"\b(?P<a>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){{0,2}})\s+{thing}s?\b|"
                        rf"\b{thing}s?\s+(?:in|at)\s+(?P<b>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){{0,2}})")
        hits: dict[str, tuple[int, tuple[int, int]]] = {}
        for n, span, said in retrieved_sentences(passages):
            for o in at.finditer(said):
                other = o.group("a") or o.group("b")
                if not _kind(other.split()[0]) and other.split()[0] not in NOT_NAMES:
                    hits.setdefault(other, (n, span))
        if len(hits) == 1:  # quoted from the best-ranked passage naming it
            other = next(iter(hits))
            n, span = next((n, sp) for n, sp, said in retrieved_sentences(passages)
                           if re.search(rf"\b{re.escape(other)}\b", said))
            return Swap(name, other, "", n, span)
    return None


def said_instead(question: str, swap: Swap, passages: Sequence[Passage]
                 ) -> tuple[int, tuple[int, int]] | None:
    """Another retrieved sentence with the articles' name that holds at least half of
    the rest of the question's words: what it asked, said of the right place ("scored 15
    goals for Carrow Vale" for "how many goals had he scored for them")."""
    want = set(terms(swap.sibling))
    rest = set(terms(question)) - set(terms(swap.word)) - set(terms(swap.head))
    quoted = " ".join(passages[swap.passage].chunk.text[swap.span[0]:swap.span[1]].split())
    best: tuple[int, int, tuple[int, int]] | None = None
    for n, span, text in retrieved_sentences(passages):
        have = set(terms(text))
        shared = len(rest & have)
        if " ".join(text.split()) != quoted and want <= have and \
                2 * shared >= len(rest) and (best is None or shared > best[0]):
            best = (shared, n, span)
    return (best[1], best[2]) if best else _before(passages, swap)


# "The firm, based at Pellworth, …": a subject pointing back to the sentence before
_POINTING = re.compile(r"^\W*(?:it|its|they|he|she|the\s+(?:firm|company|club|team|"
                       r"council|authority|group|yard|body|side|man|woman|pair))\b", re.I)


def _before(passages: Sequence[Passage], swap: Swap) -> tuple[int, tuple[int, int]] | None:
    """The sentence before the quoted one, when the quote's subject points back to it
    (who "the firm" is)."""
    text = passages[swap.passage].chunk.text
    if not _POINTING.match(text[swap.span[0]:swap.span[1]]):
        return None
    spans = sentence_spans(text, 0, swap.span[0])
    return (swap.passage, spans[-1]) if spans else None


# "Orla Penhallow paint the mural": a full name, then what the premise says they did
_DOER = re.compile(r"^(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)\s+(?P<verb>[a-z]{4,})\s+"
                   r"(?P<rest>.+)$")
_BY = re.compile(r"\bby\s+(?:[a-z-]+\s+){0,2}?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)")


def done_by_another(premise: str, passages: Sequence[Passage]
                    ) -> tuple[int, tuple[int, int]] | None:
    """A retrieved sentence saying someone else did what the premise says its person did
    ("painted in the 1890s by Edwin Sallow" for "Orla Penhallow painted the mural"): the
    same verb, "by" another full name, and half the words of what was done or more in
    it and the sentence before (which "it was painted" points back to)."""
    m = _DOER.match(premise.strip())
    if m is None:
        return None
    who, verb = set(terms(m.group("who"))), m.group("verb").lower()
    rest = set(terms(m.group("rest")))
    before, last = "", -1
    for n, span, text in retrieved_sentences(passages):
        before = before if n == last else ""
        last = n
        words = {w.lower() for w in _WORD.findall(text)}
        by = _BY.search(text)
        same_verb = verb in words or has_form(verb, forms(words))  # "painted", "paints"
        if by and same_verb and not who & set(terms(by.group("name"))) \
                and 2 * len(rest & set(terms(f"{before} {text}"))) >= len(rest):
            return n, span
        before = text
    return None
