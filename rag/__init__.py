"""Ask questions about a folder of news articles; every answer cites its passages.

    from rag import ask
    answer = ask("What did Putin say about the boycott?")
    print(answer.text, answer.citations[0].source)

Importing this package loads nothing heavy: the engine is built on the first `ask`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rag.schema import Answer, AnswerSentence, Citation

if TYPE_CHECKING:
    from rag.core.engine import Engine
    from rag.settings import Settings

__all__ = ["Answer", "AnswerSentence", "Citation", "ask", "ask_stream", "get_engine"]

_engines: dict[str, Engine] = {}
_engine_lock = threading.Lock()


def get_engine(settings: Settings | None = None) -> Engine:
    """The process-wide engine for these settings (default: from the environment),
    built on first use and kept: the model, index and caches load once."""
    from rag.settings import load_settings

    settings = settings or load_settings()
    key = settings.model_dump_json()
    with _engine_lock:
        if key not in _engines:
            from rag.core.engine import Engine

            _engines[key] = Engine(settings)
        return _engines[key]


def ask(
    question: str, history: list[Any] | None = None, *, top_k: int | None = None,
    settings: Settings | None = None,
) -> Answer:
    """Answer a question about the indexed articles, with citations. `history` is the
    conversation so far (earlier `Answer`s or their questions) for follow-ups."""
    return get_engine(settings).ask(question, history, top_k)


def ask_stream(
    question: str, history: list[Any] | None = None, *, top_k: int | None = None,
    settings: Settings | None = None,
) -> Iterator[str | Answer]:
    """Like `ask`, but yields the answer text as it is written; the last item is the
    `Answer` that `ask` returns."""
    return get_engine(settings).ask_stream(question, history, top_k)
