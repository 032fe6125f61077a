"""Why-questions answered with a cause: an answer that only restates what the question
takes for granted gets the retrieved sentence that gives the cause."""

from __future__ import annotations

from rag.answer.extractive import answer_extractively
from rag.answer.reasons import with_reason
from rag.retrieval.hybrid import Passage
from rag.schema import Answer, is_declined
from tests.support.news import fake_embed
from tests.unit.test_evidence_answer import ENCODER, passage

TEXT = ("Australia, Britain and Canada joined the United States in deciding not to send "
        "officials to the Games. The four countries will not send officials to the Games "
        "because of China's human rights record. The Games open on February 4.")
Q = "Why did Australia, Britain and Canada decide not to send officials to the Games?"


def restating() -> tuple[Answer, list[Passage]]:
    """The quoting answer to Q: the sentence that says they decided it."""
    found = [passage(1, TEXT)]
    answer = answer_extractively(Q, ENCODER.embed([Q])[0], found, ENCODER.embed,
                                 lambda t: 1.0, 0.0, 1)
    assert answer.sentences[0].text.startswith("Australia, Britain and Canada joined")
    return answer, found


def test_a_why_answer_giving_no_cause_gets_the_sentence_that_gives_one() -> None:
    answer, found = restating()
    out = with_reason(answer, Q, found, fake_embed)
    assert len(out.sentences) == 2 and "because of China's human rights" in out.sentences[1].text
    cite = out.citations[-1]
    assert out.sentences[1].citations == [cite.n] and "human rights" in (cite.quote or "")
    assert cite.snippet[cite.quote_start:cite.quote_end] == cite.quote
    assert out.text.endswith(f"[{cite.n}]")


def test_other_questions_and_answers_that_give_a_cause_are_left_alone() -> None:
    answer, found = restating()
    what = "What did Australia, Britain and Canada decide about the Games?"
    assert with_reason(answer, what, found, fake_embed) is answer
    caused = answer.model_copy(deep=True)
    caused.sentences[0].text = "They did so because of human rights."
    assert with_reason(caused, Q, found, fake_embed) is caused
    unrelated = "Why did the mayor close the library?"  # no cause holds its words
    assert with_reason(answer, unrelated, found, fake_embed) is answer
    assert not is_declined(answer)
