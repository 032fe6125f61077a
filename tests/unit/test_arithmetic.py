"""Differences between two stated figures are worked out in code, cited, and only
when the question asks for one."""

from rag.answer.arithmetic import asks_difference, figures, with_difference
from rag.schema import Answer, AnswerSentence, Citation

PLAN = "The port wants to remove 420,000 cubic metres of silt from the channel."
DONE = "The dredger removed 348,000 cubic metres of material in ten weeks."


def _cite(n: int, quote: str) -> Citation:
    return Citation(n=n, source=f"{n}.txt", title="t", snippet=quote, score=1.0, start=0,
                    end=len(quote), quote=quote)


def _answer(*pairs: tuple[str, list[int]], quotes: list[str]) -> Answer:
    sentences = [AnswerSentence(text=t, citations=c) for t, c in pairs]
    return Answer(question="q", text=" ".join(t for t, _ in pairs), supported=True,
                  sentences=sentences,
                  citations=[_cite(i + 1, q) for i, q in enumerate(quotes)])


def test_the_gap_between_two_cited_figures_is_computed_and_cites_both():
    answer = _answer(("It planned to remove 420,000 cubic metres. [1]", [1]),
                     ("It removed 348,000 cubic metres. [2]", [2]), quotes=[PLAN, DONE])
    out = with_difference(answer, "How much less was dredged than the port first planned?")
    assert out.sentences[-1].text.startswith("The difference is 72,000 cubic metres")
    assert out.sentences[-1].citations == [1, 2]
    assert "72,000 cubic metres" in out.text and out.text.endswith("[1][2]")


def test_money_keeps_the_articles_scale():
    quote = "The budget rose from £38 million to £44.5m in August."
    answer = _answer(("The budget rose from £38 million to £44.5m. [1]", [1]), quotes=[quote])
    out = with_difference(answer, "By how much did the ferry budget go up?")
    assert "£6.5 million" in out.sentences[-1].text


def test_nothing_is_added_unless_a_difference_is_asked():
    answer = _answer(("It planned to remove 420,000 cubic metres. [1]", [1]),
                     ("It removed 348,000 cubic metres. [2]", [2]), quotes=[PLAN, DONE])
    out = with_difference(answer, "How much material was removed?")
    assert len(out.sentences) == 2 and "difference" not in out.text


def test_a_figure_no_cited_passage_states_is_not_used():
    answer = _answer(("It planned to remove 420,000 cubic metres. [1]", [1]),
                     ("It removed 350,000 cubic metres. [1]", [1]), quotes=[PLAN])
    out = with_difference(answer, "How much less was dredged than planned?")
    assert "difference" not in out.text


def test_figures_of_different_kinds_are_not_subtracted():
    quote = "It drew 1,486 responses, with 58 per cent in favour."
    answer = _answer(("It drew 1,486 responses, 58 per cent in favour. [1]", [1]),
                     quotes=[quote])
    out = with_difference(answer, "How many more people backed it than opposed it?")
    assert "difference" not in out.text


def test_years_and_days_of_a_month_are_not_figures():
    assert figures("The 2014 Sochi Games ran from February 7 to 23, 2014.") == []
    assert [f.unit for f in figures("212 athletes and 3,870 responses")] == [
        "athlete", "response"]


def test_question_shapes():
    asked = ["How many more responses did the ferry get than the budget?",
             "what's the difference between the two figures", "By how much did it fall?",
             "How much did the cost go up after the survey?"]
    assert all(asks_difference(q) for q in asked)
    assert not any(asks_difference(q) for q in [
        "How much does a ticket cost?", "How many people signed?", "How long did it last?"])


def test_an_answer_that_states_the_change_itself_gets_no_sum() -> None:
    """"has risen by £6.5 million to £44.5 million": subtracting would give £38 million,
    the old figure, presented as the rise."""
    quote = "The cost has risen by £6.5 million to £44.5 million."
    answer = _answer((f"{quote} [1]", [1]), quotes=[quote])
    assert "difference" not in with_difference(answer, "By how much did the cost go up?").text


def test_how_many_more_counts_the_noun_after_more() -> None:
    from rag.news.disagree import counted_noun

    assert counted_noun("How many more responses did the survey get?") == "responses"
    assert counted_noun("How many fishing boats took part?") == "boats"


def test_a_bare_m_is_metres_and_only_money_is_in_millions() -> None:
    assert [(f.value, f.unit) for f in figures("dredged to 8 m, not 10 m")] == [
        (8.0, "m"), (10.0, "m")]
    assert [(f.value, f.unit) for f in figures("It cost £4.2m.")] == [(4_200_000.0, "£")]


def test_a_winners_margin_is_the_gap_between_the_two_largest_tallies() -> None:
    quote = ("The Green candidate won 18,412 votes in yesterday's election, ahead of Tench "
             "on 16,905 and independent Gideon Marsh on 9,270.")
    assert [f.value for f in figures(quote)] == [18412, 16905, 9270]
    assert {f.unit for f in figures(quote)} == {"vote"}
    answer = _answer((quote + " [1]", [1]), quotes=[quote])
    out = with_difference(answer, "Who won the mayoral election by how many votes?")
    assert "The difference is 1,507 votes (18,412 votes − 16,905 votes" in out.text
    # without a winner asked about, three tallies are no one difference
    three = with_difference(_answer((quote + " [1]", [1]), quotes=[quote]),
                            "By how many votes did the turnout change?")
    assert "difference" not in three.text


def test_a_bare_number_takes_a_noun_only_from_a_like_figure_in_its_sentence() -> None:
    assert [f.value for f in figures("It drew 1,486 responses. In all, 900.")] == [1486]
    assert [f.value for f in figures("It drew 1,486 responses from 12 towns")] == [1486, 12]
    assert [f.value for f in figures("It cost £4 million, 300 more than planned")] == [4e6]
    assert [f.value for f in figures("1,486 responses and 99,000 more")] == [1486]
