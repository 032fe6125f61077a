"""Ask questions about a folder of news articles; every answer cites its passages.

    from rag import ask
    answer = ask("What did Putin say about the boycott?")
    print(answer.text, answer.citations[0].source)

Importing this package loads nothing heavy: the engine is built on the first `ask`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from rag.schema import Answer, AnswerSentence, Citation

if TYPE_CHECKING:
    from rag.core.engine import Engine
    from rag.embed.base import Encoder
    from rag.settings import Settings

__all__ = ["Answer", "AnswerSentence", "Citation", "ask", "ask_stream", "get_engine"]

MAX_ENGINES = 8  # distinct settings kept (the chat uses one; an eval adds one per corpus)
_engines: OrderedDict[str, Engine] = OrderedDict()
_encoders: dict[str, Encoder] = {}
_engine_lock = threading.Lock()


def _shared_encoder(settings: Settings) -> Encoder | None:
    """The local ONNX encoder, loaded once per process and shared by every engine
    with the same model files (an eval's per-corpus engines reuse the chat's)."""
    if settings.embed != "onnx":
        return None
    key = settings.model_dump_json(include={"embed_model_path", "embed_tokenizer_path",
                                            "embed_batch_size", "embed_threads"})
    if key not in _encoders:
        from rag.embed import build_encoder

        _encoders[key] = build_encoder(settings)
    return _encoders[key]


def get_engine(settings: Settings | None = None) -> Engine:
    """The process-wide engine for these settings (default: from the environment),
    built on first use and kept: the model, index and caches load once. The CLI, the
    chat UI and the evals all get their engine here."""
    from rag.settings import load_settings

    settings = settings or load_settings()
    key = settings.model_dump_json()
    with _engine_lock:
        if key not in _engines:
            from rag.core.engine import Engine

            _engines[key] = Engine(settings, encoder=_shared_encoder(settings))
            while len(_engines) > MAX_ENGINES:
                _engines.popitem(last=False)  # the least recently used
        _engines.move_to_end(key)
        return _engines[key]


def ask(
    question: str, history: list[Any] | None = None, *, top_k: int | None = None,
    settings: Settings | None = None,
) -> Answer:
    """Answer a question about the indexed articles, with citations. `history` is the
    conversation so far (`rag.core.condense.history_from_answers`) for follow-ups.
    The last event of `ask_stream`, so both give the same answer."""
    return get_engine(settings).ask(question, history, top_k)


def ask_stream(
    question: str, history: list[Any] | None = None, *, top_k: int | None = None,
    settings: Settings | None = None,
    on_evidence: Callable[[list[Citation]], None] | None = None,
) -> Iterator[str | Answer]:
    """Like `ask`, but yields the answer text as it is written; the last item is the
    `Answer` that `ask` returns. `on_evidence` gets the retrieved passages first,
    before any answering starts (the chat shows them while the model writes)."""
    return get_engine(settings).ask_stream(question, history, top_k, on_evidence)
