""""Did the Courier and the Post report the same result?": yes, both sentences quoted
and cited, when the two outlets' figure sentences on it share their figures."""

from __future__ import annotations

from rag.answer.extractive import declined
from rag.news.agree import same_figures
from rag.news.answer import _news_answer
from rag.news.index import NewsIndex
from tests.support.news import fake_embed, news_of, one_hot


def _vote(post: str) -> NewsIndex:
    return news_of({
        "courier.txt": "Ferry vote passes\n\nBy Jo Reed, City Courier\n\nPublished March 19, "
                       "2025\n\nThe council approved the ferry vote last night by seven votes to "
                       "four, after a debate lasting three hours.",
        "post.txt": "Packed chamber\n\nBy Ann Lee, City Post\n\nPublished March 19, "
                    f"2025\n\n{post}",
        "pool.txt": "Pool shut\n\nBy Tom Hale, Quay Gazette\n\nPublished May 3, 2025\n\nThe "
                    "pool will shut for 12 weeks.",
    }, lambda name: one_hot(1 if name == "pool.txt" else 0, 4))  # one story: the vote


Q = "Did the Courier and the City Post report the same result for the ferry vote?"


def test_two_outlets_giving_the_same_figures_are_said_to_agree() -> None:
    news = _vote("The ferry vote, seven in favour and four against, clears the way for two "
                 "ferries.")
    reply = same_figures(Q, news, fake_embed)
    assert reply is not None
    sentences, citations = reply
    assert sentences[0].text.startswith("Yes: they give the same figures. City Courier says")
    assert [c.source for c in citations] == ["courier.txt", "post.txt"]
    # a decline is replaced by it: the reports are the answer
    out = _news_answer(declined(Q, []), Q, news, fake_embed)
    assert out.text.startswith("Yes: they give the same figures.")


def test_other_figures_or_one_outlet_named_get_no_yes() -> None:
    news = _vote("The ferry vote, eight in favour and three against, clears the way.")
    assert same_figures(Q, news, fake_embed) is None
    agreeing = _vote("The ferry vote, seven in favour and four against, clears the way.")
    assert same_figures("Did the Courier report the same result for the ferry vote?",
                        agreeing, fake_embed) is None
    assert same_figures("Did the Courier and the City Post report the ferry vote?",
                        agreeing, fake_embed) is None
