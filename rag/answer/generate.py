"""The LLM answerer: the model writes the answer from the numbered passages; we then
repair its citations and check every sentence against the passages it cites.

`stream_answer` yields the text as it arrives (with markers already renumbered) and
ends with the `Answer`; `Engine.ask` is its last event, so there is one call path. It
runs the request under one wall-clock deadline and an output cap (`rag.llm.bounded`): text cut
at either is answered as far as it goes and marked `Answer.cut`; every failure of the
request is one `LLMError` naming the server. Markup in the model's text (tags,
markdown images and links, terminal escapes) never reaches the answer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence

import numpy as np
from llama_index.core.llms import LLM

from rag.answer.asked import gives_asked_value
from rag.answer.citations import (
    StreamRenumberer,
    clean_output,
    drop_invalid,
    numbering,
    parse_claims,
    render,
)
from rag.answer.claims import claim_note, reply_unborne
from rag.answer.extractive import declined, numbered, to_citation
from rag.answer.grounding import (
    Embed,
    Grounder,
    Support,
    is_decline,
    numbers,
    passages_context,
)
from rag.answer.joined import halves_support, own_numbers
from rag.answer.markup import StreamStripper, strip_markup
from rag.answer.premise import corrected, first_correction
from rag.answer.restated import RESTATES, only_restates
from rag.llm.bounded import Cut, RequestFailed, TimedOut, bounded
from rag.llm.prompts import answer_messages
from rag.llm.providers import llm_error, llm_limits, retryable
from rag.llm.responses import closing_responses
from rag.retrieval.hybrid import Passage
from rag.schema import Answer, AnswerSentence, Citation
from rag.settings import Settings
from rag.text import terms

EMPTY = "The language model returned no answer; try asking again."
NO_PASSAGES = "The articles don't say: no passage matched this question."
NO_SOURCE = "no retrieved passage supports it"


def stream_answer(
    llm: LLM, settings: Settings, question: str, standalone: str,
    passages: Sequence[Passage], embed: Embed,
) -> Iterator[str | Answer]:
    """Text deltas as the model writes them, then exactly one `Answer`."""
    if not passages:
        answer = declined(question, [], NO_PASSAGES)
        yield answer.text
        yield answer
        return
    messages = answer_messages(question, standalone, passages)

    def deltas() -> Iterator[str]:
        with closing_responses():  # a stream the client tripped over is closed here
            for chunk in llm.stream_chat(messages):
                yield chunk.delta or ""

    strip = StreamStripper()
    live = StreamRenumberer(len(passages))
    raw: list[str] = []
    cut: Cut | None = None
    for item in _guarded(deltas, settings):
        if isinstance(item, Cut):
            cut = item
            continue
        raw.append(item)
        out = live.feed(strip.feed(item))
        if out:
            yield out
    rest = live.feed(strip.close()) + live.close()
    if rest:
        yield rest
    answer = build_answer("".join(raw), question, passages, embed, settings.grounding_threshold,
                          asked=standalone)
    answer = _mark_cut(answer, cut, settings)
    if cut is not None:
        yield f" {_cut_note(cut, settings)}"
    yield answer


def _guarded(produce: Callable[[], Iterator[str]], settings: Settings) -> Iterator[str | Cut]:
    """`bounded(produce)` with every failure turned into one `LLMError`."""
    try:
        yield from bounded(produce, llm_limits(settings), retryable)
    except TimedOut:
        raise llm_error(TimeoutError(), settings) from None
    except RequestFailed as failed:
        raise llm_error(failed.cause, settings, failed.mid_reply) from failed.cause


def _cut_note(cut: Cut, settings: Settings) -> str:
    limits = llm_limits(settings)
    limit = (f"its {limits.deadline_s:g} s time limit (RAG_LLM_TIMEOUT)" if cut.reason == "time"
             else f"its length limit ({limits.max_chars:,} characters)")
    return f"The answer was cut off: the model ran past {limit}."


def _mark_cut(answer: Answer, cut: Cut | None, settings: Settings) -> Answer:
    """Say so in the answer (as the local answerer does) when the text was cut."""
    if cut is None:
        return answer
    note = _cut_note(cut, settings)
    answer.cut = True
    answer.sentences.append(AnswerSentence(text=note, supported=True, declined=True))
    answer.text = f"{answer.text} {note}".strip()
    return answer


def build_answer(
    raw: str, question: str, passages: Sequence[Passage], embed: Embed, threshold: float,
    asked: str = "",
) -> Answer:
    """Model text -> Answer: renumbered citations, every sentence scored for support;
    a why-answer built on a premise no passage bears out becomes a correction, as the
    local answerer's does (`asked`: the standalone question)."""
    related = numbered(passages)
    claims = drop_invalid(parse_claims(strip_markup(clean_output(raw))), len(passages))
    if not claims:
        return declined(question, related, EMPTY)
    grounder = Grounder(passages, embed)
    correction = first_correction(asked or question, [c.text for c in claims], passages,
                                  grounder, embed, threshold)
    if correction is not None:
        return corrected(question, correction, passages, related)
    vectors = embed([c.text for c in claims])
    claim_terms = [set(terms(c.text)) for c in claims]
    claim_numbers = [frozenset(numbers(c.text)) for c in claims]
    declines = [is_decline(c.text) for c in claims]
    # Where the model cited nothing, cite the best-matching passage if it supports it.
    uncited_best: dict[int, Support] = {}
    for k, (claim, vec, ts, ns, decline) in enumerate(
        zip(claims, vectors, claim_terms, claim_numbers, declines, strict=True)
    ):
        if not claim.sources and not decline:
            best = grounder.best(vec, ts, ns)
            if best.passage >= 0 and best.score >= threshold and not best.missing:
                claim.sources, claim.attributed = [best.passage + 1], True
            else:
                uncited_best[k] = best  # no passage supports it: say how close
    renumber = numbering(claims)
    context = passages_context(question, passages)
    given, given_numbers = set(terms(f"{question} {asked}")), numbers(f"{question} {asked}")
    citations: dict[int, Citation] = {}
    sentences: list[AnswerSentence] = []
    for k, (claim, vec, ts, ns, decline) in enumerate(
        zip(claims, vectors, claim_terms, claim_numbers, declines, strict=True)
    ):
        found = uncited_best.get(k) or grounder.support(
            vec, ts, [n - 1 for n in claim.sources], ns
        )
        for n in claim.sources:
            _cite(citations, passages, n, renumber[n], grounder, vec)
        if decline and not claim.sources:
            found = Support(1.0, -1, None)
        note = found.note if claim.sources else "" if decline else NO_SOURCE
        if claim.sources and not note and not decline:
            # The same checks as the local answerer's: polarity against the sentence it
            # rests on, and names neither the question nor any passage uses.
            rests_on = [] if found.span is None else [grounder.text(found)]
            note = claim_note(claim.text, rests_on, context)
        if claim.sources and not decline and (note or found.missing or found.score < threshold):
            # one sentence joining what two cited passages say: each half on its own
            parts = halves_support(claim.text, grounder, embed, set(),
                                   functools.partial(own_numbers, ns), threshold, context,
                                   cited=[n - 1 for n in claim.sources])
            if parts:
                found, note = min(parts, key=lambda s: s.score), ""
        if not decline and only_restates(asked or question, ts - given, ns - given_numbers):
            note = RESTATES  # "who spoke for the ministry?" - "the ministry spoke for it"
        sentences.append(AnswerSentence(
            text=claim.text,
            citations=[renumber[n] for n in claim.sources],
            supported=decline or (
                bool(claim.sources) and found.score >= threshold and not found.missing
                and not note
            ),
            support=found.score,
            note=note,
            declined=decline,
        ))
    claims_made = [s for s, d in zip(sentences, declines, strict=True) if not d]
    if reply_unborne(asked or question, claims_made):  # "Yes, he played": he "could return"
        return declined(question, related)
    if claims_made and not gives_asked_value(asked or question,
                                             [s.text for s in claims_made if s.supported],
                                             partial=True):
        return declined(question, related)  # "how many …?" met with no figure: a near miss
    # A decline next to supported claims answers part of the question (prompt rule 6).
    supported = any(s.supported for s in claims_made)
    return Answer(
        question=question, text=render(claims, renumber), supported=supported,
        citations=sorted(citations.values(), key=lambda c: c.n), sentences=sentences,
        passages=related,
    )


def _cite(
    citations: dict[int, Citation], passages: Sequence[Passage], source: int, n: int,
    grounder: Grounder, vec: np.ndarray,
) -> None:
    """Add the citation once, quoting the passage sentence closest to the first
    answer sentence that cites it."""
    if n in citations:
        return
    cite = to_citation(passages[source - 1], n)
    support = grounder.support(vec, set(), [source - 1])
    if support.span is not None:
        a, b = support.span
        cite.quote, cite.quote_start, cite.quote_end = cite.snippet[a:b], a, b
    citations[n] = cite
