"""A yes/no answer that only restates the question gets the sentence it cites quoted
after it, so the answer itself shows the evidence."""

from __future__ import annotations

from rag.answer.restating import with_evidence
from rag.schema import Answer, AnswerSentence, Citation

QUOTE = "China said the countries will pay the price for the boycott."


def answer(text: str) -> Answer:
    cite = Citation(n=1, source="a.txt", title="Boycott", snippet=QUOTE, score=1.0, start=0,
                    end=len(QUOTE), chunk_id="a#0", quote=QUOTE, quote_start=0,
                    quote_end=len(QUOTE))
    sentence = AnswerSentence(text=text, citations=[1], supported=True)
    return Answer(question="q", text=f"{text} [1]", supported=True, citations=[cite],
                  passages=[cite], sentences=[sentence])


def test_a_yes_that_restates_the_question_gets_its_cited_quote() -> None:
    q = "did china like threaten the countries boycotting the games or nah"
    out = with_evidence(answer("Yes, China threatened the countries boycotting the games."), q)
    assert [s.text for s in out.sentences][1] == f"\u201c{QUOTE}\u201d"
    assert out.sentences[1].citations == [1]
    assert out.text.endswith(f"\u201c{QUOTE}\u201d [1]")


def test_an_answer_saying_more_or_another_question_is_left_alone() -> None:
    q = "Did China threaten the countries boycotting the games?"
    more = answer("Yes, China said they will pay the price.")  # words the question lacks
    assert with_evidence(more, q) is more
    what = answer("Yes, China threatened the countries boycotting the games.")
    assert with_evidence(what, "What did China threaten the boycotting countries with?") is what
