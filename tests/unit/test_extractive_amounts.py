"""The quoting answerer, like the model's, declines a "how many …?" that its best
sentence meets with no figure (a near miss: the right meeting, but no count of who
took part)."""

from __future__ import annotations

import numpy as np

from rag.answer.extractive import answer_extractively
from rag.embed import HashEncoder
from rag.retrieval.hybrid import Passage
from rag.schema import is_declined
from rag.store import StoredChunk

ENCODER = HashEncoder()
TEXT = ("Speaking to Russian Olympians during a televised virtual meeting, Putin said "
        "Russia and China shared an approach to sport. Russia will send 212 athletes to "
        "the Games in Beijing.")


def ask(question: str) -> object:
    chunk = StoredChunk(id="a#0", source="a.txt", title="Putin meets Olympians", date=None,
                        text=TEXT, start=0, end=len(TEXT))
    passages = [Passage(chunk, np.zeros(ENCODER.dim, dtype=np.float32), 0.5, 0.5, 1, 1)]
    return answer_extractively(question, ENCODER.embed([question])[0], passages,
                               ENCODER.embed, lambda term: 1.0)


def test_a_count_question_met_with_no_count_is_declined() -> None:
    question = "How many Russian Olympians were at Putin's televised virtual meeting?"
    assert is_declined(ask(question))


def test_a_count_question_met_with_its_count_is_answered() -> None:
    answer = ask("How many athletes will Russia send to the Games in Beijing?")
    assert not is_declined(answer) and "212" in answer.text


def test_an_amount_in_words_answers_how_many_unless_an_exact_one_is_asked() -> None:
    from rag.answer.asked import gives_asked_value

    said = ["Tens of thousands of troops are stationed near the border."]
    assert gives_asked_value("How many troops are near the border?", said)
    assert not gives_asked_value("Exactly how many troops are near the border?", said)
    assert not gives_asked_value("How many troops are near the border?",
                                 ["Troops are stationed near the border."])


def test_a_count_of_nothing_answers_how_many() -> None:
    """"No arrests were made" answers "How many skippers were arrested?" as a count
    (zero), so the sentence is not ranked down as one without a figure; "no" before a
    word that is no counted plural still is."""
    from rag.answer.extractive import _type_penalty

    assert _type_penalty("How many skippers were arrested?", "No arrests were made.") == 0.0
    assert _type_penalty("How many people came?", "Nobody came to the hall.") == 0.0
    assert _type_penalty("How many people came?", "No change was expected.") > 0


def test_a_byline_is_evidence_only_for_who_wrote_the_article() -> None:
    """"By Kieran Boyce, Harbourton Evening Post" names the writer, not anyone in the
    story: offered to the model, it answered "Who managed the club before Brannagh?"."""
    from rag.answer.extractive import rank_sentences

    text = ("By Kieran Boyce, Harbourton Evening Post\n\nManager Fergus Brannagh has "
            "signed a contract extension until 2027.")
    chunk = StoredChunk(id="b#0", source="b.txt", title="Brannagh stays", date=None,
                        text=text, start=0, end=len(text))
    passages = [Passage(chunk, np.zeros(ENCODER.dim, dtype=np.float32), 0.5, 0.5, 1, 1)]

    def sentences(question: str) -> list[str]:
        ranked, _ = rank_sentences(question, ENCODER.embed([question])[0], passages,
                                   ENCODER.embed, lambda term: 1.0)
        return [c.text for c in ranked]

    assert sentences("Who managed the club before Fergus Brannagh?") == [
        "Manager Fergus Brannagh has signed a contract extension until 2027."]
    assert "By Kieran Boyce, Harbourton Evening Post" in sentences(
        "Which reporter wrote the story about Brannagh's contract?")


def test_chat_filler_asks_for_nothing() -> None:
    """"yo how many athletes is russia sending lol": "yo" and "lol" are in no article, and
    a word no article uses counts against coverage (a near miss's tell); chat filler is
    left out, so the chatty question is answered as the plain one is."""
    from rag.answer.extractive import rank_sentences

    chunk = StoredChunk(id="a#0", source="a.txt", title="Putin meets Olympians", date=None,
                        text=TEXT, start=0, end=len(TEXT))
    passages = [Passage(chunk, np.zeros(ENCODER.dim, dtype=np.float32), 0.5, 0.5, 1, 1)]

    def coverage(question: str) -> float:
        ranked, _ = rank_sentences(question, ENCODER.embed([question])[0], passages,
                                   ENCODER.embed, lambda term: 1.0)
        return max(c.coverage for c in ranked)

    plain = coverage("how many athletes is russia sending to beijing")
    assert coverage("yo like how many athletes is russia sending to beijing lol") == plain
    assert coverage("how many athletes is russia sending to beijing downhill") < plain
    assert not is_declined(ask("ok so um how many athletes is russia sending to beijing lol"))


def test_a_which_city_question_is_not_answered_by_a_people_s_adjective_or_its_own_name() -> None:
    """"Which venue in Kazan …?" met by "the Games were held in Russian city Kazan", and
    "Which Chinese city …?" by "China offered to host them": no venue or city named."""
    from rag.answer.asked import gives_asked_value

    assert not gives_asked_value("Which venue in Kazan was chosen for the Games?",
                                 ["The Games were to be held in Russian city Kazan."])
    assert not gives_asked_value("Which Chinese city offered to host the Games?",
                                 ["China had offered to host the Games."])
    assert gives_asked_value("Which Chinese city offered to host the Games?",
                             ["Harbin offered to host the Games."])
    assert gives_asked_value("Which venue in Kazan was chosen for the Games?",
                             ["The Kazan Arena was chosen."])
