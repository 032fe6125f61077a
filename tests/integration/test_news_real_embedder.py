"""Time questions over the Harbourton articles with the real MiniLM embedder: what the
hash-seeded stand-in ranks by shared words, MiniLM ranks by meaning, and a plan ("will
open on February 3") in an article about something else ranks far down."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.embed.onnx import OnnxMiniLM, default_model_paths
from rag.news.questions import classify
from rag.news.temporal import answer_time
from tests.support.news import news_of

ARTICLES = Path(__file__).parents[2] / "evals" / "corpora" / "harbourton" / "articles"


@pytest.mark.integration
def test_a_state_s_ends_are_found_among_many_dated_sentences_about_its_subject() -> None:
    """The articles date a dozen things about the Harbour Link ferry; the consultation's
    opening ranks below twenty of them and is found by looking deeper for a sentence
    that says "open"."""
    encoder = OnnxMiniLM(*default_model_paths())
    articles = {p.name: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}
    q = "How many days was the Harbour Link consultation open for, from opening to closing?"
    reply = answer_time(classify(q), q, news_of(articles), encoder.embed)
    assert reply is not None and reply[0][0].text.startswith("39 days:")
    assert [c.quote for c in reply[1]] == ["A public consultation will open on February 3.",
                                           "The consultation closes on March 14."]
