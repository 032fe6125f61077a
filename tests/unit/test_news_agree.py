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


GAMES = {
    "boycott.txt": "Leader backs hosts in boycott row\n\nThe leader addressed the national team "
                   "and rejected the boycott of the Winter Games that open in the capital on "
                   "Feb. 4. At the Winter Games, which run until Feb. 20, the team competes "
                   "under another name.",
    "friends.txt": "Leaders flaunt their model friendship\n\nThe two leaders will meet at the "
                   "opening of the Winter Games, which take place from February 4 to 20, the "
                   "spokesman said.",
    "ferry.txt": "Ferry approved\n\nThe council approved the ferry on March 18 by seven votes "
                 "to four.",
}


def test_two_reports_described_by_what_they_say_agree_on_the_same_dates() -> None:
    """No outlet named: each report by what it is about ("the story about the leader
    addressing the team", "the 'model friendship' story"); both name February 4 and 20
    for the Games, across their sentences about them."""
    news = news_of(GAMES)
    q = ("Do the story about the leader addressing the national team and the 'model "
         "friendship' story give the same dates for the Winter Games?")
    reply = same_figures(q, news, fake_embed)
    assert reply is not None
    (sentence,), cites = reply
    assert sentence.text.startswith("Yes: they give the same dates.")
    assert {c.source for c in cites} == {"boycott.txt", "friends.txt"}
    other = {**GAMES, "friends.txt": GAMES["friends.txt"].replace("to 20", "to 21")}
    assert same_figures(q, news_of(other), fake_embed) is None  # other days: no yes
