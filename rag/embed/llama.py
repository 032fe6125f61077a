"""Any `Encoder` as a llama-index `BaseEmbedding`: what ingestion and llama-index
code (`VectorStoreIndex`, its retrievers) use. Kept apart from `rag.embed` so
answering a question doesn't pay for importing llama-index."""

from __future__ import annotations

from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from rag.embed.base import Encoder

# llama-index hands us up to this many texts at once; the encoder sorts them by
# length and re-batches them itself.
OUTER_BATCH = 2048


class EncoderEmbedding(BaseEmbedding):
    """A llama-index embedding backed by one of our encoders (same loaded model)."""

    dim: int = 384
    _encoder: Any = PrivateAttr()

    @classmethod
    def wrap(cls, encoder: Encoder, **kwargs: Any) -> EncoderEmbedding:
        kwargs.setdefault("embed_batch_size", OUTER_BATCH)
        embedding = cls(model_name=encoder.model_name, **kwargs)
        embedding.dim = encoder.dim
        embedding._encoder = encoder
        return embedding

    @classmethod
    def class_name(cls) -> str:
        return "EncoderEmbedding"

    @property
    def encoder(self) -> Encoder:
        return self._encoder

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.encoder.embed(texts)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.encoder.embed([query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.encoder.embed([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.encoder.embed(texts).tolist()
