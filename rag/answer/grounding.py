"""Claim-level grounding: how well each generated sentence is supported by the
passage(s) it cites, so unsupported sentences can be flagged.

For each cited passage: 0.5 x the best cosine between the sentence and a sentence of
the passage (meaning) + 0.5 x the share of the sentence's content terms found in
that passage sentence, its neighbours or the title (are its names, numbers and words
really there); the best cited passage counts. Paraphrases score high on both; a
claim the passage never makes loses on both.

A wrong number is the commonest way a fluent answer lies, and it barely moves either
score ("215 athletes" against "212 athletes"). So a claim whose numbers are not all
in the passage it is judged against (text, title or date; "two" counts as 2) is not
supported, whatever its score, and says which number is missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rag.retrieval.hybrid import Passage
from rag.text import SPELLED_TENS, UNITS, sentence_spans, spelled, terms

Embed = Callable[[list[str]], np.ndarray]
# A reply's own words ("Yes, lifeguards were out until 8pm"): they claim nothing a
# source must hold, so they don't count against a sentence's share of words.
REPLY_WORDS = frozenset(terms("yes indeed"))
_FULL_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}")


def with_full_names(question: str, text: str) -> set[str]:
    """The question's words, with the rest of each name in `text` one of its names is
    part of: asked about "Lindqvist", an answer may say "Mayor Hattie Lindqvist" without
    claiming anything its source must hold. A common word is no name ("that school" is
    not "Brackenridge Primary School"), unless the question is all in lower case."""
    given = set(terms(question))
    key = given if question == question.lower() else set(terms(" ".join(names(question))))
    out = set(given)
    for m in _FULL_NAME.finditer(text):
        named = set(terms(m.group()))
        if named & key:
            out |= named
    return out

_DECLINE = re.compile(
    r"\b(sources?|articles?|passages?|context|documents?|texts?)\b[^.]*?"
    r"\b(do(?:es)?\s*n[o']?t|do(?:es)?\s+not|never|cannot|can't|fail to)\b[^.]*?"
    r"\b(contain|say|mention|include|provide|state|answer|address|discuss|specify|give)"
    r"|\b(no|not enough|insufficient)\s+(relevant\s+)?information\b"
    r"|\bI\s+(do\s*n[o']?t|do not|cannot|can't)\s+(know|answer|find)\b"
    r"|\bnot\s+(mentioned|stated|covered|addressed)\s+in\s+the\b",
    re.IGNORECASE,
)


# Text in an article that addresses the model rather than the reader. A claim that
# only matches such a sentence echoes an injected instruction: it is not grounded.
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,30}\b(previous|prior|above|earlier|all|any)\b"
    r".{0,20}\b(instructions?|prompts?|rules?|context)\b"
    r"|\b(system prompt|you are now|as an ai)\b"
    r"|\b(answer|respond|reply|say|output|print)\s+(only\s+)?(with\s+)?['\"“‘]",
    re.IGNORECASE,
)


NUMBER_TOKEN = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
# "one" is left out: "one of them" states no number, so a claim saying it needs none.
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(UNITS) if w != "one"}
_TENS_WORD = re.compile(r"\b" + SPELLED_TENS + r"\b", re.IGNORECASE)
# "five-ring Games", "two-way talks": a number word joined to a word that is not a
# unit describes rather than counts; "two-day summit" and "three-hour debate" count.
_COMPOUND_UNIT = (r"(?:second|minute|hour|day|night|week|month|year|mile|metre|meter|"
                  r"kilometre|km|storey|seat|point|goal|game|match|vote|time|member|man|"
                  r"woman|person)s?\b")
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b(?!-(?!" + _COMPOUND_UNIT
                          + r")[a-z])", re.IGNORECASE)
_ONE = re.compile(r"\bone\b", re.IGNORECASE)
YEAR = re.compile(r"(?:19|20)\d\d")  # a number read as a year, not a figure


def normalise_number(token: str) -> str:
    if "," in token and re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", token):
        token = token.replace(",", "")  # thousands separators: 2,900 -> 2900
    if re.fullmatch(r"\d+", token):
        return token.lstrip("0") or "0"
    if re.fullmatch(r"\d+\.\d+", token):
        whole, frac = token.split(".")
        whole, frac = whole.lstrip("0") or "0", frac.rstrip("0")
        return f"{whole}.{frac}" if frac else whole
    return token  # "1.2.3" or "1,2": compared as written


def numbers(text: str, *, source: bool = False) -> set[str]:
    """The numbers a text states, normalised: "2,900" -> "2900", "0.60" -> "0.6",
    "two" -> "2". A `source` also counts the word "one" as 1."""
    found = {str(spelled(m.group())) for m in _TENS_WORD.finditer(text)}
    text = _TENS_WORD.sub(" ", text)  # "thirty-one" states 31, not the "one" in it
    found.update(_NUMBER_WORDS[m.group(1).lower()] for m in _NUMBER_WORD.finditer(text))
    found.update(normalise_number(m.group()) for m in NUMBER_TOKEN.finditer(text))
    if source and _ONE.search(text):
        found.add("1")
    return found


def is_instruction(sentence: str) -> bool:
    """Does a source sentence read like an instruction to the model (prompt injection)?"""
    return bool(_INSTRUCTION.search(sentence))


def is_decline(sentence: str) -> bool:
    """Does the sentence say the sources don't hold the answer?"""
    return bool(_DECLINE.search(sentence))


@dataclass(frozen=True)
class Support:
    score: float
    passage: int  # index into the passages; -1 when nothing was cited
    span: tuple[int, int] | None  # best-matching sentence in that passage's text
    missing: tuple[str, ...] = ()  # the claim's numbers that passage does not state

    @property
    def note(self) -> str:
        """Why a claim fails on its numbers, for the reader; empty when it doesn't."""
        if not self.missing:
            return ""
        listed = ", ".join(self.missing)
        return f"{listed} {'is' if len(self.missing) == 1 else 'are'} not in the cited source"


class Grounder:
    """Embeds every retrieved passage's sentences once, then scores claims."""

    def __init__(self, passages: Sequence[Passage], embed: Embed) -> None:
        self.passages = passages
        self.spans: list[list[tuple[int, int]]] = []
        texts: list[str] = []
        for p in passages:
            spans = sentence_spans(p.chunk.text) or [(0, len(p.chunk.text))]
            self.spans.append(spans)
            texts.extend(p.chunk.text[a:b] for a, b in spans)
        self.vectors = embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        self.offsets = np.cumsum([0] + [len(s) for s in self.spans])
        self.injected = np.array([is_instruction(t) for t in texts], dtype=bool)
        self.numbers = [
            numbers(f"{p.chunk.title}\n{p.chunk.date or ''}\n{p.chunk.text}", source=True)
            for p in passages
        ]
        self.window_terms: list[list[set[str]]] = []
        for p, spans in zip(passages, self.spans, strict=True):
            title = set(terms(p.chunk.title))
            sent_terms = [
                set() if is_instruction(p.chunk.text[a:b]) else set(terms(p.chunk.text[a:b]))
                for a, b in spans
            ]
            self.window_terms.append([
                title.union(*sent_terms[max(0, j - 1):j + 2]) for j in range(len(spans))
            ])

    def support(
        self, vec: np.ndarray, claim_terms: set[str], cited: Sequence[int],
        claim_numbers: frozenset[str] = frozenset(),
    ) -> Support:
        """Support of a claim (its vector, terms and numbers) by the passages it cites:
        the best of the cited passages, each judged on its closest sentence and that
        sentence's neighbours (so a claim can't borrow one word from each of five
        passages). A passage that lacks one of the claim's numbers ranks below every
        passage that has them all."""
        best = Support(0.0, -1, None)
        for i in (i for i in dict.fromkeys(cited) if 0 <= i < len(self.passages)):
            missing = tuple(sorted(claim_numbers - self.numbers[i]))
            sims = self.vectors[self.offsets[i]:self.offsets[i + 1]] @ vec
            sims = np.where(self.injected[self.offsets[i]:self.offsets[i + 1]], -1.0, sims)
            j = int(np.argmax(sims))
            here = Support(self._score(i, j, float(sims[j]), claim_terms), i,
                           self.spans[i][j], missing)
            if best.passage < 0 or _rank(here) > _rank(best):
                best = here
        return best

    def best(
        self, vec: np.ndarray, claim_terms: set[str], claim_numbers: frozenset[str] = frozenset()
    ) -> Support:
        """The single passage that best supports a claim nobody cited."""
        scored = [
            self.support(vec, claim_terms, [i], claim_numbers) for i in range(len(self.passages))
        ]
        return max(scored, key=_rank, default=Support(0.0, -1, None))

    def text(self, s: Support) -> str:
        """The supporting sentence's text ("" when there is none)."""
        return self.passages[s.passage].chunk.text[s.span[0]:s.span[1]] if s.span else ""

    def nearest(self, vec: np.ndarray, claim_terms: set[str], k: int) -> list[Support]:
        """The k sentences of all passages closest to a claim (meaning and words, as
        `support` scores them), best first."""
        out: list[Support] = []
        for i in range(len(self.passages)):
            sims = self.vectors[self.offsets[i]:self.offsets[i + 1]] @ vec
            out.extend(Support(self._score(i, j, float(sim), claim_terms), i, self.spans[i][j])
                       for j, sim in enumerate(sims) if not self.injected[self.offsets[i] + j])
        return sorted(out, key=lambda s: -s.score)[:k]

    def _score(self, i: int, j: int, cos: float, claim_terms: set[str]) -> float:
        """Sentence j of passage i against a claim: half its cosine, half the share of the
        claim's terms in the sentence and its neighbours (the cosine alone without terms)."""
        cos = max(0.0, cos)
        if not claim_terms:
            return round(min(1.0, cos), 3)
        words = len(claim_terms & self.window_terms[i][j]) / len(claim_terms)
        return round(min(1.0, 0.5 * cos + 0.5 * words), 3)


def _rank(s: Support) -> tuple[bool, float]:
    return (not s.missing, s.score)


# --- polarity: a sentence that negates what its source asserts (or asserts what the
# source negates) is not supported, however similar its words are.
_NEGATION = re.compile(
    r"\b(?:not|never|no longer|cannot|refus(?:e|es|ed|ing) to|declin(?:e|es|ed|ing) to|"
    r"denied|denies|fail(?:s|ed|ing)? to|(?:decid|opt)(?:e|es|ed|ing|s)? against)\b|n't\b",
    re.IGNORECASE,
)
_SKIP_AFTER_NEGATION = frozenset({
    "be", "been", "being", "have", "has", "had", "to", "the", "a", "an", "any", "ever",
    "yet", "also", "even", "really", "actually", "officially", "personally", "directly",
})
_WORD_AFTER = re.compile(r"[^\W_]+", re.UNICODE)


def negated_terms(text: str) -> set[str]:
    """The content words a negation applies to: "did not attend" -> {attend}."""
    out: set[str] = set()
    for match in _NEGATION.finditer(text):
        for word in _WORD_AFTER.findall(text[match.end(): match.end() + 60])[:4]:
            if word.lower() in _SKIP_AFTER_NEGATION:
                continue
            out.update(terms(word))
            break
    return out


def polarity_note(claim: str, source: str) -> str:
    """Why a claim's polarity differs from its source sentence, or "" when it doesn't:
    a word the claim negates that the source asserts, or the other way round."""
    claim_neg, source_neg = negated_terms(claim), negated_terms(source)
    claim_pos = set(terms(claim)) - claim_neg
    source_pos = set(terms(source)) - source_neg
    flipped = (claim_neg & source_pos) | (source_neg & claim_pos)
    if not flipped:
        return ""
    return "it negates what the cited source says" if claim_neg & source_pos else \
        "the cited source says the opposite"


# --- names: a claim naming someone or something its source never mentions ----------
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*)\b")
NOT_NAMES = frozenset({
    "The", "A", "An", "He", "She", "It", "They", "This", "That", "These", "Those", "In",
    "On", "At", "By", "For", "Of", "And", "But", "Or", "As", "After", "Before", "According",
    "However", "While", "When", "Yes", "No", "Not", "His", "Her", "Their", "Its", "There",
    "Both", "Some", "All", "Sources", "Articles", "Article", "Facts", "Fact",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "Games", "Olympics", "President", "Minister",
})


def names(text: str) -> set[str]:
    """Capitalised words that are not the first of a sentence: the claim's names."""
    return {m.group(1) for m in _NAME.finditer(text) if m.group(1) not in NOT_NAMES}


def passages_context(question: str, passages: Sequence[Passage]) -> str:
    """What a claim may name without inventing it: the question and every passage."""
    return " ".join([question, *(f"{p.chunk.title} {p.chunk.text}" for p in passages)])


def missing_names(claim: str, source: str) -> list[str]:
    """The claim's names its source text never uses (case-insensitive, so "Russia"
    is found in "Russian")."""
    lowered = source.lower()
    # A stem is enough: "China" is found in "Chinese", "Russia" in "Russian"; a pair of
    # names joined ("the China-Russia border") is found by its parts.
    return sorted(n for n in names(claim) if any(
        part.lower()[: max(4, len(part) - 2)] not in lowered
        for part in (n.split("-") if all(p[:1].isupper() for p in n.split("-")) else [n])))
