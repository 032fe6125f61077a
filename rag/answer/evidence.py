"""The local model's answerer: compressed evidence, a separate verification step, a
short answer whose citations point at exact sentences, and a check of every sentence.

A 1.5B model given five whole passages over-declines; asked to pick from the best
few sentences it finds paraphrased answers, but it rarely declines on its own. So:
1. Evidence: the top 8 sentences of the top 8 retrieved passages (ranked like the
   extractive answerer ranks them), each with its article title and date.
2. Verification decides answer or decline, not the model's free text: the model's
   probability that the facts state the answer (read from its logits for "yes"
   against "no"), combined with how much of the question's rare terms the best
   evidence covers. The threshold is calibrated on the dev split.
3. The model writes one or two sentences citing fact numbers, each mapped to a passage
   and a span. Bad markers are dropped or repaired, an uncited sentence is attributed
   or dropped, and each sentence is checked for support, numbers, names and polarity
   (words repeated from the question are context); no sentence left, or a "how many"
   with no new number, is a decline.
4. Then the facts it cites, alone, must answer the question (`rag.answer.recheck`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from rag.answer.asked import gives_asked_value
from rag.answer.citations import StreamRenumberer, clean_output, drop_invalid, parse_claims, picked
from rag.answer.claims import claim_note, reply_unborne
from rag.answer.extractive import (
    DECLINE,
    Candidate,
    Embed,
    Idf,
    declined,
    join_sentences,
    numbered,
    rank_sentences,
    to_citation,
)
from rag.answer.grounding import (
    REPLY_WORDS,
    YEAR,
    Grounder,
    Support,
    is_decline,
    is_instruction,
    numbers,
    passages_context,
    with_full_names,
)
from rag.answer.joined import halves_support, own_numbers
from rag.answer.premise import corrected, doubted, first_correction, question_premise
from rag.answer.recheck import recheck
from rag.answer.restated import RESTATES, only_restates, restates_with_figure
from rag.llm.local import CUT, LocalModel, chat_prompt
from rag.llm.prompts import (
    ANSWER_TASK,
    EVIDENCE_SYSTEM,
    PREMISE_TASK,
    VERIFY_TASK,
    evidence_user,
    short_fact,
)
from rag.retrieval.hybrid import Passage
from rag.schema import Answer, AnswerSentence, Citation
from rag.text import terms, with_past

MAX_FACTS = 8
# The model's P(yes) that the facts say what the question takes for granted, below
# which the answer is a correction. Dev (rounds 6-8 and the why-sets): 10 of 26 false
# premises fall below it, and none of 24 true ones (the lowest true: 0.64). Round 11
# raised it from 0.6 (two false premises of rounds 10-11 dev at 0.62; the lowest true
# one there is 0.70): a dev choice with a thin margin, +1 on the dev replays, none lost.
PREMISE_DOUBT = 0.63
CUT_NOTE = "The answer was cut off: the model ran past its time or length limit."


@dataclass(frozen=True)
class Fact:
    """One evidence sentence: where it is (passage index and span in the passage's
    text) and how well it matches the question."""

    passage: int
    start: int
    end: int
    text: str
    coverage: float
    score: float


@dataclass(frozen=True)
class Verdict:
    """The verification step's inputs and decision."""

    p_yes: float  # the model's P("yes": the facts state the answer)
    coverage: float  # share of the question's weighted terms the best facts cover
    score: float
    threshold: float

    @property
    def answer(self) -> bool:
        return self.score >= self.threshold

    def as_dict(self) -> dict[str, float]:
        return {"p_yes": round(self.p_yes, 4), "coverage": round(self.coverage, 4),
                "score": round(self.score, 4), "threshold": self.threshold}


def select_facts(ranked: Sequence[Candidate], limit: int = MAX_FACTS) -> list[Fact]:
    """The best sentences, skipping text that addresses the model and near-repeats."""
    out: list[Fact] = []
    seen: list[set[str]] = []
    for cand in ranked:
        if len(out) >= limit:
            break
        if is_instruction(cand.text):
            continue
        own = set(terms(cand.text))
        if any(len(own & s) / (min(len(own), len(s)) or 1) > 0.8 for s in seen):
            continue
        seen.append(own)
        out.append(Fact(cand.passage, cand.start, cand.end, cand.text, cand.coverage,
                        cand.score))
    return out


def grouped(facts: Sequence[Fact], passages: Sequence[Passage]) -> list[Fact]:
    """The facts grouped by article (articles in order of their best fact, facts in
    rank order within each), so that each article's title and date is shown once."""
    order: dict[str, list[Fact]] = {}
    for f in facts:
        order.setdefault(_label(passages[f.passage]), []).append(f)
    return [f for group in order.values() for f in group]


def top_coverage(facts: Sequence[Fact]) -> float:
    """How much of the question's weighted terms the best three facts cover."""
    return max((f.coverage for f in sorted(facts, key=lambda f: -f.score)[:3]), default=0.0)


def verdict_score(p_yes: float, coverage: float) -> float:
    """Both signals must agree: the model's yes, and the evidence naming what the
    question asks about (a near-miss names the right people, but not the fact)."""
    return 0.6 * p_yes + 0.4 * coverage


def _label(p: Passage) -> str:
    title = " ".join(p.chunk.title.split())
    title = title if len(title) <= 40 else title[:39] + "…"
    return f"{title}, {p.chunk.date}" if p.chunk.date else title


def verify(
    model: LocalModel, standalone: str, qvec: np.ndarray, passages: Sequence[Passage],
    embed: Embed, idf: Idf, threshold: float,
) -> tuple[list[Fact], list[tuple[str, str]], Verdict | None]:
    """The evidence, as facts and as shown to the model, and the verdict on it (None
    when there is no evidence at all)."""
    ranked, _ = rank_sentences(standalone, qvec, passages, embed, idf)
    facts = grouped(select_facts(ranked), passages)
    if not facts:
        return [], [], None
    shown = [(_label(passages[f.passage]), short_fact(f.text)) for f in facts]
    p_yes = model.choice_probability(
        chat_prompt(EVIDENCE_SYSTEM, evidence_user(shown, standalone, VERIFY_TASK)))
    coverage = top_coverage(facts)
    return facts, shown, Verdict(p_yes, coverage, verdict_score(p_yes, coverage), threshold)


def answer_stream(
    model: LocalModel, question: str, standalone: str, qvec: np.ndarray,
    passages: Sequence[Passage], embed: Embed, idf: Idf, *, threshold: float,
    grounding_threshold: float, max_tokens: int, deadline_s: float,
) -> Iterator[str | Answer]:
    """Text pieces as the model writes them, then exactly one `Answer`. A decline
    comes as one piece (no generation is run)."""
    related = numbered(passages)
    facts, shown, verdict = verify(model, standalone, qvec, passages, embed, idf, threshold)
    premise = question_premise(standalone) if verdict is not None else None
    checks: dict[str, float] = {}
    if verdict is not None and premise is not None:
        # "Why did X turn down Y?": does the evidence say X turned Y down at all?
        p_premise = model.choice_probability(chat_prompt(
            EVIDENCE_SYSTEM, evidence_user(shown, standalone,
                                           PREMISE_TASK.format(premise=premise))))
        checks["p_premise"] = round(p_premise, 4)
        if p_premise < PREMISE_DOUBT:
            answer = doubted(question, premise, passages, embed)
            answer.verification = {**verdict.as_dict(), **checks}
            yield answer.text
            yield answer
            return
    if verdict is None or not verdict.answer:
        answer = declined(question, related)
        if verdict is not None:
            answer.verification = {**verdict.as_dict(), **checks}
        yield answer.text
        yield answer
        return
    prompt = chat_prompt(EVIDENCE_SYSTEM, evidence_user(shown, standalone, ANSWER_TASK))
    live = StreamRenumberer(len(facts))
    raw: list[str] = []
    cut = False
    for piece in model.stream(prompt, max_tokens, deadline_s):
        if piece == CUT:
            cut = True
            break
        raw.append(piece)
        out = live.feed(piece)
        if out:
            yield out
    rest = live.close()
    if rest:
        yield rest
    answer = build_answer("".join(raw), question, facts, passages, embed,
                          grounding_threshold, asked=standalone)
    answer.verification = {**verdict.as_dict(), **checks}
    answer = recheck(model, answer, question, standalone, passages, premise)
    yield mark_cut(answer) if cut else answer


def mark_cut(answer: Answer) -> Answer:
    """Say so in the answer when the model's text was cut at its limit."""
    answer.cut = True
    answer.sentences.append(AnswerSentence(text=CUT_NOTE, supported=True, declined=True))
    answer.text = f"{answer.text} {CUT_NOTE}".strip()
    return answer


def build_answer(
    raw: str, question: str, facts: Sequence[Fact], passages: Sequence[Passage],
    embed: Embed, threshold: float, asked: str = "",
) -> Answer:
    """Model text -> Answer: one citation per cited sentence (its passage and exact
    span), numbered in order of appearance; each sentence checked against what it
    cites. A sentence its cited facts don't bear out is re-cited to the retrieved
    sentence that does (a small model often cites the fact next to the right one);
    if none does, it stays flagged. Numbers and names the question itself uses
    (`asked`: the standalone question) are not held against a sentence."""
    related = numbered(passages)
    raw = picked(raw, [f.text for f in facts])  # markers alone: the facts they pick
    claims = drop_invalid(parse_claims(clean_output(raw)), len(facts))
    claims = [c for c in claims if c.text.strip()]
    if not claims or all(is_decline(c.text) and not c.sources for c in claims):
        return declined(question, related)
    grounder = Grounder(passages, embed)
    correction = first_correction(asked or question, [c.text for c in claims], passages,
                                  grounder, embed, threshold)
    if correction is not None:
        return corrected(question, correction, passages, related)
    vectors = embed([c.text for c in claims])
    fact_vecs = embed([f.text for f in facts])
    in_passages = passages_context("", passages)
    everything = f"{question} {asked} {in_passages}"
    # Words a claim takes from the question restate what was asked: they are context
    # (as the question's names already are), so a right answer is not failed for
    # repeating "water" from "Coastway Water" (dev: 0.517 -> 0.556 on 205 questions).
    given = with_past(with_full_names(f"{question} {asked}", in_passages))
    asked_numbers = numbers(f"{question} {asked}")
    passage_numbers = set().union(*grounder.numbers)
    order: dict[tuple[int, int, int], Citation] = {}
    sentences: list[AnswerSentence] = []
    for claim, vec in zip(claims, vectors, strict=True):
        decline = is_decline(claim.text)
        if decline and not claim.sources:
            sentences.append(AnswerSentence(text=claim.text, supported=True, declined=True))
            continue
        claim_terms = set(terms(claim.text)) - given - REPLY_WORDS
        loose = False  # attributed on its words, not its meaning
        sims = fact_vecs @ vec  # the claim's cosine to each fact
        if not claim.sources:
            # An uncited sentence is attributed to the fact closest in meaning and
            # words. One that no fact is close to in meaning (a sentence joining two
            # facts matches neither closely) is kept only if it checks out.
            loose = float(np.max(sims)) < threshold
            claim.sources = [_closest_fact(sims, claim_terms, facts) + 1]
        # A year any retrieved passage states is context, not a claimed figure; so is
        # a number the claim repeats from the question when some retrieved passage
        # states it too ("the 2 ferries"). A question's number no passage states is
        # still checked: a false premise often is one.
        claim_numbers = frozenset(n for n in numbers(claim.text)
                                  if not (YEAR.fullmatch(n) and n in in_passages)
                                  and not (n in asked_numbers and n in passage_numbers))
        claim.sources = _stating(claim.text, claim.sources, asked_numbers, facts, sims)
        spans = [(facts[n - 1].passage, facts[n - 1].start, facts[n - 1].end)
                 for n in claim.sources]
        support = grounder.support(vec, claim_terms, [sp[0] for sp in spans], claim_numbers)
        note = support.note or claim_note(
            claim.text, [facts[n - 1].text for n in claim.sources], everything)
        if note or support.score < threshold:
            better = grounder.best(vec, claim_terms, claim_numbers)
            if better.span is not None and better.score >= threshold and not better.missing:
                source = grounder.text(better)
                if not claim_note(claim.text, [source], everything):
                    support, note = better, ""
                    spans = [(better.passage, *better.span)]
        if support.missing and support.note == note:
            # A sentence that joins two facts ("planned 420,000, removed 348,000") often
            # cites one: cite the facts that state its other numbers too.
            joined = _join_facts(claim.sources, support.missing, facts)
            if joined:
                added = " ".join(facts[k - 1].text for k in joined)
                rest = claim_numbers - numbers(added, source=True)
                again = grounder.support(vec, claim_terms - set(terms(added)),
                                         [sp[0] for sp in spans], rest)
                cited = [facts[n - 1].text for n in [*claim.sources, *joined]]
                if not again.missing:
                    support = again
                    note = claim_note(claim.text, cited, everything)
                    spans += [(facts[k - 1].passage, facts[k - 1].start, facts[k - 1].end)
                              for k in joined]
        if note or support.score < threshold:
            parts = halves_support(claim.text, grounder, embed, given,
                                   functools.partial(own_numbers, claim_numbers), threshold,
                                   everything)
            if parts:  # "212 are going, and they had to prove …": each half borne out
                support, note = min(parts, key=lambda s: s.score), ""
                spans = [(s.passage, *s.span) for s in parts if s.span]
        if (note or support.score < threshold) and restates_with_figure(
                claim.text, claim_terms, claim_numbers, [facts[n - 1].text for n in claim.sources]):
            support, note = Support(threshold, spans[0][0], spans[0][1:]), ""
        if loose and (note or support.score < threshold):
            continue
        if only_restates(asked or question, claim_terms, claim_numbers):
            note = RESTATES  # "who spoke for the ministry?" - "the ministry spoke for it"
        numbers_here = []
        for key in spans:
            if key not in order:
                cite = to_citation(passages[key[0]], len(order) + 1)
                cite.quote_start, cite.quote_end = key[1], key[2]
                cite.quote = cite.snippet[key[1]:key[2]]
                order[key] = cite
            numbers_here.append(order[key].n)
        sentences.append(AnswerSentence(
            text=claim.text, citations=list(dict.fromkeys(numbers_here)),
            supported=support.score >= threshold and not note, support=support.score,
            note=note, declined=decline,
        ))
    claims_made = [s for s in sentences if not s.declined]
    if reply_unborne(asked or question, claims_made):  # "Yes, he played": he "could return"
        return declined(question, related)
    if not gives_asked_value(asked or question, [s.text for s in claims_made if s.supported],
                             partial=True):
        # "How many …?" answered without a figure: the facts name the subject but not
        # what was asked (a near miss), whatever the model wrote around them.
        return declined(question, related)
    if not any(s.supported for s in claims_made):
        # Nothing the model wrote is borne out by the articles: the second half of the
        # verification. Say the articles don't answer, rather than guess.
        return declined(question, related)
    return Answer(question=question, text=join_sentences(sentences), supported=True,
                  citations=list(order.values()), sentences=sentences, passages=related)


def _closest_fact(sims: np.ndarray, claim_terms: set[str], facts: Sequence[Fact]) -> int:
    """The fact (0-based) closest to a claim: half meaning (`sims`, its cosine to each
    fact), half its words."""
    scores = [0.5 * float(sim) + 0.5 * (len(claim_terms & set(terms(f.text)))
                                        / (len(claim_terms) or 1))
              for f, sim in zip(facts, sims, strict=True)]
    return int(np.argmax(scores))


def _stating(claim: str, cited: list[int], asked: set[str], facts: Sequence[Fact],
             sims: np.ndarray) -> list[int]:
    """The cited facts, with the fact that states the claim's numbers (years too) in
    place of a cited one that states none of them: a small model often cites the fact
    next to the right one ("since 1971 [3]" where [4] says 1971), and a quote without
    the number shows the reader nothing. Unchanged when no single fact states them all."""
    stated = numbers(claim) - asked
    if not stated or stated <= numbers(" ".join(facts[n - 1].text for n in cited), source=True):
        return cited
    holding = [k for k, f in enumerate(facts, start=1)
               if k not in cited and stated <= numbers(f.text, source=True)]
    if not holding:
        return cited
    best = max(holding, key=lambda k: float(sims[k - 1]))
    kept = [n for n in cited if numbers(facts[n - 1].text, source=True) & stated]
    return [*kept, best]


def _join_facts(cited: Sequence[int], missing: Sequence[str], facts: Sequence[Fact]
                ) -> list[int]:
    """Fact numbers (1-based, not already cited) that state every missing number, or
    [] when some number no fact states."""
    out: list[int] = []
    for n in missing:
        k = next((k for k, f in enumerate(facts, start=1)
                  if k not in cited and n in numbers(f.text, source=True)), 0)
        if not k:
            return []
        if k not in out:
            out.append(k)
    return out


__all__ = ["DECLINE", "Fact", "Verdict", "answer_stream", "build_answer", "grouped",
           "select_facts", "top_coverage", "verify"]
