"""Chat spellings are written out before retrieval and answering: "and y" asks why."""

from __future__ import annotations

from rag.core.chatspeak import written_out
from rag.core.engine import Engine


def test_chat_spellings_standing_alone_are_written_out() -> None:
    assert written_out("which countrys r boycotting the olympics and y") == \
        "which countrys are boycotting the olympics and why"
    assert written_out("that org w russia n china in it, wat is it") == \
        "that org with russia and china in it, what is it"
    assert written_out("whats the deal, dont u know?") == "what's the deal, don't you know?"
    assert written_out("when did they last meet irl??") == "when did they last meet in person??"


def test_a_lone_4_before_a_determiner_is_for() -> None:
    assert written_out("who scored 4 the gulls in the cup semi") == \
        "who scored for the gulls in the cup semi"
    assert written_out("is it open sundays? who pays 4 it") == "is it open sundays? who pays for it"
    for kept in ("he scored 4 goals", "4 the record, who won", "won 4 to 2", "the 4 of them",
                 "page 4. The end"):
        assert written_out(kept) == kept


def test_capitals_words_and_symbols_are_left_alone() -> None:
    for kept in ("R. Tench and N. Quill", "the r&d budget", "a w/ b", "Route Y", "young",
                 "the n-th time", "Gwynn's win"):
        assert written_out(kept) == kept


def test_the_standalone_question_is_the_written_out_one(hash_engine: Engine) -> None:
    answer = hash_engine.ask("did putin n xi talk by video or wat")
    assert answer.standalone_question == "did putin and xi talk by video or what"
    assert answer.question == "did putin n xi talk by video or wat"  # as asked
