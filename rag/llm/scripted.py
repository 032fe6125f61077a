"""A scripted language model for fast tests: a real llama-index `LLM` that replays
canned replies and records the prompts it got. Chosen by `RAG_LLM=scripted`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
    MessageRole,
)
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.custom import CustomLLM
from pydantic import Field, PrivateAttr

from rag.errors import LLMError
from rag.settings import Settings

SCRIPTED_MODEL = "scripted"


class ScriptedLLM(CustomLLM):
    """A real llama-index LLM that replays canned replies in order (the last one repeats)
    and records every message list it received, so tests can assert on the exact prompt.
    A reply that is an exception instance is raised instead (to script failures)."""

    replies: list[Any] = Field(default_factory=list)
    chunk_chars: int = 7  # streaming splits each reply into pieces this long
    _received: list[list[ChatMessage]] = PrivateAttr(default_factory=list)
    _next: int = PrivateAttr(default=0)

    def __init__(self, replies: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(replies=list(replies), **kwargs)

    @classmethod
    def from_settings(cls, settings: Settings) -> ScriptedLLM:
        if settings.llm_script is None:
            return cls([])
        return cls(load_script(settings.llm_script))

    @classmethod
    def class_name(cls) -> str:
        return "ScriptedLLM"

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(model_name=SCRIPTED_MODEL, is_chat_model=True, context_window=8192)

    @property
    def received(self) -> list[list[ChatMessage]]:
        """Every message list this LLM was called with, oldest first."""
        return self._received

    def _reply(self, messages: Sequence[ChatMessage]) -> str:
        self._received.append(list(messages))
        if not self.replies:
            raise LLMError("the scripted language model has no replies (set RAG_LLM_SCRIPT)")
        reply = self.replies[min(self._next, len(self.replies) - 1)]
        self._next += 1
        if isinstance(reply, BaseException):
            raise reply
        return str(reply)

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        text = self._reply(messages)
        return ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=text))

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        text = self._reply(messages)

        def gen() -> ChatResponseGen:
            so_far = ""
            for piece in _pieces(text, self.chunk_chars):
                so_far += piece
                yield ChatResponse(
                    message=ChatMessage(role=MessageRole.ASSISTANT, content=so_far), delta=piece
                )

        return gen()

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._reply([ChatMessage(content=prompt)]))

    @llm_completion_callback()
    def stream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseGen:
        text = self._reply([ChatMessage(content=prompt)])

        def gen() -> CompletionResponseGen:
            so_far = ""
            for piece in _pieces(text, self.chunk_chars):
                so_far += piece
                yield CompletionResponse(text=so_far, delta=piece)

        return gen()


def _pieces(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), max(1, size))]


def load_script(path: Path) -> list[str]:
    """A script is a JSON list of reply strings."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LLMError(f"can't read the LLM script {path}: {exc}") from exc
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        raise LLMError(f"the LLM script {path} must be a JSON list of strings")
    return list(data)
