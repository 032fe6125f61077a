"""A remainder ("how much besides X?") is worked out from the two sums the passages
state, in code: the total less the part, citing both sentences."""

from __future__ import annotations

import dataclasses

from rag.answer.remainder import asks_remainder, remainder_answer
from tests.support.news import fake_embed
from tests.unit.test_evidence_answer import passage

PLAN = ("The ferry budget is £38 million. The shipyard won the contract for the two boats "
        "with a price of £26.5 million for the two boats.")
RISE = ("After the rise the ferry budget has gone up by £6.5 million to £44.5 million. "
        "Officials said the rise was manageable.")


def test_the_question_s_total_and_what_it_sets_aside_are_read() -> None:
    q = "Of the ferry's current budget, how much is going on things other than the two boats?"
    assert asks_remainder(q) == ("Of the ferry's current budget, how much is going on things",
                                 "the two boats")
    assert asks_remainder("How much of it was left besides the grant?") is not None
    assert asks_remainder("How much did the two boats cost?") is None
    # no sum split up: "how much did the trust save besides closing a school?" asks a count
    assert asks_remainder("How much did the trust save besides closing a school?") is None


def test_the_total_now_less_the_part_is_worked_out_and_both_sentences_cited() -> None:
    q = "After the rise, how much of the ferry budget is going on things other than the two boats?"
    out = remainder_answer(q, [passage(1, PLAN), passage(2, RISE)], fake_embed)
    assert out is not None
    # the new level (£44.5m), not the old budget (£38m) nor the change (£6.5m)
    assert out.text.startswith("About £18 million: £44.5 million in all, less £26.5 million")
    quotes = [c.quote for c in out.citations]
    assert quotes == ["After the rise the ferry budget has gone up by £6.5 million to £44.5 "
                      "million.",
                      "The shipyard won the contract for the two boats with a price of £26.5 "
                      "million for the two boats."]
    for c in out.citations:  # each quote is the exact span of its passage
        assert c.snippet[c.quote_start:c.quote_end] == c.quote
    assert out.sentences[0].citations == [1, 2] and out.supported


def test_with_no_word_of_now_the_closest_total_is_taken() -> None:
    q = "How much of the ferry budget is going on things other than the two boats?"
    out = remainder_answer(q, [passage(1, PLAN)], fake_embed)
    assert out is not None and out.text.startswith("About £11.5 million: £38 million in all")


def test_a_total_stated_only_in_a_headline_is_cited_without_a_quote() -> None:
    plain = passage(2, "Officials said the rise was manageable.")
    rise = dataclasses.replace(plain, chunk=dataclasses.replace(
        plain.chunk, title="Current ferry budget climbs to £44.5m"))
    q = "Of the current ferry budget, how much goes on things other than the two boats?"
    out = remainder_answer(q, [passage(1, PLAN), rise], fake_embed)
    assert out is not None and out.text.startswith("About £18 million: £44.5 million")
    assert out.citations[0].source == "a2.txt" and not out.citations[0].quote


def test_nothing_is_worked_out_without_both_sums() -> None:
    q = "How much of the ferry budget is going on things other than the two boats?"
    only_part = passage(1, "The shipyard won with a price of £26.5 million for the two boats.")
    assert remainder_answer(q, [only_part], fake_embed) is None
    unrelated = passage(1, "The mayor opened the new library on Saturday morning.")
    assert remainder_answer(q, [unrelated], fake_embed) is None
    assert remainder_answer("How much did the two boats cost?", [passage(1, PLAN)],
                            fake_embed) is None


def test_the_worked_out_answer_keeps_the_question_and_what_was_found() -> None:
    from rag.answer.extractive import declined, numbered
    from rag.answer.remainder import with_remainder

    found = [passage(1, PLAN)]
    before = declined("besides the boats?", numbered(found))
    q = "How much of the ferry budget is going on things other than the two boats?"
    out = with_remainder(before, q, found, fake_embed)
    assert out.citations and out.question == "besides the boats?"
    assert out.passages == before.passages
    assert with_remainder(before, "Who won?", found, fake_embed) is before
