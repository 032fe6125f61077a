"""A false premise that swaps one word for its sibling ("the 2012 Rio Olympics" where
the articles say 2016) is corrected with the sentence that says it, cited; a thing that
recurs, a year before common words, or a word the articles use as the question does, is
left alone."""

from __future__ import annotations

from rag.answer.premise import premise_answer
from rag.answer.swapped import renamed, swapped
from rag.schema import is_declined
from tests.unit.test_evidence_answer import ENCODER, passage

RIO = passage(1, "Russia was stripped of its flag. Many Russians were also banned from the "
                 "2016 Rio Olympics.")
GAMES = passage(2, "Russia used a doping programme at the 2014 Winter Games in Sochi. It "
                   "competed without its flag at the 2018 Winter Games.")
STAND = passage(3, "The Gulls drew 1-1 with Corrin Bay. It was also the first match in the "
                   "new East Stand, which raises capacity to 6,200. The club thanked fans on "
                   "Tuesday night.")
COMMON = {"winter", "olympic", "game", "match"}  # words most of a collection's articles use


def idf(term: str) -> float:
    return 0.5 if term in COMMON else 3.0


def test_a_year_swapped_before_a_name_is_found() -> None:
    swap = swapped("What led to so many Russians being banned from the 2012 Rio Olympics?",
                   [GAMES, RIO], idf)
    assert swap is not None
    assert (swap.word, swap.sibling, swap.head, swap.passage) == ("2012", "2016",
                                                                 "Rio Olympics", 1)


def test_a_compass_point_and_a_colour_are_siblings_too() -> None:
    swap = swapped("How did the Gulls do in front of the new West Stand?", [STAND], idf)
    assert swap is not None and (swap.word, swap.sibling) == ("West", "East")
    heat = passage(5, "An amber heat-health alert is in force until Sunday.")
    colour = swapped("How long will the red heat warning last?", [heat], idf)
    assert colour is not None and (colour.sibling, colour.head) == ("amber", "heat")


def test_a_thing_that_recurs_or_a_word_said_as_asked_is_no_swap() -> None:
    assert swapped("What happened at the 2010 Winter Games?", [GAMES, RIO], idf) is None
    assert swapped("Who was banned from the 2016 Rio Olympics?", [GAMES, RIO], idf) is None
    assert swapped("What did the club say on Monday night?", [STAND], idf) is None
    # one year of a kind the collection mentions often: another year is another Games
    assert swapped("Which city will host the 2030 Winter Olympics?",
                   [passage(4, "Putin will attend the 2022 Winter Olympics in Beijing.")],
                   idf) is None
    # an ordinal: "the 5th match" is more often one the passages missed
    assert swapped("Was it the Gulls' 5th match in the new East Stand?", [STAND],
                   lambda term: 3.0) is None


def test_the_answer_states_the_sibling_and_quotes_its_sentence() -> None:
    q = "Why were Russians banned from the 2012 Rio Olympics?"
    answer = premise_answer(q, q, [GAMES, RIO], ENCODER.embed, 0.6, idf)
    assert answer is not None and not is_declined(answer)
    assert answer.text.startswith("The articles say 2016 Rio Olympics, not 2012 Rio Olympics:")
    assert answer.corrects_premise
    assert [c.source for c in answer.citations] == ["a1.txt"]
    assert "2016 Rio Olympics" in answer.citations[0].quote
    # no idf, no swap: the closest sentence's other year corrects it, without the lead
    plain = premise_answer(q, q, [GAMES, RIO], ENCODER.embed, 0.6)
    assert plain is not None and plain.text.startswith("The articles say otherwise:")
    assert "2016 Rio Olympics" in plain.citations[0].quote


HOT = passage(6, "Harbourton recorded its hottest day on record on Wednesday, July 16, when the "
                 "thermometer reached 36.4C. Pools stayed open late on Thursday.")


def test_a_yes_no_question_dated_to_the_wrong_day_is_corrected() -> None:
    from rag.answer.swapped import redated

    swap = redated("Was Harbourton's 36.4C record set on Thursday, July 17?", [HOT], idf)
    assert swap is not None and (swap.word, swap.sibling) == ("Thursday, July 17",
                                                              "Wednesday, July 16")
    answer = premise_answer("Was Harbourton's 36.4C record set on July 17?", "Was "
                            "Harbourton's 36.4C record set on July 17?", [HOT],
                            ENCODER.embed, 0.6, idf)
    assert answer is not None and answer.corrects_premise
    assert answer.text.startswith("The articles say Wednesday, July 16, not July 17:")
    # the articles' own day, a question that asks when, or a sentence about other things
    assert redated("Was the 36.4C record set on 16 July?", [HOT], idf) is None
    assert redated("When was the 36.4C record set, July 17?", [HOT], idf) is None
    assert redated("Was the ferry launched on July 17?", [HOT], idf) is None
    # "on Thursday" of the event: the article's own weekday may be the question's date
    weekday = passage(7, "The 36.4C record was set on Thursday. On July 12 it was cooler.")
    assert redated("Was the 36.4C record set on Thursday, July 17?", [weekday], idf) is None


SIGNED = passage(7, "The Gulls have signed striker Jonah Whitlock from Carrow Vale. Whitlock, "
                    "24, scored 15 goals for Carrow Vale this season. Jonah Whitlock tore a "
                    "hamstring in the defeat at Millbeck Town.")


def test_a_place_swapped_after_from_is_corrected_with_what_was_asked() -> None:
    q = "When Jonah Whitlock came over from Millbeck Town, how many goals had he scored?"
    swap = renamed("Jonah Whitlock came over from Millbeck Town", [SIGNED], idf)
    assert swap is not None and (swap.word, swap.sibling) == ("Millbeck Town", "Carrow Vale")
    answer = premise_answer(q, q, [SIGNED], ENCODER.embed, 0.6, idf)
    assert answer is not None
    assert answer.text.startswith("The articles say Carrow Vale, not Millbeck Town:")
    # the rest of the question, said of the right club, is quoted too
    assert [c.quote.split(",")[0] for c in answer.citations] == [
        "The Gulls have signed striker Jonah Whitlock from Carrow Vale.", "Whitlock"]
    assert "15 goals" in answer.citations[1].quote
    # as the articles say it, a month, or a surname alone: no swap
    assert renamed("Jonah Whitlock came over from Carrow Vale", [SIGNED], idf) is None
    assert renamed("Jonah Whitlock came over in June", [SIGNED], idf) is None
    assert renamed("Whitlock came over from Millbeck Town", [SIGNED], idf) is None


def test_a_club_swapped_after_for_in_a_how_many_question_is_corrected() -> None:
    """"How many goals had Jonah Whitlock scored for Millbeck Town?" takes for granted
    that he played for them; the sentence naming him by his surname ("Whitlock, 24,
    scored 15 goals for Carrow Vale") says which club he scored for."""
    q = "How many goals had Jonah Whitlock scored for Millbeck Town before he signed?"
    answer = premise_answer(q, q, [SIGNED], ENCODER.embed, 0.6, idf)
    assert answer is not None and answer.corrects_premise
    assert answer.text.startswith("The articles say Carrow Vale, not Millbeck Town:")
    # for the club the articles name, nothing to correct
    assert renamed("How many goals had Jonah Whitlock scored for Carrow Vale", [SIGNED],
                   idf) is None


def test_a_yes_no_question_naming_a_place_the_articles_never_use_is_corrected() -> None:
    """"Is the Festival of the Sea to be held in Port Elwin?" where the articles hold it
    in Dunmore: a name of several words with "of the" inside is the subject, and a place
    no article names (idf 0: unseen) is still a place."""
    held = passage(8, "The first Festival of the Sea will be held in Dunmore in 2026. Tickets "
                      "go on sale in March.")
    seen = {"festiv": 3.0, "sea": 3.0, "dunmor": 3.0, "held": 1.0, "ticket": 2.0}

    def sparse_idf(term: str) -> float:
        return seen.get(term, 0.0)

    q = "Is the Festival of the Sea going to be held in Port Elwin in 2026?"
    answer = premise_answer(q, q, [held], ENCODER.embed, 0.6, sparse_idf)
    assert answer is not None
    assert answer.text.startswith("The articles say Dunmore, not Port Elwin:")
    # said as the articles say it: no correction
    same = "Is the Festival of the Sea going to be held in Dunmore in 2026?"
    assert renamed(same[3:-1], [held], sparse_idf) is None


def test_a_premise_crediting_the_wrong_person_is_corrected_with_who_did_it() -> None:
    """"Why did Mara Quill carve the pier statue?" where the statue was carved by someone
    else: the sentence that says by whom ("it was carved … by Tomas Reyne") is the
    correction, even when it says "it" and the sentence before names the statue."""
    from rag.answer.swapped import done_by_another

    pier = passage(9, "The pier statue of a diver stands by the lifeboat station. Historians "
                      "think it was carved in 1921 by Tomas Reyne, a shipwright. Restorer Mara "
                      "Quill cleaned the statue last spring.")
    found = done_by_another("Mara Quill carve the pier statue", [pier])
    assert found is not None
    assert pier.chunk.text[found[1][0]:found[1][1]].startswith("Historians think it was carved")
    # the premise's own person, another verb, or nothing of the statue: nothing found
    assert done_by_another("Tomas Reyne carve the pier statue", [pier]) is None
    assert done_by_another("Mara Quill paint the pier statue", [pier]) is None
    assert done_by_another("Mara Quill carve the harbour gates", [pier]) is None


YARD = passage(5, "Strand & Keel Engineering has won the contract to build the two ferries. "
                  "The firm, based at Pellworth on the far side of the estuary, beat three "
                  "other bidders.")
SLIPWAY = passage(6, "The first ferry slid down the slipway at the firm's Pellworth yard.")


def test_a_thing_placed_where_no_passage_names_is_corrected_by_where_they_place_it() -> None:
    """"Why was the contract handed to a yard in Ashcombe?": no retrieved passage names
    Ashcombe, and they place the yard at Pellworth. The sentence naming it in the best
    passage is quoted, with the one before when it points back ("The firm")."""
    q = "Why was the contract to build the ferries handed to a yard in Ashcombe?"
    answer = premise_answer(q, q, [YARD, SLIPWAY], ENCODER.embed, 0.6, idf)
    assert answer is not None
    assert answer.text.startswith("The articles say Pellworth, not Ashcombe:")
    assert [c.quote.split(",")[0] for c in answer.citations] == [
        "The firm", "Strand & Keel Engineering has won the contract to build the two ferries."]
    # a place the passages name, one they don't place the thing at, or two places: alone
    assert renamed("the contract handed to a yard in Pellworth", [YARD, SLIPWAY], idf) is None
    assert renamed("the contract handed to a bank in Ashcombe", [YARD, SLIPWAY], idf) is None
    other = passage(7, "A second ferry is being fitted out at the Corrin yard.")
    assert renamed("the contract handed to a yard in Ashcombe", [YARD, SLIPWAY, other],
                   idf) is None


MOSCOW = passage(8, "The two presidents released a statement after meeting in Moscow. "
                    "China supports the Games of the Future, planned for Kazan in 2024.")


def test_an_event_the_premise_places_where_the_articles_do_not_is_corrected() -> None:
    """"What was the point of Xi going to Kazan for his talks?": Kazan is named, but as
    the Games' city; the meeting, the passages say, was in Moscow."""
    q = "What was the point of Xi going to Kazan for his talks with Putin?"
    answer = premise_answer(q, q, [MOSCOW], ENCODER.embed, 0.6, idf)
    assert answer is not None and answer.corrects_premise
    assert answer.text.startswith("The articles say Moscow, not Kazan:")
    assert "after meeting in Moscow" in answer.citations[0].quote
    # placed where the articles place it, or at a place no event of theirs is: alone
    assert renamed("Xi going to Moscow for his talks", [MOSCOW], idf) is None
    assert renamed("Xi bought a house in Kazan", [MOSCOW], idf) is None
    also = passage(9, "Xi then went to Beijing for more talks.")
    assert renamed("Xi going to Kazan for his talks", [MOSCOW, also], idf) is None
