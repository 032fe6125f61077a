"""False premises: "Why did X happen?" when the articles say X didn't.

Three checks. Before any answerer runs, the premise of a question (`rag.answer.presumed`
reads it: why, how come, how did X manage to, a when/after clause, "If X, …") is set against the
retrieved sentences closest to it: an opposite action ("accepted" for "turned down"),
a negation, another figure, or the same action said of another person there makes the
answer a correction (`premise_answer`). The local model is also asked whether its
evidence says the premise at all (`doubted`, called from `rag.answer.evidence`). And
after a model answers:

A small model plays along: it restates the question's premise and invents a reason
("X happened because Y"). Only why-questions are checked: they take X for granted.
Words repeated from the question are not held against a claim (they restate what was
asked), so the restated premise is checked on its own: it must be borne out by some
retrieved sentence (support, numbers and polarity, with none of the question's words
excused). When it isn't, the answer is a correction: the articles don't say X, and
the sentence closest to X, which is what they say instead, quoted with its citation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rag.answer.arithmetic import counts_otherwise, wrong_side
from rag.answer.contest import lost_by, split_vote, unanimous
from rag.answer.days import correcting, lengths, other_day, other_length, other_year
from rag.answer.extractive import declined, join_sentences, numbered, to_citation
from rag.answer.grounding import (
    NOT_NAMES,
    YEAR,
    Embed,
    Grounder,
    Support,
    is_decline,
    numbers,
    polarity_note,
)
from rag.answer.opposites import opposite_note, speaks_to
from rag.answer.presumed import (
    PERSON,
    in_past,
    none_of,
    question_premise,
    things_taken,
    yes_no_premise,
)
from rag.answer.roles import misdescribed
from rag.answer.swapped import (
    Swap,
    done_by_another,
    redated,
    renamed,
    said_instead,
    swapped,
)
from rag.retrieval.hybrid import Passage
from rag.schema import Answer, AnswerSentence, Citation
from rag.text import PAST, PLAN, terms

_BECAUSE = re.compile(
    r",?\s+\b(?:because(?:\s+of)?|due\s+to|as\s+a\s+result\s+of|owing\s+to)\b\s+", re.IGNORECASE)


_WHY = re.compile(r"\bwhy\b", re.IGNORECASE)
_ACCORDING = re.compile(r"^according to [^,]{1,60},\s*", re.IGNORECASE)


def split_reason(question: str, sentence: str) -> tuple[str, str] | None:
    """'X because Y' -> (X, Y) in the answer to a why-question (the question takes X
    for granted); None when the question asks no why or the sentence gives no reason."""
    match = _BECAUSE.search(sentence)
    if not _WHY.search(question) or match is None or match.start() < 12:
        return None
    premise = _ACCORDING.sub("", sentence[: match.start()].strip())
    return premise, sentence[match.end():].strip()


@dataclass(frozen=True)
class Correction:
    """A premise no retrieved sentence bears out, and the sentence closest to it."""

    premise: str
    passage: int
    span: tuple[int, int]

    def quote(self, passages: Sequence[Passage]) -> str:
        return passages[self.passage].chunk.text[self.span[0]:self.span[1]]


def unsupported_premise(
    premise: str, passages: Sequence[Passage], grounder: Grounder, embed: Embed,
    threshold: float,
) -> Correction | None:
    """The correction when no retrieved sentence bears `premise` out; None when one
    does (then the reason is judged like any claim)."""
    best = _closest(premise, grounder, embed)
    if best.span is None or best.passage < 0:
        return None
    source = grounder.text(best)
    if best.score >= threshold and not best.missing and not polarity_note(premise, source) \
            and not opposite_note(premise, source):
        return None
    return Correction(premise.rstrip(" .,;"), best.passage, best.span)


def _closest(premise: str, grounder: Grounder, embed: Embed) -> Support:
    """The retrieved sentence that best bears the premise out (meaning, words, figures)."""
    return grounder.best(embed([premise])[0], set(terms(premise)), frozenset(numbers(premise)))


def contradicted_premise(
    premise: str, passages: Sequence[Passage], grounder: Grounder, embed: Embed,
    threshold: float,
) -> Correction | None:
    """The correction when a sentence close to what a question takes for granted (or a
    yes/no question states) says the opposite or gives another figure where no passage
    states the question's; unlike `unsupported_premise`, mere rewording is let pass."""
    wanted = frozenset(n for n in numbers(premise) if not YEAR.fullmatch(n))
    vec, premise_terms = embed([premise])[0], set(terms(premise))

    def opposite(near: Support, source: str) -> bool:  # said of who the premise names
        return bool(opposite_note(premise, source)) and _names_held(premise, near, grounder)

    def split_held(near: Support, source: str) -> bool:
        return split_vote(premise, source) and _names_held(premise, near, grounder)

    if (things := things_taken(premise)) and (none := _nearest(
            premise, vec, premise_terms, passages, grounder, threshold,
            lambda near, source: none_of(things, source))):
        return none  # "no deaths were linked": whatever else is said of "the deaths"
    if lengths(premise) and (told := _nearest(  # "only half an hour": the nearest length
            premise, vec, premise_terms, passages, grounder, threshold,
            lambda near, source: bool(lengths(source)), LENGTH_NEAREST, LENGTH_SLACK)) \
            and other_length(premise, told.quote(passages)):
        return told
    if (beyond := _nearest(  # "removed more than 420,000": a near one that removed 348,000
            premise, vec, premise_terms, passages, grounder, threshold,
            lambda near, source: wrong_side(premise, source) and not PLAN.search(source))):
        return beyond
    if wanted and not any(wanted & numbers(p.chunk.text) for p in passages) and (other := _nearest(
            premise, vec, premise_terms, passages, grounder, threshold,
            lambda near, source: counts_otherwise(premise, source))):
        return other  # "raised to 500,000 cubic metres": "cut … to 350,000 cubic metres"
    best = grounder.best(vec, premise_terms, wanted)
    if best.span is not None and best.passage >= 0 and best.score >= threshold:
        source = grounder.text(best)
        other_figure = bool(best.missing) and any(not YEAR.fullmatch(n) for n in numbers(
            source)) or other_year(premise, source, [p.chunk.text for p in passages])
        if other_figure or opposite_note(premise, source) or polarity_note(premise, source) \
                or _other_agent(premise, best, grounder, source):
            return Correction(premise.rstrip(" .,;"), best.passage, best.span)
        if other_day(premise, source):
            # another month of another action may be another event ("receive the
            # review in January" for "reject the ferry in March"): a near sentence
            # saying the opposite of the premise's action is the better correction
            opposed = None if speaks_to(premise, source) else _nearest(
                premise, vec, premise_terms, passages, grounder, threshold, opposite)
            return opposed or Correction(premise.rstrip(" .,;"), best.passage, best.span)
        if unanimous(premise) and (split := _nearest(
                premise, vec, premise_terms, passages, grounder, threshold, split_held)):
            return split  # "every councillor voted for it": "by eight votes to three"
        if not (in_past(premise) and (PLAN.search(source) or not PAST.search(source))
                and not PLAN.search(premise) and not speaks_to(premise, source)):
            # the closest sentence bears the premise out, unless it is a plan that doesn't
            # speak to its action and a near one says the opposite ("will host talks":
            # "struggled to sell" is met by "sold out")
            return None if speaks_to(premise, source) or not PLAN.search(source) else \
                _nearest(premise, vec, premise_terms, passages, grounder, threshold, opposite)
        # A plan ("the final will be played on April 26"), or a sentence with nothing in
        # the past ("the Gulls face Millbeck in the final on April 26"), bears out no past
        # event ("when they beat Millbeck to lift the cup"), unless it speaks to the
        # premise's action ("will stay open" for "closed"): look on, as when nothing
        # bears it out.
    # The closest sentence, less close, negating it of whom it names ("Wang … not worried")
    said = grounder.text(best)
    close = bool(said) and best.score >= threshold - NEAREST_SLACK
    if close and best.span is not None and polarity_note(premise, said) and _names_held(
            premise, best, grounder):
        return Correction(premise.rstrip(" .,;"), best.passage, best.span)
    # The closest sentence, near enough, taking the premise's side of its action
    # ("released a statement welcoming" for "the statement welcoming"): an opposite
    # further down ("oppose the politicisation") is said of something else.
    sided = close and _sided(premise, said)
    # Nothing bears it out, and the sentence that says the opposite is often not the
    # closest one ("the IOC barred the team" is closest to another ban): an opposite
    # action among the few nearest sentences counts, as does one putting the action to
    # someone else, having the premise's winner lose, or splitting a unanimous vote.
    return _nearest(premise, vec, premise_terms, passages, grounder, threshold,
                    lambda near, source: (not sided and opposite(near, source))
                    or split_held(near, source)
                    or _other_agent(premise, near, grounder, source) or lost_by(premise, source))


def _sided(premise: str, source: str) -> bool:
    """Does the source take the premise's side of an opposite pair, and say it?"""
    return speaks_to(premise, source) and not (opposite_note(premise, source)
                                               or polarity_note(premise, source))


NEAREST = 8  # sentences looked at past the closest (dev: 22 false premises caught, 0 true)
NEAREST_SLACK = 0.2  # how far below the grounding threshold they may score
# A length is rarely stated, so more of the nearest, and less near, are looked at for
# one: "the conversation … had lasted 90 minutes" is the 11th nearest to "the call
# dragged on for three hours" (0.35), behind ten sentences about the call
LENGTH_NEAREST, LENGTH_SLACK = 16, 0.3


def _nearest(premise: str, vec: np.ndarray, premise_terms: set[str],
             passages: Sequence[Passage], grounder: Grounder, threshold: float,
             says: Callable[[Support, str], bool], count: int = NEAREST,
             slack: float = NEAREST_SLACK) -> Correction | None:
    """The correction by the first of the premise's `count` nearest sentences (within
    `slack` below the threshold) that `says` something against it, if any."""
    for near in grounder.nearest(vec, premise_terms, count):
        if near.score < threshold - slack or near.span is None:
            break
        source = grounder.text(near)
        if says(near, source):
            return Correction(premise.rstrip(" .,;"), near.passage, near.span)
    return None


_AGENT = re.compile(r"^(?:[a-z][\w-]*\s+){0,3}(?P<a>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)")


def _other_agent(premise: str, near: Support, grounder: Grounder, source: str) -> bool:
    """Does the sentence say the premise's action of someone else? The premise opens
    with a full name ("Conrad Vell cut the ribbon", "head librarian Priya Castellane
    restored …"); the sentence holds at least half the rest of the premise's words,
    names someone the premise doesn't, and neither it, its neighbours nor the title
    name who the premise names ("Mayor Rosalind Tench cut a ribbon")."""
    m = _AGENT.match(premise)
    if m is None or near.span is None:
        return False
    agent = set(terms(m.group("a")))
    j = grounder.spans[near.passage].index(near.span)
    if not agent or agent & grounder.window_terms[near.passage][j]:
        return False
    action = set(terms(premise[m.end():])) - set(terms(" ".join(_named(premise))))
    have = set(terms(source))
    others = [p for p in PERSON.findall(source)
              if p.split()[0] not in NOT_NAMES and not set(terms(p)) & agent]
    return bool(action) and bool(others) and 2 * len(action & have) >= len(action)


def _names_held(premise: str, near: Support, grounder: Grounder) -> bool:
    """Does the sentence (with its neighbours and title) name at least half of what
    the premise names? An opposite said of someone else corrects nothing."""
    named = set(terms(" ".join(_named(premise))))
    if not named or near.span is None:
        return True
    j = grounder.spans[near.passage].index(near.span)
    return 2 * len(named & grounder.window_terms[near.passage][j]) >= len(named)


_LOWER_FIRST = frozenset({"The", "A", "An", "It", "They", "He", "She", "This", "That",
                          "These", "Those", "There", "Its", "Their", "His", "Her"})


def as_clause(premise: str) -> str:
    """'The council voted' -> 'the council voted' (a name keeps its capital)."""
    first, _, rest = premise.partition(" ")
    return f"{first.lower()} {rest}" if first in _LOWER_FIRST else premise


def first_correction(
    question: str, sentences: Sequence[str], passages: Sequence[Passage],
    grounder: Grounder, embed: Embed, threshold: float,
) -> Correction | None:
    """The first answer sentence that explains a premise no retrieved sentence bears
    out (both answerers ask this of the model's text)."""
    for sentence in sentences:
        parts = None if is_decline(sentence) else split_reason(question, sentence)
        if parts is not None:
            correction = unsupported_premise(parts[0], passages, grounder, embed, threshold)
            if correction is not None:
                return correction
    return None


def corrected(question: str, correction: Correction, passages: Sequence[Passage],
              related: list[Citation], asked: bool = False,
              also: Correction | None = None, lead: str = "The articles say otherwise:") -> Answer:
    """The model explained a premise the articles don't bear out (or, `asked`, the
    question took it for granted, and `lead` says so): say so, and quote what they say
    instead (the sentence closest to the premise, and `also` one about who the premise
    names), cited."""
    citations: list[Citation] = []
    for n, c in enumerate([correction, *([also] if also else [])], start=1):
        cite = to_citation(passages[c.passage], n)
        cite.quote_start, cite.quote_end = c.span
        cite.quote = c.quote(passages)
        citations.append(cite)
    quotes = [AnswerSentence(text=f"\u201c{c.quote.strip()}\u201d", citations=[c.n],
                             supported=True, support=1.0) for c in citations]
    if asked:  # one cited sentence: what the articles say, against the question
        quotes[0].text = f"{lead} {quotes[0].text}"
        sentences = quotes
    else:
        quotes[0].text = f"What they say: {quotes[0].text}"
        sentences = [AnswerSentence(
            text=f"The articles don't say that {as_clause(correction.premise)}.",
            supported=True, declined=True), *quotes]
    return Answer(question=question, text=join_sentences(sentences), supported=True,
                  citations=citations, sentences=sentences, passages=related,
                  corrects_premise=True)


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*\b")


def _named(premise: str) -> set[str]:
    """Who and what a premise names: its capitalised words, less sentence words."""
    return {w for w in _CAPITALISED.findall(premise) if w not in NOT_NAMES}


def _about_names(premise: str, correction: Correction, passages: Sequence[Passage],
                 grounder: Grounder, embed: Embed) -> Correction | None:
    """When the correcting sentence doesn't name who the premise names ("Ewan Pryce"),
    the retrieved sentence closest to the premise that does."""
    named = _named(premise)
    wanted = set(terms(" ".join(named))) - set(terms(correction.quote(passages)))
    if not wanted:
        return None
    vec = embed([premise])[0]
    best: tuple[float, int, tuple[int, int]] | None = None
    for i, spans in enumerate(grounder.spans):
        sims = grounder.vectors[grounder.offsets[i]:grounder.offsets[i + 1]] @ vec
        for j, (a, b) in enumerate(spans):
            have = set(terms(passages[i].chunk.text[a:b]))
            if wanted <= have and (i, (a, b)) != (correction.passage, correction.span) and (
                    best is None or float(sims[j]) > best[0]):
                best = (float(sims[j]), i, (a, b))
    return Correction(correction.premise, best[1], best[2]) if best else None


def doubted(question: str, premise: str, passages: Sequence[Passage], embed: Embed
            ) -> Answer:
    """The correction when the model doubts a question's premise: the articles don't say
    it; they say the retrieved sentence closest to it (and one about who it names)."""
    grounder = Grounder(passages, embed)
    best = _closest(premise, grounder, embed)
    if gives := correcting(premise):  # a near sentence giving a length; a day: in its article
        near = grounder.nearest(embed([premise])[0], set(terms(premise)), NEAREST)
        own = passages[best.passage].chunk.source if best.span and gives.day else None
        best = next((n for n in near if n.span and own in (None, passages[n.passage].chunk.source)
                     and gives(grounder.text(n))), best)
    if best.span is None or best.passage < 0:
        return declined(question, numbered(passages))
    correction = Correction(premise.rstrip(" .,;?"), best.passage, best.span)
    also = _about_names(correction.premise, correction, passages, grounder, embed)
    return corrected(question, correction, passages, numbered(passages), also=also)


def premise_answer(question: str, standalone: str, passages: Sequence[Passage],
                   embed: Embed, threshold: float,
                   idf: Callable[[str], float] = lambda term: 0.0) -> Answer | None:
    """The answer, for every answerer, when what the question takes for granted ("Why
    did X turn down Y?", "the 2012 Rio Olympics") is contradicted by the closest
    retrieved sentence; else None (`idf`: the collection's, for `swapped`)."""
    taken = question_premise(standalone)
    statement = taken or yes_no_premise(standalone)  # "Did X close?": "no", said cited
    if passages and (swap := swapped(standalone, passages, idf)
                     or redated(standalone, passages, idf)
                     or (renamed(statement, passages, idf) if statement else
                         # "how many goals had he scored for Millbeck Town?": the club
                         # he played for is taken for granted ("at", "in": other events)
                         renamed(standalone, passages, idf, preps=("for",)))
                     or misdescribed(standalone, passages)) is not None:
        return _swap_answer(question, swap, passages)
    if not passages or statement is None:
        return None
    grounder = Grounder(passages, embed)
    correction = contradicted_premise(statement, passages, grounder, embed, threshold)
    if correction is None:
        return None
    if (other := done_by_another(correction.premise, passages)) is not None:
        correction = Correction(correction.premise, *other)  # "painted … by Edwin Sallow"
    also = _about_names(correction.premise, correction, passages, grounder, embed)
    answer = corrected(question, correction, passages, numbered(passages), asked=True,
                       also=also)
    answer.verification = {"premise_contradicted": 1.0}
    return answer


def _swap_answer(question: str, swap: Swap, passages: Sequence[Passage]) -> Answer:
    """"The articles say the 2016 Rio Olympics, not the 2012 Rio Olympics: “…” [1]"."""
    correction = Correction(f"{swap.word} {swap.head}", swap.passage, swap.span)
    head = f" {swap.head}" if swap.head else ""
    lead = f"The articles say {swap.sibling}{head}, not {swap.word}{head}:"
    instead = said_instead(question, swap, passages)
    also = Correction(correction.premise, *instead) if instead else None
    answer = corrected(question, correction, passages, numbered(passages), asked=True,
                       lead=lead, also=also)
    answer.verification = {"premise_contradicted": 1.0}
    return answer
