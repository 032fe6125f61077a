"""A question that gives someone the wrong job ("Chinese foreign ministry spokesman Yury
Ushakov") is corrected with the sentence that says what the articles call them; a job
the articles give them anywhere, or another word for it, is left alone."""

from __future__ import annotations

from rag.answer.premise import premise_answer
from rag.answer.roles import misdescribed
from tests.unit.test_evidence_answer import ENCODER, passage

CALL = passage(1, "After the call, the Kremlin's top foreign policy adviser Yury Ushakov "
                  "said the talks were very positive. Chinese foreign ministry spokesman "
                  "Wang Wenbin said the boycott would fail.")
DEPUTY = passage(2, "Lindqvist named Labour councillor Bernadette Quill as deputy mayor. "
                    "Chinese leader Xi Jinping spoke by video.")


def test_a_wrong_job_before_a_full_name_is_corrected() -> None:
    q = "Why did Chinese foreign ministry spokesman Yury Ushakov call the talks positive?"
    swap = misdescribed(q, [CALL])
    assert swap is not None
    assert (swap.word, swap.sibling, swap.head) == (
        "Chinese foreign ministry spokesman", "the Kremlin's top foreign policy adviser",
        "Yury Ushakov")
    answer = premise_answer(q, q, [CALL], ENCODER.embed, 0.5)
    assert answer is not None and answer.citations
    assert answer.text.startswith("The articles say the Kremlin's top foreign policy adviser "
                                  "Yury Ushakov, not Chinese foreign ministry spokesman")


def test_the_job_the_articles_give_or_a_word_for_it_is_left_alone() -> None:
    for asked in ("What did Kremlin adviser Yury Ushakov say?",
                  "What did Kremlin aide Yury Ushakov say?",  # another word for an adviser
                  "How old is deputy mayor Bernadette Quill?",  # "as deputy mayor", later
                  "What did President Xi Jinping say?",  # a leader is a president
                  "What did spokesman Wang Wenbin say?",
                  "What did spokesman Dmitry Peskov say?"):  # nobody names him
        assert misdescribed(asked, [CALL, DEPUTY]) is None, asked
