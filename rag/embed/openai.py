"""OpenAI embeddings (`RAG_EMBED=openai`), via llama-index-embeddings-openai.

The store records `model_name` (e.g. `text-embedding-3-small`) with the index, so an
index built by MiniLM is refused rather than silently mixed. API failures become
`EmbeddingModelError` with the same clear messages as the LLM's.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rag.embed.base import Encoder
from rag.errors import EmbeddingModelError
from rag.settings import Settings

# Known output sizes, so opening an index needs no API call.
KNOWN_DIMS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}


def build_openai_embedding(settings: Settings) -> Encoder:
    """OpenAI embeddings: a llama-index `BaseEmbedding` that is also an `Encoder`."""
    key = settings.openai_api_key or settings.llm_api_key
    if not key:
        raise EmbeddingModelError("RAG_EMBED=openai needs an API key: set OPENAI_API_KEY")
    from llama_index.embeddings.openai import OpenAIEmbedding

    class OpenAIEmbedder(OpenAIEmbedding):
        """OpenAIEmbedding plus the project's `.embed()` and `dim`, and clear errors."""

        dim: int = 0

        def embed(self, texts: list[str]) -> np.ndarray:
            return np.asarray(self._get_text_embeddings(texts), dtype=np.float32)

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return _mapped(settings, lambda: OpenAIEmbedding._get_text_embeddings(self, texts))

        def _get_text_embedding(self, text: str) -> list[float]:
            return _mapped(settings, lambda: OpenAIEmbedding._get_text_embedding(self, text))

        def _get_query_embedding(self, query: str) -> list[float]:
            return _mapped(settings, lambda: OpenAIEmbedding._get_query_embedding(self, query))

    base = settings.llm_base_url if settings.effective_llm == "openai_like" else None
    embedder = OpenAIEmbedder(  # type: ignore[call-arg]  # kwargs pass on to OpenAIEmbedding
        model=settings.openai_embed_model,
        api_key=key,
        api_base=base,
        timeout=settings.llm_timeout,
        max_retries=max(1, settings.llm_max_retries),
        dim=KNOWN_DIMS.get(settings.openai_embed_model, 0),
        embed_batch_size=min(settings.embed_batch_size, 2048),
    )
    if not embedder.dim:  # an unlisted model: ask it once
        embedder.dim = len(embedder._get_text_embedding("dimension probe"))
    return embedder


def _mapped(settings: Settings, call: Any) -> Any:
    from rag.llm.providers import llm_error, llm_failures

    try:
        return call()
    except llm_failures() as exc:
        message = str(llm_error(exc, settings)).replace("language-model server", "embedding server")
        raise EmbeddingModelError(f"OpenAI embeddings: {message}") from exc
