"""Date-range boost and story diversity in retrieval."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.news.index import NewsIndex
from rag.news.rerank import date_range, rerank
from tests.support.news import blockade_news


@pytest.fixture(scope="module")
def news() -> NewsIndex:
    return blockade_news()


def test_date_ranges_named_in_questions() -> None:
    assert date_range("What happened in 2023?") == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert date_range("What did the council do in March 2025?") == (
        dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert date_range("What happened before 2022?") == (dt.date.min, dt.date(2021, 12, 31))
    assert date_range("What changed after July 2025?")[0] == dt.date(2025, 8, 1)  # type: ignore[index]
    assert date_range("Who is the mayor?") is None


def test_one_story_fills_at_most_cap_places(news: NewsIndex) -> None:
    fused = [("radio.txt#0", 0.9), ("herald.txt#0", 0.8), ("courier2.txt#0", 0.7),
             ("courier.txt#0", 0.6), ("doping.txt#0", 0.5)]
    top = [cid for cid, _ in rerank("Who blocked the harbour?", fused, 3, news)]
    assert top[:3] == ["radio.txt#0", "herald.txt#0", "courier.txt#0"]  # cap = 2 of 3
    assert top[3] == "courier2.txt#0"  # the third retelling still follows


def test_articles_in_the_named_range_move_up(news: NewsIndex) -> None:
    fused = [("doping.txt#0", 0.9), ("courier.txt#0", 0.8)]
    top = [cid for cid, _ in rerank("What did the council approve in March 2025?", fused, 2, news)]
    assert top == ["courier.txt#0", "doping.txt#0"]
