"""Coverage questions answered from the same-story groups: which outlets, how many
articles, covered by more than one."""

from __future__ import annotations

import numpy as np
import pytest

from rag.articles import clean
from rag.news.coverage import answer_coverage
from rag.news.index import NewsIndex, Source, Span, build
from rag.news.questions import classify
from tests.test_news_temporal import fake_embed

ARTICLES = {
    "radio.txt": "Boats block harbour\n\nBy Ann Lee, Radio Bay News\n\nPublished July 9, 2025\n\n"
                 "Thirty fishing boats formed a line across the harbour mouth yesterday, "
                 "blocking the dredger in a protest.",
    "herald.txt": "Fishermen turn back dredger\n\nBy Tom Hale, Bay Herald\n\nFishing boats "
                  "blocked the harbour mouth on Tuesday, July 8, 2025, turning back the dredger "
                  "in a protest.",
    "courier.txt": "Ferry vote passes\n\nBy Jo Reed, City Courier\n\nPublished March 19, 2025\n\n"
                   "The council last night approved the ferry by seven votes to four.",
    "courier2.txt": "Dredging halted\n\nBy Jo Reed, City Courier\n\nPublished July 9, 2025\n\n"
                    "The fishing boats' blockade of the harbour mouth yesterday halted the "
                    "dredger, and talks begin next week.",
    "doping.txt": "Doping ban\n\nPublished May 2, 2024\n\nThe 2014 doping scandal led to a ban.",
}


@pytest.fixture(scope="module")
def news() -> NewsIndex:
    sources, spans = [], []
    topic = {"radio.txt": 0, "herald.txt": 0, "courier2.txt": 0}
    for name, raw in ARTICLES.items():
        title, given, body = clean(raw)
        sources.append(Source(name, title, body, given))
        vec = np.zeros(8, dtype=np.float32)
        vec[topic.get(name, hash(name) % 7 + 1)] = 1.0  # the blockade reports read alike
        spans.append(Span(f"{name}#0", name, 0, len(body), body, vec))
    return build(sources, spans)


def reply(news: NewsIndex, question: str) -> tuple[str, list[str]]:
    got = answer_coverage(classify(question), news, fake_embed)
    assert got is not None, question
    return " ".join(s.text for s in got[0]), [c.source for c in got[1]]


def test_the_blockade_reports_form_one_group(news: NewsIndex) -> None:
    assert ["courier2.txt", "herald.txt", "radio.txt"] in news.groups


def test_which_outlets_cites_the_group_once_with_also_reported_by(news: NewsIndex) -> None:
    text, cited = reply(news, "Which outlets reported the fishing boats' blockade of the "
                              "harbour mouth?")
    assert len(cited) == 1 and "also reported by" in text
    for outlet in ("Radio Bay News", "Bay Herald", "City Courier"):
        assert outlet in text
    assert "three reports of the same story" in text


def test_how_many_articles_mention_counts_articles(news: NewsIndex) -> None:
    text, cited = reply(news, "How many articles mention the 2014 doping scandal?")
    assert text.startswith("One article (1)") and cited == ["doping.txt"]


def test_which_outlet_reported_both(news: NewsIndex) -> None:
    text, cited = reply(news, "Which outlet reported both the ferry vote and the harbour "
                              "mouth blockade?")
    assert "City Courier" in text and set(cited) == {"courier.txt", "courier2.txt"}


def test_covered_by_more_than_one(news: NewsIndex) -> None:
    text, _ = reply(news, "Is the ferry vote covered by more than one of the articles?")
    assert text.startswith("No: only one article reports it")
