"""Embedding providers behind the one-method `Encoder` protocol (`base`), chosen by one
`match` in `build_encoder`: `onnx` (local MiniLM), `hash` (a fake for tests), `openai`.
`as_llama_index` wraps any encoder as a llama-index `BaseEmbedding` for ingestion, on
demand: answering a question never imports llama-index (over a second of start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.embed.base import Encoder
from rag.embed.fake import HashEncoder
from rag.embed.onnx import OnnxMiniLM, default_model_paths, sha256_file
from rag.errors import EmbeddingModelError
from rag.settings import Settings

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

__all__ = ["Encoder", "HashEncoder", "OnnxMiniLM", "as_llama_index", "build_embedding",
           "build_encoder", "default_model_paths", "sha256_file"]


def build_encoder(settings: Settings) -> Encoder:
    """The one place a provider is chosen."""
    match settings.embed:
        case "onnx":
            return OnnxMiniLM.from_settings(settings)
        case "hash":
            return HashEncoder()
        case "openai":
            from rag.embed.openai import build_openai_embedding

            return build_openai_embedding(settings)
    raise EmbeddingModelError(f"unknown embedding provider: {settings.embed!r}")


def build_embedding(settings: Settings) -> BaseEmbedding:
    """The configured provider as a llama-index embedding."""
    return as_llama_index(build_encoder(settings))


def as_llama_index(encoder: Encoder) -> BaseEmbedding:
    """Wrap an encoder as a llama-index `BaseEmbedding` (sharing its loaded model)."""
    from llama_index.core.base.embeddings.base import BaseEmbedding

    from rag.embed.llama import EncoderEmbedding

    if isinstance(encoder, BaseEmbedding):
        return encoder
    return EncoderEmbedding.wrap(encoder)
