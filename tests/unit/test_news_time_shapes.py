"""More ways readers ask time questions (round 16): each is answered from the dates the
articles give, or not at all."""

from __future__ import annotations

import pytest

from rag.news.index import NewsIndex
from rag.news.questions import classify
from rag.news.temporal import answer_time
from tests.support.news import fake_embed, news_of

ARTICLES = {
    "vote.txt": "Council backs ferry\n\nPublished March 19, 2025\n\nThe city council last night "
                "approved the harbour ferry by seven votes to four.",
    "launch.txt": "Ferry Guillemot launched\n\nPublished November 20, 2025\n\nThe first ferry, "
                  "Guillemot, was launched at the yard yesterday, watched by 400 people.",
    "games.txt": "Games ahead\n\nPublished January 10, 2026\n\nThe winter games, which take "
                 "place from February 6 to 22, will be the largest yet.",
    "debate.txt": "Candidates clash\n\nPublished Wednesday, September 24, 2025\n\nThe first "
                  "mayoral debate, held last night at the Corn Exchange, drew 600 people.",
}


@pytest.fixture(scope="module")
def news() -> NewsIndex:
    return news_of(ARTICLES)


def ask(news: NewsIndex, question: str) -> str:
    reply = answer_time(classify(question), question, news, fake_embed)
    assert reply is not None, question
    return " ".join(s.text for s in reply[0])


def test_days_after_the_opening_that_something_closes_is_its_span(news: NewsIndex) -> None:
    q = "How many days after the opening do the winter games close?"
    assert (classify(q).kind, classify(q).parts) == ("span", ["winter games"])
    assert "(16 days apart)" in ask(news, q)


@pytest.mark.parametrize("q", [
    "How many days lie between the opening day and the closing day of the winter games?",
    "How many days passed between the start and the end of the winter games?",
    "How many days separate the opening from the close of the winter games?",
])
def test_the_two_ends_of_one_event_are_its_span(news: NewsIndex, q: str) -> None:
    assert (classify(q).kind, classify(q).parts) == ("span", ["winter games"])
    assert "(16 days apart)" in ask(news, q)
    # two events named at each end are still two events
    assert classify("How many days lay between the ferry vote and the launch?").kind \
        == "between"


def test_what_was_the_date_of_an_event_is_a_date_question(news: NewsIndex) -> None:
    q = "What was the date of the first mayoral debate at the Corn Exchange?"
    got = classify(q)
    assert (got.kind, got.unit, got.detail) == ("when", "date", "asked")
    assert "23 September 2025" in ask(news, q)  # "last night" in the paper of the 24th
    # "calendar", "exact" and the like still ask for the date
    for said in ("On what calendar date was the first mayoral debate held at the Corn Exchange?",
                 "What was the exact date of the first mayoral debate at the Corn Exchange?",
                 "On what specific date was the first mayoral debate at the Corn Exchange?"):
        got = classify(said)
        assert (got.kind, got.unit) == ("when", "date"), said
        assert "23 September 2025" in ask(news, said)
    # "the day of the week" is another question
    assert classify("What was the day of the week of the debate?").parts != ["week of the debate"]


def test_a_date_the_question_gives_is_not_an_event_word(news: NewsIndex) -> None:
    """"on March 18, 2025" names no event: the vote is still named in the articles."""
    q = ("How many days passed between the council vote on the harbour ferry on 18 March "
         "2025 and the launch of the ferry Guillemot?")
    assert ask(news, q).startswith("246 days:")


def test_how_long_something_was_open_runs_from_opening_to_closing() -> None:
    """Each end is dated by a sentence saying its word ("open", "closes"), not by
    another sentence about the same consultation ("figures released on Wednesday")."""
    articles = {
        "plan.txt": "Ferry plan unveiled\n\nPublished January 20, 2025\n\nA public consultation "
                    "on the ferry will open on February 3.",
        "responses.txt": "Ferry consultation draws responses\n\nPublished February 20, 2025\n\n"
                         "Figures on the ferry consultation released on Wednesday show 1,140 "
                         "responses so far. The ferry consultation closes on March 14.",
    }
    q = "How many days was the ferry consultation open for, from opening to closing?"
    got = classify(q)
    assert (got.kind, got.detail, got.parts) == (
        "between", "state", ["ferry consultation opened", "ferry consultation closed"])
    reply = answer_time(got, q, news_of(articles), fake_embed)
    assert reply is not None and reply[0][0].text.startswith("39 days:")


def test_a_second_question_that_is_not_about_time_leaves_it_to_the_answerer() -> None:
    """"How long before X did Y, and how does the report contrast them?": a computed gap
    would answer half of it, so the question goes to the answerer whole; a second ask
    that is about time ("and how far apart were they?") stays a time question."""
    assert classify("How long before the launch was the ferry vote, and how does the "
                    "Courier describe the mood in the chamber?").kind == "none"
    assert classify("How many days between the vote and the launch, and why was "
                    "it delayed?").kind == "none"
    assert classify("Which came first, the vote or the launch, and how far apart were "
                    "they?").kind == "first"
    assert classify("How many days between the vote and the launch?").kind == "between"


def test_a_passive_in_the_first_event_does_not_split_the_question_there(
        news: NewsIndex) -> None:
    """"How many years after Russia was stripped of its flag did X happen?": the main
    clause's "did" splits it, not the first "was"; "are" asks too."""
    got = classify("How many days after the council approved the ferry was stripped of "
                   "its budget did the first ferry Guillemot launch?")
    assert got.parts[0] == "council approved the ferry was stripped of its budget"
    got = classify("How many days after the ferry vote are the winter games?")
    assert (got.kind, got.parts) == ("between", ["ferry vote", "winter games"])



def test_a_gap_between_years_says_in_the_year() -> None:
    years = news_of({"games.txt": "Games history\n\nPublished January 10, 2026\n\nThe "
                                  "stadium was built in 2014. The museum opened in 2019."})
    said = ask(years, "How many years after the stadium was built did the museum open?")
    assert said.startswith("5 years") and " in 2014" in said and " on 2014" not in said, said


def test_from_a_to_b_how_many_days_is_a_distance_and_it_is_the_first_events_subject() -> None:
    ask = classify("From the day the dredging of the main channel began to the day it was "
                   "completed, how many days passed?")
    assert (ask.kind, ask.unit) == ("between", "day")
    assert ask.parts == ["the dredging of the main channel began",
                         "the dredging of the main channel was completed"]
    ask = classify("How many days passed from the start of the dredging to its completion?")
    assert (ask.kind, ask.parts) == ("between", ["start of the dredging",
                                                 "completion of the dredging"])
    assert classify("How many days passed from the vote to the contract award?").parts == [
        "vote", "contract award"]


def test_a_clause_placing_the_event_by_another_is_not_part_of_the_event() -> None:
    """"… with Biden before talking to Xi" names which call; the date asked is that call's,
    not the one with Xi. A short event keeps its clause ("Whitlock be out after breaking
    his leg" is about the break)."""
    ask_ = classify("On what date did Putin have his video call with Biden before talking "
                    "to Xi?")
    assert ask_.kind == "when" and ask_.parts == ["did Putin have his video call with Biden"]
    assert classify("When did the council vote on the ferry, after hearing the "
                    "objections?").parts == ["did the council vote on the ferry"]
    assert classify("When did he sign after leaving?").parts == ["did he sign after leaving"]
    assert classify("What was the date of Putin's video call with Biden that came before "
                    "his talk with Xi?").parts == ["Putin's video call with Biden"]
    assert classify("When was the meeting that took place after the vote?").parts[0].endswith(
        "meeting that took place after the vote")  # too short to drop its clause


def test_the_first_day_something_applied_is_the_day_it_began_from() -> None:
    """"What was the first day the ban applied?" asks when it began; "a ban … from
    tomorrow" dates its start, not the day of the article that announced it."""
    assert classify("What was the first day the hosepipe ban applied?").parts == \
        ["hosepipe ban applied began"]
    assert classify("What was the last day of the winter games?").parts == \
        ["winter games ended"]
    news = news_of({"ban.txt": "Hosepipe ban from tomorrow\n\nPublished Thursday, July 24, "
                               "2025\n\nBy A Writer, Radio News\n\nThe water company will "
                               "impose a hosepipe ban across the district from tomorrow."})
    assert "25 July 2025" in ask(news, "What was the first day of the hosepipe ban?")
    assert "25 July 2025" in ask(news, "When did the hosepipe ban start?")
