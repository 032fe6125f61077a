"""The real thing: ONNX MiniLM + embedded Chroma over the seed articles."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from rag.core.engine import Engine
from rag.errors import IndexEmptyError, QuestionError
from tests.support.common import SEEDS

pytestmark = pytest.mark.integration


def test_real_embeddings_are_normalised_and_meaningful(onnx_engine: Engine) -> None:
    vecs = onnx_engine.encoder.embed([
        "Putin met Xi Jinping", "The Russian and Chinese leaders met", "A recipe for lemon cake"])
    assert vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2
    # Batching and length sorting do not change results.
    single = onnx_engine.encoder.embed(["A recipe for lemon cake"])
    assert np.allclose(single[0], vecs[2], atol=1e-5)


@pytest.mark.parametrize(
    ("question", "source", "fact"),
    [
        ("How many Russian athletes will compete at the Beijing Games?",
         "001_6d39dde49842dcc4.txt", "212"),
        ("Which city will host the Games of the Future?", "003_808489e77434faa3.txt", "Kazan"),
        ("Who is Wang Wenbin?", "004_8a2d9f9cd888087d.txt", "spokesman"),
        ("How long did the conversation between Putin and Xi last?",
         "000_039771c1ec2c0d1b.txt", "90 minutes"),
    ],
)
def test_ask_cites_the_right_passage(
    onnx_engine: Engine, question: str, source: str, fact: str
) -> None:
    answer = onnx_engine.ask(question)
    assert answer.supported, answer.text
    assert "[1]" in answer.text
    assert source in [c.source for c in answer.citations[:3]]
    assert fact in answer.text
    for c in answer.citations:
        # The snippet is the exact passage of the cleaned article, at its offsets.
        text = onnx_engine.article_text(c.source)
        assert text is not None and text[c.start:c.end] == c.snippet
        assert c.quote and c.snippet[c.quote_start:c.quote_end] == c.quote
        assert c.quote in answer.text


def test_every_answer_sentence_is_quoted_from_an_article(onnx_engine: Engine) -> None:
    answer = onnx_engine.ask("What did Putin say about the politicisation of sport?")
    assert answer.supported
    for sentence in answer.sentences:
        cited = [answer.citation(n) for n in sentence.citations]
        assert cited and all(c is not None and sentence.text in c.snippet for c in cited)


@pytest.mark.parametrize(
    "question",
    [
        "Who won the men's downhill skiing gold at the Beijing Olympics?",
        "What was the final score of the ice hockey final?",
        "What is the population of Brazil?",
    ],
)
def test_unanswerable_questions_are_declined(onnx_engine: Engine, question: str) -> None:
    answer = onnx_engine.ask(question)
    assert not answer.supported
    assert answer.text.startswith("The articles don't say")
    assert answer.citations == []
    assert answer.passages, "closest passages are still returned for the UI"


def test_bad_questions_are_clear_errors(onnx_engine: Engine) -> None:
    for bad in ["", "   \n\t", "x" * 5000]:
        with pytest.raises(QuestionError):
            onnx_engine.ask(bad)


def test_empty_index_says_how_to_build_it(
    tmp_path: Path, engine_factory: Callable[..., Engine]
) -> None:
    seeds = tmp_path / "empty-seeds"
    seeds.mkdir()
    with pytest.raises(IndexEmptyError, match="rag index"):
        engine_factory(seeds, embed="onnx").ask("Anything?")


def test_changed_and_deleted_files_with_real_model(
    tmp_path: Path, engine_factory: Callable[..., Engine]
) -> None:
    seeds = tmp_path / "s"
    shutil.copytree(SEEDS, seeds)
    engine = engine_factory(seeds, embed="onnx")
    engine.index()
    (seeds / "003_808489e77434faa3.txt").unlink()
    (seeds / "001_6d39dde49842dcc4.txt").write_text(
        "Curling team wins\n\nThe Swedish curling team won the gold medal in Beijing "
        "after a tense final against Britain.\n")
    report = engine.index()
    assert report.removed == ["003_808489e77434faa3.txt"]
    assert report.updated == ["001_6d39dde49842dcc4.txt"]
    answer = engine.ask("Which team won the curling gold medal?")
    assert answer.supported and answer.citations[0].source == "001_6d39dde49842dcc4.txt"
    assert "Swedish" in answer.text
    kazan = engine.ask("Which city will host the Games of the Future?")
    assert all(c.source != "003_808489e77434faa3.txt" for c in kazan.citations + kazan.passages)
    assert engine.index().changed is False
