"""Sentence spans and search terms: the small text toolkit the chunker, BM25 and
the extractive answerer share, so they all agree on what a sentence and a word are."""

from __future__ import annotations

import re
from collections.abc import Iterable

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "gov", "sen", "rep", "lt", "col",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "etc", "inc", "ltd", "co", "corp", "u.s", "u.k", "e.g", "i.e", "approx",
}
# A sentence ends at . ! ? (plus closing quotes/brackets) before whitespace, or at a line break.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

_STOPWORDS = (
    """a an and are as at be been being but by can could did do does doing done for from had
    has have having he her hers him his how i if in into is it its itself me more most my
    no nor not of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours about above after again against all am any because before below
    between both down during each few further here just now s t don also said says say
    tell told did does according article articles"""
)
STOPWORDS = frozenset(_STOPWORDS.split())
# Chat filler ("yo", "lol", "like", "actually", "wat"): words that ask for nothing, so a
# question's coverage and an either/or's versions leave them out (stemmed, as `terms`).
CHAT_WORDS = frozenset((
    "yo", "lol", "lmao", "hey", "hi", "ok", "okay", "um", "uh", "hmm", "pls", "plz", "please",
    "thx", "thanks", "btw", "tbh", "idk", "imo", "like", "actual", "actually", "basically",
    "literally", "really", "even", "kind", "kinda", "sort", "sorta", "gonna", "wanna", "gotta",
    "ya", "u", "ur", "n", "wat", "what", "wait", "guy", "someth", "thing", "stuff", "bit"))


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Character spans of the sentences in text[start:end], whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _END.finditer(text, start, end):
        stop = match.end()
        if match.group() != "\n" and _is_abbreviation(text, cursor, match.start()):
            continue
        _add_span(text, cursor, stop, spans)
        cursor = stop
    _add_span(text, cursor, end, spans)
    return spans


def _is_abbreviation(text: str, sent_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > sent_start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lower().strip("(\"'“‘")
    if word in _ABBREVIATIONS:
        return True
    # Initials such as "J." or "U.S." (but not a sentence ending in a number).
    return len(word) == 1 and word.isalpha() or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _add_span(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a and any(ch.isalnum() for ch in text[a:b]):
        spans.append((a, b))


def lead_sentence(text: str) -> str:
    """An article's opening sentence (past its byline): what the whole article is about."""
    spans = sentence_spans(text)
    for a, b in spans[:4]:
        if len(text[a:b].split()) >= 8 and not text[a:b].lower().startswith("by "):
            return text[a:b]
    return text[spans[0][0]:spans[0][1]] if spans else ""


# What a text still expects ("will", "is due to", "would"): a plan, not an event
FUTURE = re.compile(
    r"\b(?:will|shall|'ll|is\s+due|are\s+due|due\s+to|is\s+expected|are\s+expected|"
    r"scheduled|upcoming|is\s+set\s+to|plans?\s+to|is\s+to|are\s+to|would)\b",
    re.IGNORECASE,
)
# A verb in the past ("after he tore a hamstring", "when they beat Millbeck")
PAST = re.compile(  # "-ed" in lower case: "United", "Alfred" are names
    r"\b(?:(?-i:[a-z])\w{2,}ed|left|won|lost|took|came|fell|rose|made|went|began|met|held|ran|gave|"
    r"got|shut|beat|spent|paid|sold|told|became|broke|brought|built|chose|drew|fought|"
    r"found|grew|kept|led|lit|sent|spoke|stood|struck|threw|wrote|quit|cut|set|put|hit|"
    r"tore|swore)\b",
    re.IGNORECASE)
# A firm plan ("will face them in the final", "is expected to be chosen"): not "would",
# which is as often a condition ("closing it would save £480,000")
PLAN = re.compile(r"\b(?:will|shall|(?:is|are)\s+(?:expected|due|set|scheduled|planned|"
                  r"going)\s+to)\b", re.IGNORECASE)
# "No arrests were made", "no one", "none of them", "nobody": a count of nothing
NO_COUNT = re.compile(r"\b(?:no\s+\w+s\s+(?:were|was|have|had)|no\s+one|none|nobody)\b", re.I)


def words(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


# Numbers in words, the one reader the grounding check and the news layer share.
UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
         "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
         "seventeen", "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# "thirty-one", "forty two", "fifty": tens with an optional unit after them
SPELLED_TENS = r"(?:" + "|".join(TENS) + r")(?:[-\s](?:" + "|".join(UNITS[1:10]) + r"))?"
# any number in words up to ninety-nine (longest first, so "seventeen" beats "seven")
SPELLED = r"(?:" + SPELLED_TENS + "|" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")"


# what "million", "bn" or "k" after a figure multiply it by
MULTIPLIERS = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3, "k": 1e3}


def spelled(raw: str) -> int | None:
    """The value of a number in words ("thirty-one" -> 31, "Seven" -> 7), or None."""
    raw = " ".join(raw.lower().split())
    if raw in UNITS:
        return UNITS.index(raw)
    tens, _, unit = raw.replace(" ", "-").partition("-")
    if tens in TENS and (not unit or unit in UNITS[1:10]):
        return 10 * (TENS.index(tens) + 2) + (UNITS.index(unit) if unit else 0)
    return None


# Bump when `terms()` changes, so caches built from old terms (BM25) are rebuilt.
TERMS_VERSION = 2

# British -ise/-isation/-our spellings meet their American forms (news wires mix them).
_BRITISH_IS = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations)$")
_BRITISH_OUR = re.compile(r"(?<=[a-z]{3})our(?=[a-z]*$)")


def stem(word: str) -> str:
    """A deliberately light suffix stripper: enough to match plurals, verb forms and
    British/American spellings."""
    if word.endswith("'s"):
        word = word[:-2]
    word = _BRITISH_OUR.sub("or", _BRITISH_IS.sub(r"iz\1", word))
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


# Irregular past forms, by stem: "dealt with 61 patients" restates "deal with", as
# "took" does "take" (the light stemmer only strips "-ed")
_PAST = {"dealt": "deal", "took": "take", "taken": "take", "made": "make", "gave": "give",
         "given": "give", "won": "win", "lost": "lose", "held": "hold", "paid": "pay",
         "sold": "sell", "told": "tell", "said": "say", "met": "meet", "left": "leave",
         "led": "lead", "ran": "run", "rose": "rise", "risen": "rise", "fell": "fall",
         "fallen": "fall", "began": "begin", "begun": "begin", "came": "come", "went": "go",
         "gone": "go", "saw": "see", "seen": "see", "kept": "keep", "built": "build",
         "spent": "spend", "sent": "send", "brought": "bring", "bought": "buy",
         "thought": "think", "found": "find", "chose": "choose", "chosen": "choose",
         "drew": "draw", "drawn": "draw", "wrote": "write", "written": "write",
         "spoke": "speak", "spoken": "speak", "struck": "strike", "stood": "stand",
         "felt": "feel", "fought": "fight", "caught": "catch", "taught": "teach",
         "threw": "throw", "thrown": "throw", "grew": "grow", "grown": "grow", "knew": "know",
         "known": "know", "broke": "break", "broken": "break", "became": "become"}
_PAST_STEMS = {stem(past): stem(base) for past, base in _PAST.items()}


def with_past(stems: set[str]) -> set[str]:
    """The terms with the irregular past forms of those that have one ("deal": "dealt")."""
    return stems | {past for past, base in _PAST_STEMS.items() if base in stems}


FORM = 5  # a word's other forms share their first five letters ("completion", "completed")


def forms(words: Iterable[str]) -> set[str]:
    """The keys `has_form` looks a word up in: each word's first FORM letters (words
    at least that long only)."""
    return {w[:FORM] for w in words if len(w) >= FORM}


def has_form(term: str, keys: set[str]) -> bool:
    """Is some form of `term` among the words `keys` came from (`forms`)?"""
    return len(term) >= FORM and term[:FORM] in keys


_QUESTION_FRAME = re.compile(r"\bhow (many|much|long|often|old)\b", re.I)
# "Was the record set on …?", "so did Russia run …?": a question asking yes or no
YES_NO = re.compile(r"^\W*(?:so\s+)?(?:was|were|is|are|did|does|do|has|have|had)\b", re.I)


def terms(text: str) -> list[str]:
    """Search terms: stemmed words without stopwords (order and repeats kept)."""
    return [stem(w) for w in words(_QUESTION_FRAME.sub(" ", text)) if w not in STOPWORDS]
