"""Time-aware answers: dates matched to the events a question names, arithmetic in
code, the sentences that fix each date cited."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from rag.core.engine import Engine
from rag.news.index import NewsIndex
from rag.news.match import Dated, best_dates
from rag.news.questions import classify
from rag.news.temporal import answer_time
from rag.schema import Answer
from rag.text import terms
from tests.support.news import fake_embed, news_of

ARTICLES = {
    "vote.txt": "Council backs ferry\n\nPublished March 19, 2025\n\nThe city council last night "
                "approved the harbour ferry by seven votes to four.",
    "launch.txt": "Ferry Guillemot launched\n\nPublished November 20, 2025\n\nThe first ferry, "
                  "Guillemot, slid down the slipway at the yard yesterday, watched by 400 people.",
    "marsh.txt": "Marsh joins race\n\nCouncillor Gideon Marsh will stand for mayor in October. "
                 "He announced his candidacy on Monday, June 23, outside his shop.\n\n"
                 "He runs a chandlery opened in 1952.",
    "lindqvist.txt": "Lindqvist launches bid\n\nPublished June 4, 2025\n\nCouncillor Hattie "
                     "Lindqvist launched her campaign for mayor yesterday at the boathouse.",
    "games.txt": "Games ahead\n\nPublished January 10, 2026\n\nThe winter games, which take "
                 "place from February 6 to 22, will be the largest yet.",
}




@pytest.fixture(scope="module")
def news() -> NewsIndex:
    return news_of(ARTICLES)


def ask(news: NewsIndex, question: str) -> tuple[str, list[str]]:
    reply = answer_time(classify(question), question, news, fake_embed)
    assert reply is not None, question
    sentences, citations = reply
    return " ".join(s.text for s in sentences), [c.source for c in citations]


def test_days_between_two_events_is_computed_from_their_dates(news: NewsIndex) -> None:
    text, cited = ask(news, "How many days passed between the council approving the harbour "
                            "ferry and the launch of the ferry Guillemot?")
    assert text.startswith("246 days:")  # 2025-03-18 ("last night") to 2025-11-19
    assert "18 March 2025" in text and "19 November 2025" in text
    assert cited == ["vote.txt", "launch.txt"]


def test_which_came_first_cites_the_sentence_dating_each(news: NewsIndex) -> None:
    text, cited = ask(news, "Which came first: Gideon Marsh announcing his candidacy or "
                            "Hattie Lindqvist launching her campaign?")
    assert text.startswith("Hattie Lindqvist launching her campaign came first: Tuesday, 3 June")
    assert "23 June 2025" in text  # the year fitted to the weekday and the corpus
    assert set(cited) == {"marsh.txt", "lindqvist.txt"}


def test_when_resolves_yesterday_against_the_article_date(news: NewsIndex) -> None:
    text, cited = ask(news, "When was the ferry Guillemot launched?")
    assert "19 November 2025" in text and "yesterday" in text and cited == ["launch.txt"]


def test_a_span_counts_both_ends_and_the_difference(news: NewsIndex) -> None:
    text, _ = ask(news, "How many days do the winter games span?")
    assert "17 days counting both ends (16 days apart)" in text
    assert "6 February 2026" in text  # the year the games are still ahead in


def test_questions_that_are_not_about_time_are_left_alone() -> None:
    for q in ("Who is the mayor?", "How many votes did the ferry get?",
              "What did Putin say about the boycott?"):
        assert classify(q).kind == "none", q
    assert classify("In what year?").kind == "when"
    assert classify("How many articles mention the ferry?").kind == "count"
    # a when-question with a second question in it is the answerer's: one date is not
    # its answer
    assert classify("When was the ferry launched, and what did the mayor say?").kind == "none"
    assert classify("When did the council approve the ferry and the pontoons?").kind == "when"
    # a leading when-clause sets the scene of a what-question: it asks what
    assert classify("When the ferry was launched, what did the mayor say?").kind == "none"


def test_nothing_dated_matches_so_no_time_answer(news: NewsIndex) -> None:
    q = "How many days did the volcano eruption in Peru last?"
    assert answer_time(classify(q), q, news, fake_embed) is None


def test_the_engine_answers_a_span_question_from_dates(hash_engine: Engine) -> None:
    answer = hash_engine.ask(
        "How many days do the Beijing Winter Olympics span from opening to closing?")
    assert "17 days counting both ends (16 days apart)" in answer.text
    assert answer.supported and answer.citations[0].source in (
        "001_6d39dde49842dcc4.txt", "002_faca9d3fa81b27e5.txt")
    assert answer.citations[0].quote in answer.citations[0].snippet
    assert answer.passages  # what retrieval found is kept


def test_a_preposition_before_what_date_is_still_a_when_question() -> None:
    for q in ("From what date did the hosepipe ban apply?", "Until what date is the road shut?",
              "Since which year has she run the shop?"):
        assert classify(q).kind == "when", q


def test_a_weekday_question_that_also_asks_the_date_is_one_when_question() -> None:
    ask = classify("On which day of the week did the hosepipe ban start, and what was the date?")
    assert (ask.kind, ask.parts) == ("when", ["hosepipe ban start"])
    assert classify("What day did the library reopen, and on what date?").kind == "when"
    # a trailing "and when?" after a question that asks something else is not one
    assert classify("Who won the vote, and when?").kind == "none"


def test_a_leading_clause_sets_the_scene_and_the_question_proper_follows() -> None:
    ask = classify("When the club signed the striker, on what date could he make his debut?")
    assert (ask.kind, ask.parts) == ("when", ["could he make his debut"])
    assert ask.context == "When the club signed the striker"
    since = classify("By the time the ban ends, how many years will it have been in force?")
    assert since.kind == "since" and since.context == "By the time the ban ends"
    # "When X, had Y already ...?" asks yes or no, not for a date: left to the answerer
    assert classify("When the mayor spoke, had the vote already taken place?").kind == "none"
    # a fact given first, its date's comma inside it: the question proper follows
    given = classify("Given the Xi call was on December 15, 2021, on what date did Putin "
                     "speak with Biden?")
    assert (given.kind, given.parts) == ("when", ["did Putin speak with Biden"])
    assert given.context == "Given the Xi call was on December 15, 2021"
    # "How many days, and on what date …?": the date, which says how many days it was
    both = classify("The call came some days after the talk. How many days, and on what date "
                    "was the talk?")
    assert (both.kind, both.parts) == ("when", ["was the talk"])


def test_which_came_first_and_how_far_apart_answers_both(news: NewsIndex) -> None:
    q = ("Which came first, Gideon Marsh announcing his candidacy or Hattie Lindqvist "
         "launching her campaign, and how many days apart were they?")
    ask_ = classify(q)
    assert ask_.kind == "first" and ask_.apart == "day"
    assert ask_.parts[1] == "Hattie Lindqvist launching her campaign"
    text, _ = ask(news, q)
    assert text.startswith("Hattie Lindqvist launching her campaign came first")
    assert text.endswith("They were 20 days apart. [1] [2]")  # 3 June to 23 June


def test_how_long_a_state_lasted_runs_from_its_start_to_its_usual_end() -> None:
    articles = {
        "close.txt": "Bridge to close\n\nPublished March 3, 2025\n\nThe Old Bridge will close "
                     "on Saturday, March 8, for repairs.",
        "open.txt": "Bridge reopens\n\nPublished April 14, 2025\n\nThe Old Bridge reopened "
                    "yesterday after repairs.",
    }
    bridge = news_of(articles)
    q = "How many days was the Old Bridge closed for repairs?"
    ask_ = classify(q)
    assert (ask_.kind, ask_.detail) == ("between", "state")
    # what it was closed for is in the reopening's sentence too ("reopened after repairs")
    assert ask_.parts == ["Old Bridge closed", "Old Bridge reopened"]
    reply = answer_time(ask_, q, bridge, fake_embed)
    assert reply is not None and reply[0][0].text.startswith("36 days:")  # 8 March to 13 April
    assert [c.source for c in reply[1]] == ["close.txt", "open.txt"]
    # "For how many weeks was it shut for …": the same question, closing in its usual word
    again = classify("For how many weeks was the Old Bridge shut for its repairs?")
    assert (again.kind, again.unit, again.parts) == ("between", "week", ask_.parts)


def test_how_to_count_a_span_is_no_part_of_what_is_asked(news: NewsIndex) -> None:
    """"Counting both the opening and closing days, how many days do X last?" is the
    span question; the answer counts both ends anyway."""
    q = "Counting both the opening and closing days, how many days do the winter games last?"
    assert classify(q).kind == "span"
    text, _ = ask(news, q)
    assert "17 days counting both ends" in text


def test_how_long_a_job_took_runs_from_the_day_it_began_to_the_day_it_was_completed() -> None:
    articles = {
        "begin.txt": "Resurfacing begins\n\nPublished May 6, 2025\n\nCrews began resurfacing "
                     "the coast road on Monday, May 5, with lane closures at night.",
        "done.txt": "Coast road finished\n\nPublished June 20, 2025\n\nThe resurfacing of "
                    "the coast road was completed on Thursday, June 19, a week early.",
        "plan.txt": "Road plan\n\nPublished January 8, 2025\n\nThe council set aside money "
                    "for the coast road on Tuesday, January 7.",
    }
    road = news_of(articles)
    q = "How many days did the coast road resurfacing take from start to finish?"
    ask_ = classify(q)
    assert ask_.kind == "span"
    reply = answer_time(ask_, q, road, fake_embed)
    assert reply is not None and reply[0][0].text.startswith("45 days:")  # 5 May to 19 June
    assert [c.source for c in reply[1]] == ["begin.txt", "done.txt"]
    # with no sentence saying it was completed, nothing is worked out
    begun = news_of({k: v for k, v in articles.items() if k != "done.txt"})
    assert answer_time(ask_, q, begun, fake_embed) is None


def test_a_state_whose_end_is_another_subjects_is_not_computed() -> None:
    articles = {
        "close.txt": "Bridge to close\n\nPublished March 3, 2025\n\nThe Old Bridge will close "
                     "on Saturday, March 8, for repairs.",
        "pool.txt": "Pool reopens\n\nPublished April 14, 2025\n\nThe leisure pool reopened "
                    "yesterday after repairs.",
    }
    q = "How many days was the Old Bridge closed for repairs?"
    assert answer_time(classify(q), q, news_of(articles), fake_embed) is None


def test_a_month_the_same_sentence_gives_a_day_of_is_that_day() -> None:
    # "in February" and "February 4" in one sentence: the event is dated to the day
    news = news_of({"meet.txt": "Leaders to meet\n\nPublished December 15, 2021\n\nThe two "
                                "leaders will meet in Beijing in February, at the opening of "
                                "the Olympics, which take place from February 4 to 20."})
    text, cited = ask(news, "When is the opening of the Olympics in Beijing?")
    assert "4 February 2022" in text and cited == ["meet.txt"]


def test_a_year_is_no_answer_to_on_what_date() -> None:
    news = news_of({"visit.txt": "Leader visits port\n\nThe leader's visit to the port in "
                                 "2023 lasted three days, officials said."})
    question = "On what date did the leader visit the port?"
    assert answer_time(classify(question), question, news, fake_embed) is None
    text, _ = ask(news, "When did the leader visit the port?")
    assert "2023" in text


def test_a_date_the_answer_worked_out_itself_is_not_taken_as_stated() -> None:
    from rag.news.answer import _cited_says_when
    from rag.schema import Answer, Citation

    def answer(lead: str, quote: str) -> Answer:
        cite = Citation(n=1, source="a.txt", title="", snippet=quote, score=1.0, start=0,
                        end=len(quote), quote=quote)
        return Answer(question="q", text=lead, supported=True, citations=[cite])

    quote = "The hosepipe ban applies from tomorrow, the company said on July 24."
    assert _cited_says_when("It started on July 24.", "date",
                            answer("", "The ban starts on 24 July.")) is True
    # the model read "tomorrow" as the article's own day: the news index resolves it
    assert _cited_says_when("It started on July 25.", "date", answer("", quote)) is False
    # a year is said of the event asked only where the sentence names it, "G7" included
    summit = "The 2019 Biarritz summit of the G7 ended without a joint statement."
    other = "The 2019 budget was cut."
    assert _cited_says_when("It was in 2019.", "year", answer("", summit), "the G7 summit")
    assert not _cited_says_when("It was in 2019.", "year", answer("", other), "the G7 summit")


def test_a_bare_date_question_after_a_statement_dates_the_statement(news: NewsIndex) -> None:
    q = "The first ferry slid down the slipway at the yard. What was the date?"
    assert classify(q).kind == "when"
    text, cited = ask(news, q)
    assert "19 November 2025" in text and cited == ["launch.txt"]
    assert classify("The mayor opened the library. When was that?").kind == "when"


def test_which_of_the_articles_is_the_earliest(news: NewsIndex) -> None:
    q = "Of the articles that carry a publication date, which is the earliest?"
    ask_ = classify(q)
    assert (ask_.kind, ask_.detail) == ("edge", "earliest")
    text, cited = ask(news, q)
    assert cited == ["vote.txt"] and "19 March 2025 (given" in text
    _, latest = ask(news, "Of all the reports, which one is the latest?")
    assert latest == ["games.txt"]


# Two reports of one blockade: the radio's "yesterday" is Tuesday, the Herald says Wednesday
BLOCKADE = {
    "radio.txt": "Boats block harbour\n\nBy Priti Lal, Radio Bay\n\nPublished July 9, 2025"
                 "\n\nFishing boats blocked the harbour mouth yesterday, turning back the "
                 "dredger.",
    "herald.txt": "Fleet turns back dredger\n\nBy Tom Hale, Bay Herald\n\n"
                  "Fishing boats blocked the harbour mouth on Wednesday, July 9, 2025, "
                  "and the dredger turned back.",
}


def test_retellings_that_date_the_event_differently_are_both_given() -> None:
    """Two reports of one story (they read alike), one dating the blockade Tuesday and
    one Wednesday: the answer gives both, each cited; one report alone gives one date."""
    from tests.support.news import one_hot

    q = "On what date did the fishing boats block the harbour mouth?"
    both = news_of(BLOCKADE, lambda name: one_hot(0, 4))
    text, cited = ask(both, q)
    assert "differ" in text and "8 July 2025" in text and "9 July 2025" in text
    assert sorted(cited) == ["herald.txt", "radio.txt"]
    apart = news_of(BLOCKADE, lambda name: one_hot(0 if name == "radio.txt" else 1, 4))
    text, cited = ask(apart, q)  # not one story: no disagreement to report
    assert "differ" not in text and len(cited) == 1


def test_a_model_answer_giving_one_report_s_date_gains_the_other_report_s() -> None:
    """The model's "Wednesday, July 9" is written in what it cites, which would let it
    stand; but another report of the story says Tuesday, so the answer gives both."""
    from rag.news.answer import finish
    from rag.schema import Answer, Citation
    from tests.support.news import one_hot

    index = news_of(BLOCKADE, lambda name: one_hot(0, 4))
    quote = index.texts["herald.txt"].strip()
    cite = Citation(n=1, source="herald.txt", title="Fleet turns back dredger", snippet=quote,
                    score=1.0, start=0, end=len(quote), quote=quote, quote_start=0,
                    quote_end=len(quote))
    q = "On what date did the fishing boats block the harbour mouth?"
    model = Answer(question=q, text="The boats blocked it on Wednesday, July 9. [1]",
                   supported=True, citations=[cite])
    out = finish(model, q, lambda: index, fake_embed)
    assert "differ" in out.text and "8 July 2025" in out.text and len(out.citations) == 2


def test_month_and_year_asks_for_the_year_too(news: NewsIndex) -> None:
    ask_ = classify("In which month and year was the first ferry launched?")
    assert (ask_.kind, ask_.unit, ask_.parts) == ("when", "month", ["was the first ferry launched"])
    from rag.news.answer import finish
    from rag.schema import Answer, Citation

    quote = "The first ferry, Guillemot, slid down the slipway in November."
    cite = Citation(n=1, source="launch.txt", title="Ferry Guillemot launched", snippet=quote,
                    score=1.0, start=0, end=len(quote), quote=quote, quote_start=0,
                    quote_end=len(quote))
    q = "In which month and year was the first ferry launched?"
    model = Answer(question=q, text="It was launched in November. [1]", supported=True,
                   citations=[cite])
    out = finish(model, q, lambda: news, fake_embed)
    assert "2025" in out.text  # "November" alone does not answer it


def test_a_weekday_asked_is_the_weekday_of_the_date_resolved(news: NewsIndex) -> None:
    """"What day of the week did the ferry launch?": an answer citing "yesterday" with
    another weekday in its lead ("said on Friday") gives way to the resolved date's."""
    from rag.news.answer import finish
    from rag.schema import Answer, Citation

    quote = "The first ferry slid down the slipway on November 19, she said on Friday."
    cite = Citation(n=1, source="launch.txt", title="Ferry Guillemot launched", snippet=quote,
                    score=1.0, start=0, end=len(quote), quote=quote, quote_start=0,
                    quote_end=len(quote))
    q = "What day of the week was the first ferry launched?"
    model = Answer(question=q, text=f"{quote} [1]", supported=True, citations=[cite])
    out = finish(model, q, lambda: news, fake_embed)
    assert out.text.startswith("Wednesday, 19 November 2025")


def test_a_date_of_something_else_is_no_answer(news: NewsIndex) -> None:
    """The council's vote "last night" shares "council" and "harbour" with the question,
    but nothing dates a festival."""
    q = "When did the harbour council hold its annual seafood festival?"
    assert answer_time(classify(q), q, news, fake_embed) is None
    text, _ = ask(news, "When did the council approve the harbour ferry?")
    assert "18 March 2025" in text


def test_a_date_answer_must_cite_the_names_of_the_event_asked_about(news: NewsIndex) -> None:
    """A near miss: nothing dates the Marine Licensing Office's approval, and the
    council's vote ("approved the harbour ferry") must not answer it. The engine's
    anchor check vets the date answer against the asked event's names."""
    from rag.answer.anchors import anchored
    from rag.answer.extractive import declined
    from rag.news.answer import finish
    from rag.schema import is_declined

    def check(answer: Answer, event: str) -> Answer:
        return anchored(answer, event, lambda term: 3.0)

    def when(q: str) -> Answer:
        return finish(declined(q, []), q, lambda: news, fake_embed, check)

    assert is_declined(when("On what date did the Marine Licensing Office approve the "
                            "harbour ferry?"))
    kept = when("On what date did the Council approve the harbour ferry?")
    assert not is_declined(kept) and "18 March 2025" in kept.text


def test_which_came_first_after_a_leading_phrase_is_still_which_came_first() -> None:
    """"Going by the Jakarta report, which came first: A, or B?" compares two events; it
    is not a question about the earliest report."""
    ask_ = classify("Going by the council's report, which came first: the launch of the "
                    "ferry Guillemot, or the council approving the harbour ferry?")
    assert ask_.kind == "first"
    assert ask_.parts == ["launch of the ferry Guillemot", "council approving the harbour ferry"]


def test_days_between_needs_both_events_named_in_the_articles(news: NewsIndex) -> None:
    """"polling referendum" is in no article: the council vote's date, matched on
    "harbour ferry", is no answer to it. A noun the articles use as a verb ("approval",
    "approved") still names its event."""
    q = ("How many days passed between the harbour ferry polling referendum and the launch "
         "of the ferry Guillemot?")
    assert answer_time(classify(q), q, news, fake_embed) is None
    text, _ = ask(news, "How many days passed between the approval of the harbour ferry and "
                        "the ferry Guillemot's launch?")
    assert text.startswith("246 days:")


def test_it_after_a_statement_is_the_event_the_statement_names(news: NewsIndex) -> None:
    """"The Courier said the harbour ferry was approved 'last night'. How many days after
    it was the ferry Guillemot launched?": "it" is the approval."""
    text, cited = ask(news, "The paper said the harbour ferry was approved by the council "
                            "'last night'. How many days after it was the ferry Guillemot "
                            "launched?")
    assert text.startswith("246 days:")
    assert cited == ["vote.txt", "launch.txt"]


def test_more_ways_of_asking_how_far_apart_two_events_are() -> None:
    """"How long did X have between A and B", "how many days separate A from B", an aside
    inside the question, and a question after a statement are all distances."""
    ask_ = classify("How long did the club have between winning promotion and playing "
                    "its first league match?")
    assert (ask_.kind, ask_.parts) == ("between", ["winning promotion",
                                                   "playing its first league match"])
    ask_ = classify("The mayor said it took months. Exactly how many days separate the "
                    "ferry vote from the launch?")
    assert (ask_.kind, ask_.parts) == ("between", ["ferry vote", "launch"])
    ask_ = classify("How many years after the Rio Games, where many athletes were banned, "
                    "did the leader visit Moscow?")
    assert (ask_.kind, ask_.parts) == ("between", ["Rio Games", "leader visit Moscow"])
    # an aside that is really the question's second half stays
    assert classify("Of the articles with a date, which is the earliest, and what is its "
                    "date?").kind == "edge"
    # a question pointing back at the statement ("that summit") is the answerer's
    assert classify("A summit was held the same day. How many days after that summit did "
                    "the games open?").kind == "none"


def test_two_dates_a_month_cannot_tell_apart_give_no_distance() -> None:
    news = news_of({"vote.txt": "Council backs ferry\n\nPublished March 19, 2025\n\nThe "
                                "council last night approved the harbour ferry.",
                    "costs.txt": "Ferry costs rise\n\nPublished April 2, 2025\n\nThe "
                                 "committee heard in March that the ferry's cost had risen."})
    question = "How many days separate the council approving the harbour ferry from the " \
               "committee hearing the ferry's cost had risen?"
    assert answer_time(classify(question), question, news, fake_embed) is None


OATH = ("Mayor takes office\n\nPublished November 4, 2025\n\nHattie Lindqvist was sworn in "
        "as mayor at the Guildhall yesterday.")


def with_oath(name: str, text: str, question: str) -> tuple[str, list[str]]:
    """`ask` over one article and the report of the mayor's swearing-in."""
    return ask(news_of({name: text, "oath.txt": OATH}), question)


def test_polling_day_is_the_day_of_the_election() -> None:
    """Readers say "polling day"; reports say "yesterday's election": the event's word
    is read in the reports' words, so the day is found (it was refused as unseen)."""
    text, cited = with_oath(
        "result.txt", "Newcomer elected\n\nPublished October 17, 2025\n\nHattie Lindqvist "
        "won 18,412 votes in yesterday's election to become mayor. Turnout was high all day.",
        "How many days after polling day was Hattie Lindqvist sworn in as mayor?")
    assert text.startswith("18 days") and set(cited) == {"result.txt", "oath.txt"}
    from rag.news.match import event_terms, reported

    assert reported("clinching promotion") == "win promotion"
    assert event_terms("the polling day") == terms("the election day")


def test_a_date_in_an_aside_dates_the_aside_not_the_sentence() -> None:
    """", who voted against the ferry in March," dates her vote; the bottle broken
    against the bow is the launch, dated by the article's "yesterday"."""
    text, cited = with_oath(
        "launch.txt", "Ferry launched\n\nPublished November 20, 2025\n\nThe first ferry slid "
        "down the slipway at the yard yesterday. Mayor Hattie Lindqvist, who voted against the "
        "ferry scheme in March, broke a bottle of cider against the bow.",
        "How long after taking office did the mayor break a bottle of cider against the bow?")
    assert text.startswith("16 days") and set(cited) == {"oath.txt", "launch.txt"}


def _leaning(word: str, share: float) -> Callable[[list[str]], np.ndarray]:
    """`fake_embed`, but a sentence with `word` moved `share` of the way towards the
    query (the first text): meaning, as MiniLM reads it, favouring that sentence."""
    def embed(texts: list[str]) -> np.ndarray:
        v = fake_embed(texts)
        for i, t in enumerate(texts):
            if i and word in t:
                v[i] = v[i] * (1 - share) + share * v[0]
                v[i] /= np.linalg.norm(v[i])
        return v
    return embed


def test_the_event_s_rare_names_pick_the_sentence_that_dates_it() -> None:
    """Two sentences date the same alert and meaning favours the one without the names;
    the one naming who issued it answers "when did the Weather Bureau issue it?"."""
    news = news_of({
        "alert.txt": "Heat alert for the city\n\nPublished July 15, 2025\n\nAn amber heat "
                     "alert has been in force for the city since yesterday. The National "
                     "Weather Bureau issued the alert on Saturday, warning that nights would "
                     "stay hot.",
        "other.txt": "City budget\n\nPublished June 2, 2025\n\nThe city council met "
                     "yesterday to set the budget for the city.",
    })
    best = best_dates(news, "did the National Weather Bureau issue the amber heat alert for "
                      "the city", _leaning("in force", 0.3), k=1)
    assert best and best[0].date == "2025-07-12" and best[0].phrase == "Saturday"


def test_a_plan_does_not_date_what_the_question_says_happened() -> None:
    """"A shipbuilder is expected to be chosen in May" is a plan; "the shipbuilder was
    announced" is dated by the report that it won the contract, even where meaning
    leans to the plan."""
    news = news_of({
        "vote.txt": "Council backs ferry\n\nPublished March 19, 2025\n\nThe city council "
                    "last night voted to approve the harbour ferry. A shipbuilder is expected "
                    "to be chosen in May.",
        "contract.txt": "Contract awarded\n\nPublished May 14, 2025\n\nStrand and Keel has "
                        "won the contract to build the ferries, the council announced "
                        "yesterday.",
    })
    best = best_dates(news, "shipbuilder announced", _leaning("expected", 0.2), k=1)
    assert best and best[0].date == "2025-05-13"
    assert best_dates(news, "shipbuilder is chosen", _leaning("expected", 0.2),
                      k=1)[0].date == "2025-05-01"  # nothing says it happened: the plan


def test_a_year_against_a_day_counts_calendar_years() -> None:
    """The 2014 Games and a December 2021 call are 7 years apart, as a reader counts;
    the months between January 2014 and December 2021 rounded to "about 8" were not."""
    from rag.news.match import Dated
    from rag.news.temporal import _distance

    games = Dated("a.txt", "2014-01-01", "year", 0.9, "2014", (0, 1), "stated")
    call = Dated("b.txt", "2021-12-15", "day", 0.9, "Wednesday", (0, 1), "resolved")
    assert _distance(games, call, "year")[0] == "7 years (2014 to 2021)"
    assert _distance(call, games, "year")[0] == "7 years (2014 to 2021)"
    assert _distance(call, games, "")[0] == "about 8 years"  # "how long": months count
    same = Dated("c.txt", "2021-01-01", "year", 0.9, "2021", (0, 1), "stated")
    assert _distance(same, call, "year")[0] == ""


def test_a_season_is_named_as_a_season_not_as_its_first_month() -> None:
    """"Next spring", written in 2023, is "spring 2024": "March 2024" claimed a month
    the article never gave."""
    from rag.news.match import Dated
    from rag.news.temporal import fmt

    spring = Dated("a.txt", "2024-03-01", "season", 0.6, "next spring", (0, 1), "resolved")
    assert fmt(spring) == "spring 2024"
    assert fmt(Dated("a.txt", "2024-03-01", "month", 0.9, "March", (0, 1), "stated")) \
        == "March 2024"


def test_the_end_of_something_is_not_dated_by_when_it_began() -> None:
    """"The end of the dredging" is the day it "was completed", not the day of the
    blockade "that began on" an earlier date in a sentence about the dredging."""
    news = news_of({
        "halt.txt": "Dredging halted\n\nPublished July 10, 2025\n\nThe authority suspended "
                    "its dredging programme, ending a blockade that began on Tuesday, July 8.",
        "done.txt": "Channel deepened\n\nPublished November 22, 2025\n\nThe dredging of the "
                    "main channel was completed on Friday, November 21.",
    })
    best = best_dates(news, "the end of the channel dredging", fake_embed)[0]
    assert (best.source, best.date) == ("done.txt", "2025-11-21")
    text, cited = ask(news, "When was the end of the channel dredging?")
    assert text.startswith("Friday, 21 November 2025") and cited == ["done.txt"]
    from rag.news.match import phase

    assert (phase("that began on"), phase("was completed on"), phase("said on")) == \
        ("start", "end", "")


def test_a_date_quoted_in_the_question_is_the_one_meant() -> None:
    """"'this Saturday' ... What date was that?": the sentence saying "this Saturday",
    not the better-matching "signed ... yesterday"."""
    news = news_of({"sign.txt": "Striker signs\n\nPublished January 22, 2025\n\nThe Gulls "
                                "signed striker Jonah Whitlock yesterday, after his debut "
                                "season at Carrow. Whitlock could play this Saturday."})
    text, _ = ask(news, "Whitlock was expected to make his Gulls debut 'this Saturday' after "
                        "signing. What date was that?")
    assert text.startswith("Saturday, 25 January 2025")


def test_according_to_a_report_sets_the_scene_of_a_when_question() -> None:
    got = classify("According to the report on the visit to Moscow, in which month and year "
                   "did Russia launch its invasion?")
    assert (got.kind, got.unit, got.parts) == ("when", "month", ["did Russia launch its invasion"])
    assert got.context.startswith("According to the report")


def test_a_trailing_according_to_names_where_it_is_said_not_the_event() -> None:
    """"In what year were the Tokyo Olympics, according to the Reuters report on X?":
    the event is the Tokyo Olympics; the report only says where to look."""
    got = classify("In what year were the Tokyo Summer Olympics at which Russians competed "
                   "as ROC, according to the Reuters report on Putin backing China?")
    assert got.kind == "when" and got.parts == [
        "were the Tokyo Summer Olympics at which Russians competed as ROC"]


def test_who_did_it_first_of_two_people_dates_each(news: NewsIndex) -> None:
    """"Who announced a run for mayor first, Lindqvist or Marsh?": each person's own
    date, the earlier one named first."""
    got = classify("Who announced a run for mayor first, Hattie Lindqvist or Gideon Marsh, "
                   "and on what dates?")
    assert (got.kind, got.who) == ("first", ["Hattie Lindqvist", "Gideon Marsh"])
    assert classify("Who was last to launch a campaign: Lindqvist or Marsh?").detail == "last"
    assert classify("Who won the cup first?").kind == "none"
    text, cited = ask(news, "Who announced a run for mayor first, Hattie Lindqvist or "
                            "Gideon Marsh?")
    assert text.startswith("Hattie Lindqvist was first: Tuesday, 3 June 2025")
    assert "Gideon Marsh: " in text and cited == ["lindqvist.txt", "marsh.txt"]
    text, _ = ask(news, "Who announced a run for mayor first, Lindqvist or Marsh, and how "
                        "many days apart were the two announcements?")
    assert text.startswith("Lindqvist was first") and "They were 20 days apart." in text


def test_a_length_the_cited_sentence_states_beats_one_worked_out_from_a_year() -> None:
    from rag.news.answer import finish
    from rag.schema import AnswerSentence, Citation

    body = ("Striker Jonah Whitlock, who has played at Tidewater Park since 2019, will be out "
            "for six to eight weeks with a hamstring injury.")
    index = news_of({"injury.txt": f"Whitlock injured\n\nPublished October 2, 2025\n\n{body}"})
    lead = "Whitlock will be out for six to eight weeks. [1]"
    cite = Citation(n=1, source="injury.txt", title="Whitlock injured", snippet=body,
                    score=1.0, start=0, end=len(body), quote=body)
    answer = Answer(question="q", text=lead, supported=True, citations=[cite],
                    sentences=[AnswerSentence(text=lead, citations=[1])])
    out = finish(answer, "How long has Jonah Whitlock been out of the game?", lambda: index,
                 fake_embed)
    assert "six to eight weeks" in out.text and "since" not in out.text.lower()


def test_the_leads_own_relative_day_is_the_date_asked_not_another_dated_event() -> None:
    from rag.news.answer import finish
    from rag.schema import AnswerSentence, Citation

    body = ("The Gulls signed striker Jonah Whitlock yesterday from Carrow Vale. He could "
            "make his debut at Tidewater Park this Saturday against Dunmore Wanderers.")
    index = news_of({"signing.txt": f"Gulls sign Whitlock\n\nPublished Wednesday, January 22, "
                                    f"2025\n\n{body}"})
    text = index.texts["signing.txt"]
    quote = "He could make his debut at Tidewater Park this Saturday against Dunmore Wanderers."
    cite = Citation(n=1, source="signing.txt", title="Gulls sign Whitlock", snippet=text,
                    score=1.0, start=0, end=len(text), quote=quote)
    lead = f"{quote} [1]"

    def answered(by: str) -> Answer:
        answer = Answer(question="q", text=lead, supported=True, citations=[cite.model_copy()],
                        sentences=[AnswerSentence(text=lead, citations=[1])], answerer=by)
        return finish(answer, "What date could Whitlock have made his Gulls debut?",
                      lambda: index, fake_embed)

    out = answered("qwen2.5-coder-1.5b-instruct")
    assert "25 January 2025" in out.text and "21 January" not in out.text
    assert out.text.startswith(quote)  # the quote stays word for word
    # a quoting answerer's lead is only the closest sentence: its day is not taken
    assert "That is" not in answered("offline extractive").text


def test_a_sentence_that_dates_its_event_is_not_dated_by_its_article_instead() -> None:
    """A close call between a sentence's own date and a bound on its article's day
    goes to the sentence's; where its own date reads far worse, it dates something
    else in the sentence, and the article's day stands."""
    from rag.news.match import Dated, prefer_stated

    def dated(provenance: str, precision: str, sentence: tuple[int, int] = (0, 90)) -> Dated:
        return Dated("a.txt", "2022-02-04", precision, 0.8, "on Feb. 4", sentence, provenance)

    article, own = dated("article", "before"), dated("stated", "day")
    ranked = sorted(prefer_stated([(0.83, article), (0.80, own)]), key=lambda x: -x[0])
    assert [d.provenance for _, d in ranked] == ["stated", "article"]
    ranked = sorted(prefer_stated([(0.70, article), (0.40, own)]), key=lambda x: -x[0])
    assert [d.provenance for _, d in ranked] == ["article", "stated"]
    # another sentence's date, or an article's exact day, is left as it is
    other = dated("stated", "day", (100, 150))
    assert prefer_stated([(0.83, article), (0.80, other)])[0][0] == 0.83
    exact = dated("article", "day")
    assert prefer_stated([(0.83, exact), (0.80, own)])[0][0] == 0.83



def test_days_after_a_then_b_looks_for_a_b_dated_after_a() -> None:
    """"How many days after A did B?": a B dated before A ("was due to start work
    yesterday", in July) is another event; the next B after A is the one asked about."""
    dredging = news_of({
        "turned.txt": "Dredger turned back\n\nPublished July 9, 2025\n\nThe dredger was due to "
                      "start work yesterday but fishing boats blocked the harbour mouth.",
        "deal.txt": "Dredging deal signed\n\nPublished August 13, 2025\n\nThe harbour authority "
                    "and the fishermen signed the dredging agreement yesterday.",
        "begins.txt": "Dredging begins\n\nPublished September 16, 2025\n\nThe dredger began "
                      "work in the main channel on Monday, September 15.",
    })
    text, sources = ask(dredging, "How many days after the dredging agreement was signed did "
                                  "the dredger start work?")
    assert text.startswith("34 days") and sources == ["deal.txt", "begins.txt"]


def test_days_between_refines_a_month_to_a_day_a_close_match_gives_in_it() -> None:
    """"How many days between A and B?": B "due in January" is refined by another
    report's "on January 13", so the answer counts days, not "about a month"."""
    review = news_of({
        "budget.txt": "Budget approved\n\nPublished December 19, 2025\n\nCouncillors approved "
                      "the mayor's first budget last night.",
        "launch.txt": "Ferry launched\n\nPublished November 20, 2025\n\nCouncillors will "
                      "receive the independent review of the ferry finances in January.",
        "meeting.txt": "Council meeting\n\nPublished December 20, 2025\n\nThe council will "
                       "receive the independent review of the ferry finances at its first "
                       "meeting of the new year, on January 13.",
    })
    text, sources = ask(review, "How many days after councillors approved the mayor's first "
                                "budget did they receive the independent review of the "
                                "ferry finances?")
    assert text.startswith("26 days") and sources == ["budget.txt", "meeting.txt"]


def test_a_year_cited_from_a_sentence_about_another_event_does_not_date_the_asked_one() -> None:
    """"In what year were the Osaka Summer Games?" answered "2016" from "banned from the
    2016 Rio Games": the year is in what it cites, but said of other Games, so the
    answer does not stand on it (the news index dates the asked Games instead)."""
    from rag.news.answer import _cited_says_when
    from rag.schema import AnswerSentence, Citation

    def answered(lead: str, quote: str) -> Answer:
        cite = Citation(n=1, source="games.txt", title="Neutral banner", snippet=quote,
                        score=1.0, start=0, end=len(quote), quote=quote)
        return Answer(question="q", text=lead, supported=True, citations=[cite],
                      sentences=[AnswerSentence(text=lead, citations=[1])])

    event = "were the Osaka Summer Games held"
    lead = "The Osaka Summer Games were held in 2016. [1]"
    rio = answered(lead, "Many of them were also banned from the 2016 Rio Games.")
    assert not _cited_says_when(lead, "year", rio, event)
    osaka = answered(lead, "They competed at the Osaka Summer Games in 2016.")
    assert _cited_says_when(lead, "year", osaka, event)
    assert _cited_says_when(lead, "year", rio)  # no event named: the year alone counts


def test_a_statement_then_a_date_asked_with_a_leading_clause_asks_the_date() -> None:
    """"A came eight days after B. Using the dated report of A, on what date did B
    happen?": the last sentence asks; its "using …" clause only says where to look."""
    ask_ = classify("The Xi call came eight days after the Biden call. Using the dated "
                    "report of the Xi call, on what date did the Biden call happen?")
    assert (ask_.kind, ask_.unit) == ("when", "date")
    assert "Biden call" in ask_.parts[0]
    assert classify("Going by the Courier, when was the ferry vote held?").kind == "when"


def test_an_event_described_by_who_planned_to_go_is_dated_as_the_event() -> None:
    """"the Beijing Games Putin planned to attend" is the Games (whose date the reports
    state), not the report of Putin's plan (dated by its article)."""
    from rag.news.match import reported

    assert reported("the Beijing Winter Games Putin planned to attend") == \
        "the Beijing Winter Games"
    assert reported("the Games that he hoped to attend") == "the Games"
    assert reported("the match Harbourton was due to play") == "the match"
    assert reported("the Gulls beat Millbeck") == "the Gulls beat Millbeck"
    assert reported("Putin will attend") == "Putin will attend"  # no event named before


def test_by_how_many_days_after_who_first_asks_the_distance_too() -> None:
    ask_ = classify("Who got their campaign going first, Lindqvist or Marsh, and by how "
                    "many days?")
    assert ask_.kind == "first" and ask_.who == ["Lindqvist", "Marsh"] and ask_.apart == "day"


RACE = {
    "race.txt": "Chandler joins mayoral race\n\nPublished June 24, 2025\n\nCouncillor Ivo "
                "Brandt will stand for mayor in October. Brandt, 54, runs the chandlery on "
                "the Quayside. He announced his candidacy on Monday, June 23, outside the "
                "shop. Brandt voted against the ferry in March, alongside Nell Orrin, who "
                "launched her own campaign for mayor earlier this month.",
    "other.txt": "Library reopens\n\nPublished May 2, 2025\n\nThe library reopened "
                 "yesterday after a year of repairs.",
}


def test_a_date_ending_a_sentence_in_a_person_aside_dates_that_person() -> None:
    """"…, alongside Nell Orrin, who launched her own campaign earlier this month." dates
    Orrin's launch, not Brandt's; "He announced his candidacy on June 23" after a
    sentence about Brandt dates Brandt's."""
    news = news_of(RACE)
    best = best_dates(news, "Brandt launched his candidacy", fake_embed, k=1)
    assert best and best[0].date == "2025-06-23"  # not March, when he voted
    best = best_dates(news, "Orrin launched her campaign for mayor", fake_embed, k=1)
    assert best and best[0].date.startswith("2025-06") and best[0].precision == "month"


def test_a_vague_date_yields_to_a_day_within_it_read_about_as_close() -> None:
    """"Earlier this month" (June 2025) and "yesterday" (3 June 2025) for one launch: the
    day says more; a day in another month, or one read far worse, changes nothing."""
    from rag.news.match import prefer_days
    vague = Dated("a.txt", "2025-06-24", "month", 0.7, "earlier this month", (0, 50), "resolved")
    day = Dated("b.txt", "2025-06-03", "day", 0.7, "yesterday", (0, 40), "resolved")
    ranked = sorted(prefer_days([(0.86, vague), (0.85, day)]), key=lambda x: -x[0])
    assert [d.precision for _, d in ranked] == ["day", "month"]
    assert prefer_days([(0.86, vague), (0.70, day)])[0][0] == 0.86
    other = Dated("b.txt", "2025-07-03", "day", 0.7, "yesterday", (0, 40), "resolved")
    assert prefer_days([(0.86, vague), (0.85, other)])[0][0] == 0.86
