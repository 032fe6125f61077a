"""Who-questions answered by a sentence naming its subject only by what they are get the
sentence before it, which names them."""

from __future__ import annotations

from rag.answer.named import with_named
from rag.schema import Answer, AnswerSentence, Citation

TEXT = ("Hattie Lindqvist has been elected mayor of Harbourton. The Green and Harbour "
        "candidate won 18,412 votes, ahead of Tench on 16,905.")
QUOTE = "The Green and Harbour candidate won 18,412 votes, ahead of Tench on 16,905."


def answer(quote: str = QUOTE) -> Answer:
    start = TEXT.index(quote)
    cite = Citation(n=1, source="a.txt", title="Election", snippet=TEXT, score=1.0, start=0,
                    end=len(TEXT), chunk_id="a#0", quote=quote, quote_start=start,
                    quote_end=start + len(quote))
    sentence = AnswerSentence(text=quote, citations=[1], supported=True)
    return Answer(question="q", text=f"{quote} [1]", supported=True, citations=[cite],
                  passages=[cite], sentences=[sentence])


def test_a_described_winner_is_named_by_the_sentence_before() -> None:
    out = with_named(answer(), "who won the mayor election and by how many votes?")
    assert [s.text for s in out.sentences] == [
        "Hattie Lindqvist has been elected mayor of Harbourton.", QUOTE]
    assert out.sentences[0].citations == [1]
    assert out.text.startswith("Hattie Lindqvist has been elected mayor of Harbourton. [1]")


def test_other_questions_and_named_subjects_are_left_alone() -> None:
    plain = answer()
    assert with_named(plain, "How many votes did the winner get?") is plain
    first = answer("Hattie Lindqvist has been elected mayor of Harbourton.")
    assert with_named(first, "Who won the election?") is first
