""""Are the X and Y pieces on Z the same event?": each named outlet's closest report,
quoted, dated and cited, and the same-story groups say yes or no."""

from __future__ import annotations

from rag.news.sameness import same_event
from tests.support.news import blockade_news, fake_embed, news_of, one_hot


def test_two_outlets_retelling_one_blockade_are_one_story() -> None:
    reply = same_event("Are the Radio Bay News and Bay Herald pieces on the boats blocking "
                       "the harbour covering the same event?", blockade_news(), fake_embed)
    assert reply is not None
    sentences, citations = reply
    assert sentences[0].text.startswith("Yes: they report the same story. Radio Bay News")
    assert [c.source for c in citations] == ["radio.txt", "herald.txt"]
    assert "Tuesday, 8 July 2025" in sentences[0].text  # the day each sentence dates


def test_two_outlets_on_different_events_are_told_apart() -> None:
    news = news_of({
        "draft.txt": "Tax rise proposed\n\nBy Ann Lee, Radio Bay News\n\nPublished December 2, "
                     "2025\n\nThe mayor proposed a 4.5 per cent council tax rise in her draft "
                     "budget yesterday.",
        "vote.txt": "Budget passed\n\nBy Jo Reed, City Courier\n\nPublished December 18, 2025"
                    "\n\nCouncillors approved the 4.5 per cent council tax rise last night.",
    }, lambda name: one_hot(0 if name == "draft.txt" else 1))
    reply = same_event("Radio Bay News and the Courier both wrote about the 4.5 per cent "
                       "council tax rise. Were they reporting the same event?", news, fake_embed)
    assert reply is not None
    sentences, citations = reply
    assert sentences[0].text.startswith("No: they report different events. Radio Bay News "
                                        "(Monday, 1 December 2025)")
    assert "City Courier (Wednesday, 17 December 2025)" in sentences[0].text
    assert [c.source for c in citations] == ["draft.txt", "vote.txt"]


def test_no_two_named_outlets_no_reply() -> None:
    news = blockade_news()
    assert same_event("Is the blockade the same event as the vote?", news, fake_embed) is None
    assert same_event("Did the Bay Herald report the blockade?", news, fake_embed) is None
