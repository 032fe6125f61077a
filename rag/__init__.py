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

from rag.answer.model import Answer, AnswerSentence, Citation

if TYPE_CHECKING:
    from rag.engine import Engine

__all__ = ["Answer", "AnswerSentence", "Citation", "ask", "ask_stream", "get_engine"]

_engine: Engine | None = None
_engine_lock = threading.Lock()


def get_engine() -> Engine:
    """The process-wide engine, built from settings on first use."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rag.engine import Engine

            _engine = Engine.from_settings()
        return _engine


def ask(question: str, history: list[Any] | None = None) -> Answer:
    """Answer a question about the indexed articles, with citations."""
    return get_engine().ask(question, history)


def ask_stream(question: str, history: list[Any] | None = None) -> Iterator[str | Answer]:
    """Like `ask`, but yields the answer text as it is written, then the `Answer`."""
    return get_engine().ask_stream(question, history)
