"""Typos in a question, mended before it is answered.

Why: "wen do the beijing winter olympcs actualy open??" shares too few key words with
any passage; BM25 misses, the evidence has no dates, and the answer is a decline.
People type like that in a chat box.

A word is mended only when it is lower-case (a capitalised word is taken as a name the
asker meant), at least five letters, and known neither to the articles (its stemmed
term is in the keyword index) nor to an English dictionary (pyspellchecker's word
list, MIT). It becomes the closest word of the passages the question first retrieved
(names and terms the articles use: "bejing" is "beijing", not "being"), or else the
dictionary's correction, within one edit (two for words of seven letters or more).
The dictionary alone mends only words of six letters or more ("covid" is not
"bovid"), and never turns a British spelling into its American one.
The mended question is then retrieved again, and `Answer.standalone_question` shows
it, so the reader sees how the question was read. The edit distance is our own (a dozen
lines): pyspellchecker proposes a word but does not measure one against another, and
the passages' few hundred words take about 10 ms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from rag.text import terms

_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{5,}(?![\w'’-])")
_DICTIONARY_ONLY = 6  # shortest word the dictionary may mend on its own
_BRITISH = ((re.compile(r"is"), "iz"), (re.compile(r"our"), "or"), (re.compile(r"tre\b"), "ter"),
            (re.compile(r"(?<=e)ll(?=ing|ed|er)"), "l"))
_TEXT_WORD = re.compile(r"[A-Za-z]{4,}")


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    """pyspellchecker's English list (loaded once, about 0.2 s; None if missing). Its
    corrections reach two edits; `mend_word` keeps one edit for shorter words."""
    try:
        from spellchecker import SpellChecker
    except ImportError:  # pragma: no cover - a dependency; only passage words mend then
        return None
    return SpellChecker(language="en", distance=2)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours is one edit), or
    `limit + 1` once it is certain to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _limit(word: str) -> int:
    return 2 if len(word) >= 7 else 1


def corpus_words(texts: Iterable[str]) -> Counter[str]:
    """The lower-cased words (four letters or more) of some passages, counted."""
    return Counter(w.lower() for text in texts for w in _TEXT_WORD.findall(text))


def mend_word(word: str, nearby: Counter[str], dictionary: Any) -> str | None:
    """The word meant by a typo: the closest passage word (ties: the commoner), or the
    dictionary's correction when it is closer; None when nothing is close enough."""
    limit = _limit(word)
    best: tuple[int, int, str] | None = None
    for cand, count in nearby.items():
        d = edit_distance(word, cand, limit)
        if d <= limit and (best is None or (d, -count) < best[:2]):
            best = (d, -count, cand)
    if dictionary is not None and len(word) >= _DICTIONARY_ONLY:
        fixed = dictionary.correction(word)
        if fixed and _american(fixed) != _american(word):
            d = edit_distance(word, fixed, limit)
            if d <= limit and (best is None or d < best[0]):
                best = (d, 0, fixed)
    return best[2] if best else None


def _american(word: str) -> str:
    """A spelling with British forms made American ("organisers": "organizers")."""
    for pattern, repl in _BRITISH:
        word = pattern.sub(repl, word)
    return word


def respell(question: str, known_term: Callable[[str], bool], passages_text: Iterable[str]
            ) -> str:
    """The question with its typos mended (the question itself when there are none).
    `known_term(t)`: is the stemmed term `t` in the articles?"""
    unknown = [m for m in _LOWER_WORD.finditer(question)
               if not all(known_term(t) for t in terms(m.group()))]
    if not unknown:
        return question
    dictionary = _dictionary()
    if dictionary is not None:
        unknown = [m for m in unknown if m.group() not in dictionary]
    if not unknown:
        return question
    nearby = corpus_words(passages_text)
    out, last = [], 0
    for m in unknown:
        fixed = mend_word(m.group(), nearby, dictionary)
        out += [question[last:m.start()], fixed or m.group()]
        last = m.end()
    return "".join(out) + question[last:]
