"""The public API is the one path: `rag.ask(question, history, *, top_k, settings)` and
`rag.ask_stream`, whose last item is the `Answer` that `ask` gives."""

from __future__ import annotations

import rag
from rag.core.engine import Engine
from rag.schema import Answer
from rag.settings import Settings


def test_ask_takes_settings_and_top_k_and_reuses_one_engine(
    hash_settings: Settings, hash_engine: Engine
) -> None:
    answer = rag.ask("Who won the downhill?", settings=hash_settings, top_k=2)
    assert isinstance(answer, Answer) and 0 < len(answer.passages) <= 2
    assert rag.get_engine(hash_settings) is rag.get_engine(hash_settings.model_copy())
    wider = rag.ask("Who won the downhill?", settings=hash_settings, top_k=6)
    assert len(wider.passages) > len(answer.passages)


def test_ask_stream_ends_with_the_answer_ask_gives(
    hash_settings: Settings, hash_engine: Engine
) -> None:
    question = "What did Putin say about the boycott?"
    items = list(rag.ask_stream(question, settings=hash_settings))
    assert isinstance(items[-1], Answer)
    assert all(isinstance(i, str) for i in items[:-1])
    assert items[-1].text == rag.ask(question, settings=hash_settings).text
