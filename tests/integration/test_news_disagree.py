"""Disagreement between reports of the same event, on a written corpus
(tests/corpora/disagree): both versions, each cited; agreement says nothing."""

from __future__ import annotations

import numpy as np
import pytest

from rag.core.engine import Engine
from rag.ingest.articles import load_article
from rag.news.disagree import find_disagreement, numbers
from rag.news.index import NewsIndex, Source, Span, build
from tests.support.common import CORPORA
from tests.support.news import fake_embed

CORPUS = CORPORA / "disagree"


@pytest.fixture(scope="module")
def news() -> NewsIndex:
    sources, spans = [], []
    for path in sorted(CORPUS.glob("*.txt")):
        a = load_article(path)
        sources.append(Source(a.source, a.title, a.text, a.date))
        topic = np.zeros(4, dtype=np.float32)
        topic[0 if "call" in a.source else 1] = 1.0  # each pair of reports reads alike
        spans.append(Span(f"{a.source}#0", a.source, 0, len(a.text), a.text, topic))
    return build(sources, spans)


def test_each_pair_of_reports_is_one_story(news: NewsIndex) -> None:
    assert ["01_call_courier.txt", "02_call_post.txt"] in news.groups
    assert ["03_gulls_win.txt", "04_gulls_win_radio.txt"] in news.groups


def differ(news: NewsIndex, question: str) -> tuple[str, list[str]]:
    got = find_disagreement(question, news, fake_embed)
    assert got is not None, question
    return " ".join(s.text for s in got[0]), [c.source for c in got[1]]


def test_durations_compare_across_units() -> None:
    assert numbers("a call that lasted 90 minutes") == {(90.0, "minute")}
    assert numbers("they spoke for an hour") == {(60.0, "minute")}
    assert numbers("It cost £2.1 million in 2025") == {(2.1e6, "money")}
    assert numbers("one of the towns") == set()


def test_90_minutes_against_an_hour(news: NewsIndex) -> None:
    text, cited = differ(news, "How long did the call between the mayors last?")
    assert text.startswith("Reports differ: Bay Courier gives 90 minutes: ")
    assert "gives an hour: " in text
    assert cited == ["01_call_courier.txt", "02_call_post.txt"]
    assert "[1]" in text and "[2]" in text


def test_different_costs(news: NewsIndex) -> None:
    text, cited = differ(news, "How much will the joint ferry plan cost?")
    assert "£2.1 million" in text and "£2.6 million" in text and len(set(cited)) == 2


def test_who_said_a_quote(news: NewsIndex) -> None:
    text, _ = differ(news, "Who said 'We will not back down on the timetable'?")
    assert text.startswith("Reports differ on who said it")
    assert "Ewan Gray" in text and "Ruth Penn" in text


def test_agreeing_reports_raise_nothing(news: NewsIndex) -> None:
    assert find_disagreement("How many supporters watched the Gulls win the semi-final?",
                             news, fake_embed) is None


def test_the_question_weighing_two_versions_gets_both(news: NewsIndex) -> None:
    text, cited = differ(news, "Did the call last 90 minutes, or an hour?")
    assert "90 minutes" in text and "an hour" in text and len(set(cited)) == 2


@pytest.mark.integration
def test_the_engine_appends_the_disagreement_with_both_citations(
    engine_factory: object,
) -> None:
    engine = engine_factory(CORPUS, embed="onnx")  # type: ignore[operator]
    assert isinstance(engine, Engine)
    engine.index()
    answer = engine.ask("How long did the call between the mayors last?")
    assert "Reports differ" in answer.text
    cited = {c.source for c in answer.citations}
    assert {"01_call_courier.txt", "02_call_post.txt"} <= cited
    for s in answer.sentences:
        assert all(answer.citation(n) is not None for n in s.citations)


def test_a_chatty_either_or_the_reports_agree_on_is_no_disagreement(news: NewsIndex) -> None:
    """"… meet in person or was it a call??": both reports say it was a call, and none
    says they met; so the answerer's own answer stands, not "The reports differ"."""
    q = "did the mayors like actually meet in person or was it a call??"
    assert find_disagreement(q, news, fake_embed) is None
    beat = "Did the Gulls beat Millbeck or lose to them?"
    assert find_disagreement(beat, news, fake_embed) is None
    text, _ = differ(news, "did the call go on for 90 minutes or was it like an hour??")
    assert "90 minutes" in text and "an hour" in text


def test_a_comparison_weighs_no_versions() -> None:
    from rag.news.versions import alternatives

    assert alternatives("Which came first, the ferry call or the Gulls semi-final?") == []
    assert alternatives("Who got more votes, Penn or Gray?") == []
    assert alternatives("Did the call last 90 minutes, or an hour?") == ["the call last 90 minutes",
                                                                        "an hour"]


def test_versions_that_are_figures_are_each_found_stating_its_figure() -> None:
    """"£4.2 million or £4.8 million?": each version's sentence states its figure; a
    sentence that only shares the question's other words ("the refurb cost … a further
    £1.3 million") is no version of either."""
    from tests.support.news import news_of, one_hot

    news = news_of({
        "post.txt": "Library reopens\n\nBy Ann Lee, Evening Post\n\nThe Central Library "
                    "reopened on Saturday after a £4.2 million renovation. The refurb cost "
                    "the council a further £1.3 million in the Central Library's basement.",
        "gazette.txt": "Library doors open\n\nBy Tom Hale, Quayside Gazette\n\nThe £4.8 "
                       "million refurbishment of the Central Library added a lift.",
    }, lambda name: one_hot(0))
    got = find_disagreement("Did the Central Library refurb cost £4.2 million or £4.8 "
                            "million? I've seen both.", news, fake_embed)
    assert got is not None
    text = " ".join(s.text for s in got[0])
    assert "£4.2 million" in text and "£4.8 million" in text
    assert [c.source for c in got[1]] == ["post.txt", "gazette.txt"]


def test_the_size_of_a_flotilla_is_a_count_of_boats() -> None:
    """"Do all the reports agree on the size of the flotilla?" weighs each report's count
    of boats (31 against nearly 50), not two sentences that merely read alike."""
    from tests.support.news import news_of, one_hot

    news = news_of({
        "courier.txt": "Boats block harbour\n\nBy Ann Lee, Bay Courier\n\nPublished July 9, 2025"
                       "\n\nA flotilla of 31 fishing boats blocked the harbour mouth yesterday "
                       "in a protest against the dredger.",
        "herald.txt": "Fishermen block harbour\n\nBy Tom Hale, Bay Herald\n\nPublished July 9, "
                      "2025\n\nNearly 50 vessels blocked the harbour mouth yesterday in a "
                      "protest against the dredger.",
        "radio.txt": "Boats in harbour protest\n\nBy Jo Reed, Radio Bay\n\nPublished July 9, "
                     "2025\n\nThirty-one fishing boats blocked the harbour mouth yesterday in "
                     "a protest against the dredger.",
    }, lambda name: one_hot(0))
    assert len(news.groups) == 1  # three reports of one blockade
    got = find_disagreement("The Courier says 31 boats blocked the harbour mouth. Do all the "
                            "reports agree on the size of the flotilla?", news, fake_embed)
    assert got is not None
    text = " ".join(s.text for s in got[0])
    assert text.startswith("Reports differ:") and "50" in text and "31" in text
    assert "herald.txt" in [c.source for c in got[1]]
