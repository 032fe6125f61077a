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


def test_two_described_events_are_told_apart_by_their_stories() -> None:
    """"Is X the same event as Y?" with no outlets named: each description's closest
    report, and the story groups decide."""
    news = blockade_news()
    reply = same_event("Was the fishing boats' protest in the harbour the same event as the "
                       "council's ferry vote?", news, fake_embed)
    assert reply is not None
    sentences, citations = reply
    assert sentences[0].text.startswith("No: they report different events.")
    assert citations[0].source in {"radio.txt", "herald.txt", "courier2.txt"}
    assert citations[1].source == "courier.txt"


def test_a_description_two_stories_fit_alike_gets_no_reply() -> None:
    """"The mayor's opening" fits the bridge and the library: which story it means is
    not clear, so the question is left to the answerer."""
    news = news_of({
        "bridge.txt": "Bridge opens\n\nPublished May 2, 2024\n\nThe mayor opened the new "
                      "river bridge to traffic.",
        "library.txt": "Library opens\n\nPublished June 9, 2024\n\nThe mayor opened the "
                       "rebuilt library to readers.",
        "doping.txt": "Doping ban\n\nPublished May 2, 2024\n\nThe 2014 doping scandal led "
                      "to a ban.",
    }, lambda name: one_hot(["bridge.txt", "library.txt", "doping.txt"].index(name)))
    assert same_event("Is the mayor's opening the same event as the doping ban?", news,
                      fake_embed) is None
    reply = same_event("Is the bridge opening the same event as the doping ban?", news,
                       fake_embed)
    assert reply is not None and [c.source for c in reply[1]] == ["bridge.txt", "doping.txt"]
    assert same_event("Is the bridge opening the same thing as the doping ban?", news,
                      fake_embed) is None  # what a thing is, not whether reports agree


def test_no_two_named_outlets_no_reply() -> None:
    news = blockade_news()
    assert same_event("Did the Bay Herald report the blockade?", news, fake_embed) is None


def test_each_outlet_described_on_its_own_is_found_by_its_own_words() -> None:
    """"The Courier's story about the ferry vote and the Herald's on the boats: the same
    meeting?": each outlet's report is looked for by what the question says of it (the
    Courier also covered the blockade); "the same meeting" asks it too, "the same vote
    count" does not."""
    news = blockade_news()
    reply = same_event("The City Courier's story about the council approving the ferry and "
                       "the Bay Herald's story about fishing boats turning back the dredger: "
                       "are they about the same meeting?", news, fake_embed)
    assert reply is not None
    sentences, citations = reply
    assert sentences[0].text.startswith("No: they report different events.")
    assert [c.source for c in citations] == ["courier.txt", "herald.txt"]
    assert same_event("Did the City Courier and the Bay Herald give the same vote count?",
                      news, fake_embed) is None


def test_two_pieces_each_described_are_asked_as_do_both_cover_the_same_story() -> None:
    """"Do the article about X and the piece on Y cover the same story?": each report by
    what it is about, as "Is X the same event as Y?" is."""
    reply = same_event("Do the article about the fishing boats' protest in the harbour and "
                       "the piece on the council's ferry vote cover the same story?",
                       blockade_news(), fake_embed)
    assert reply is not None
    sentences, citations = reply
    assert sentences[0].text.startswith("No: they report different events.")
    assert citations[1].source == "courier.txt"


def test_a_description_naming_its_outlet_is_looked_for_among_that_outlets_reports() -> None:
    """"The City Courier report on the blockade": the Courier's blockade report, not the
    closest report of any outlet."""
    reply = same_event("Is the piece on the fishermen turning back the dredger the same "
                       "story as the Courier report on the thirty fishing boats blocking the "
                       "harbour mouth?", blockade_news(), fake_embed)
    assert reply is not None
    sentences, citations = reply
    assert sentences[0].text.startswith("Yes: they report the same story.")
    assert [c.source for c in citations] == ["herald.txt", "courier2.txt"]


def test_a_report_named_by_a_quoted_title_is_that_article() -> None:
    """"The Courier's 'Dredging halted' story": the article with that title, though its
    words share little with the quote; "the same occasion" asks it too."""
    reply = same_event("Do the Radio Bay News 'Boats block harbour' piece and the City "
                       "Courier's 'Dredging halted' story report the same occasion?",
                       blockade_news(), fake_embed)
    assert reply is not None
    sentences, citations = reply
    assert sentences[0].text.startswith("Yes: they report the same story.")
    assert [c.source for c in citations] == ["radio.txt", "courier2.txt"]
