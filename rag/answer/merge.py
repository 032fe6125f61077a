"""One answer from the answers to a compound question's parts ("How long did the call
last, and when will they meet?"): each part is retrieved and answered on its own,
then the sentences are joined and the citations renumbered in order of appearance.
A part the articles don't answer says so in its own sentence."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rag.answer.asked import gives_asked_value
from rag.answer.citations import strip_markers
from rag.answer.extractive import declined, join_sentences
from rag.schema import Answer, AnswerSentence, Citation, is_declined
from rag.text import forms, has_form, terms


def part_declined(part: str) -> str:
    return f"The articles don't say: nothing I found answers “{part.rstrip('?')}?”"


def merge_answers(
    question: str, parts: Sequence[tuple[str, Answer]], related: list[Citation]
) -> Answer:
    """Join the parts' answers; declined as a whole when no part is answered."""
    if not any(a.citations for _, a in parts):
        return declined(question, related)
    numbers: dict[str, int] = {}  # chunk id -> merged number
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    seen: set[str] = set()
    for part, answer in parts:
        if not answer.citations:
            sentences.append(AnswerSentence(text=part_declined(part), supported=True,
                                           declined=True))
            continue
        local = {c.n: c for c in answer.citations}
        for sentence in answer.sentences:
            if sentence.text in seen:
                continue  # both parts quoted the same sentence
            seen.add(sentence.text)
            merged: list[int] = []
            for n in sentence.citations:
                cite = local[n]
                key = cite.chunk_id or f"{cite.source}:{cite.start}"
                if key not in numbers:
                    numbers[key] = len(numbers) + 1
                    citations.append(cite.model_copy(update={"n": numbers[key]}))
                merged.append(numbers[key])
            sentences.append(sentence.model_copy(  # two spans of one passage: cited once
                update={"citations": list(dict.fromkeys(merged))}))
    return Answer(question=question, text=join_sentences(sentences), supported=True,
                  citations=citations, sentences=sentences, passages=related)


def complete_parts(answer: Answer, parts: Sequence[tuple[str, Callable[[], Answer]]],
                   related: list[Citation]) -> Answer:
    """A compound question's answer with a quote added for each part it leaves without
    the value that part asks for (a count, a date, a name): "How many athletes are
    going, and what must they prove?" answered only in its second half gets the first
    half's quote (`parts`: each part's question and its quoting answerer)."""
    if answer.corrects_premise or is_declined(answer) or not answer.citations:
        return answer
    said = [strip_markers(s.text) for s in answer.sentences  # "[1]" is no count
            if s.supported and not s.declined]
    asked = [part for part, _ in parts]
    missing = [(part, quote()) for part, quote in parts
               if not gives_asked_value(part, said) or not _touched(part, asked, said)]
    added = [(part, got) for part, got in missing if got.citations and not is_declined(got)]
    if not added:
        return answer
    merged = merge_answers(answer.question, [(answer.question, answer), *added], related)
    return answer.model_copy(update={"text": merged.text, "sentences": merged.sentences,
                                     "citations": merged.citations})


TOUCHED = 0.25  # share of a part's own words an answer sentence must share with it


def _touched(part: str, parts: Sequence[str], said: Sequence[str]) -> bool:
    """Does some sentence take up this part at all? Its own words (none of the other
    parts') must be shared: "which Russian event did China endorse in Moscow?" is not
    answered by a sentence about the Olympics Putin was invited to."""
    others = forms(set().union(*(terms(p) for p in parts if p != part)))
    own = {t for t in terms(part) if not has_form(t, others)}  # words under five letters stay
    if not own:
        return True
    for sentence in said:
        have = set(terms(sentence))
        keys = forms(have)
        if sum(t in have or has_form(t, keys) for t in own) >= TOUCHED * len(own):
            return True
    return False
