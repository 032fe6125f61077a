"""Typos mended before retrieval (rag.core.spelling), and the engine showing the
question as it read it."""

from rag.core.engine import Engine
from rag.core.spelling import edit_distance, respell

PASSAGES = ["The Beijing Winter Olympics open on February 4; officials of four countries "
            "stay away in a diplomatic boycott.", "Being there matters, said the mayor."]


def _nothing_known(term: str) -> bool:
    return False


def test_edit_distance_counts_a_swap_as_one_edit_and_stops_past_the_limit() -> None:
    assert edit_distance("olympcs", "olympics", 2) == 1
    assert edit_distance("recieve", "receive", 2) == 1
    assert edit_distance("library", "liberty", 1) == 2  # "more than one"
    assert edit_distance("cat", "catalogue", 2) == 3


def test_typos_become_the_articles_words_before_the_dictionarys() -> None:
    mended = respell("wen do the bejing winter olympcs actualy open??", _nothing_known,
                     PASSAGES)
    # "bejing" is one edit from both "being" and "beijing": the articles' word wins.
    assert mended == "wen do the beijing winter olympics actually open??"


def test_words_the_articles_or_the_dictionary_know_are_left_alone() -> None:
    for question in ["did the skipper sit out the hosepipe ban",
                     "what do the games' organisers fear",  # British, not a typo
                     "was it before covid",  # too short to trust the dictionary alone
                     "how many sigs were there"]:
        assert respell(question, _nothing_known, PASSAGES) == question
    # A word the articles use is kept even where the dictionary lacks it.
    assert respell("what did lindqvst say", lambda t: t == "lindqvst", PASSAGES) \
        == "what did lindqvst say"


def test_capitalised_words_are_names_and_are_not_mended() -> None:
    question = "Did Bejing officials attend?"
    assert respell(question, _nothing_known, PASSAGES) == question


def test_a_word_with_nothing_close_stays_as_typed() -> None:
    assert respell("was the qxzvbn cancelled", _nothing_known, PASSAGES) \
        == "was the qxzvbn cancelled"


def test_the_engine_retrieves_and_shows_the_mended_question(hash_engine: Engine) -> None:
    typed = "how many russian athelets are competing at the bejing winter olympics?"
    answer = hash_engine.ask(typed)
    assert answer.question == typed
    assert answer.standalone_question == \
        "how many russian athletes are competing at the beijing winter olympics?"
    assert "212" in answer.text
    assert answer.text == hash_engine.ask(answer.standalone_question).text
