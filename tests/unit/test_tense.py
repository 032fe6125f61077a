"""A question about something done, answered only with what is still planned, is not
answered: "What did the review conclude?" - "it is due to report in January"."""

from __future__ import annotations

from rag.answer.asked import gives_asked_value
from rag.answer.tense import planned_only
from rag.text import PAST

PLANNED = ("The review will be carried out by the accountancy firm Ferris Blackwood and "
           "is due to report in January.")


def test_a_past_event_asked_and_only_a_plan_given_is_no_answer() -> None:
    q = "What did the Ferris Blackwood review of the ferry finances conclude?"
    assert planned_only(q, [PLANNED])
    assert not gives_asked_value(q, [PLANNED])
    assert planned_only("What did the council decide?", ["The council is expected to vote "
                                                         "on Tuesday."])


def test_a_plan_beside_something_done_or_a_question_about_plans_is_left_alone() -> None:
    # something reported as done in the same sentence: "drew 900 entries", "confirmed"
    assert not planned_only("How many entries did the naming competition get?",
                            ["The ferries will be named after a competition that drew 900 "
                             "entries."])
    assert not planned_only("At which Games did they compete as ROC?",
                            ["They will be competing as ROC, as they did at Tokyo."])
    assert not planned_only("How many votes did Tench win?",
                            ["Tench will stand for a third term, she confirmed on Monday."])
    # the question asks about a plan, or asks no past event
    assert not planned_only("When did the review say it will report?", [PLANNED])
    assert not planned_only("Who is carrying out the review?", [PLANNED])
    assert gives_asked_value("Who is carrying out the review?", [PLANNED])


def test_a_name_ending_in_ed_is_no_past_verb() -> None:
    """"Eastwick United", "Alfred": names; "approved", "reopened": past verbs."""
    assert not PAST.search("The Gulls face Millbeck at home to Eastwick United on Friday")
    assert not PAST.search("Alfred will open the show")
    assert PAST.search("the council approved it") and PAST.search("The library reopened")


def test_who_did_it_answered_from_a_fixture_is_no_answer() -> None:
    """"Who scored in the final?" asks what happened; "the final will be played on April
    26" only plans it. "Who will play?" and "Who is to play?" ask about the plan."""
    from rag.answer.tense import planned_cited
    fixture = ["The final against Millbeck Town will be played at Ashcombe on April 26."]
    assert planned_cited("Who scored the Gulls' goal in the County Cup final?", fixture)
    assert planned_cited("who won the final against Millbeck?", fixture)
    assert not planned_cited("Who will play in the final?", fixture)
    assert not planned_cited("Who plays in the final?", fixture)
    assert not planned_cited("Who scored the Gulls' goal in the final?",
                             ["Whitlock scored in the final, which was played on April 26."])
