"""A deterministic hash-seeded encoder: a fake for fast tests (`RAG_EMBED=hash`)."""

from __future__ import annotations

import hashlib

import numpy as np

from rag.text import words


class HashEncoder:
    """Deterministic fake: each word maps to a hash-seeded random vector and a text is
    the normalised sum, so texts sharing words are close. Never a constant vector."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.model_name = f"hash-{dim}"

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._one(t) for t in texts])

    def _one(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float64)
        for word in words(text) or [text]:
            seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
            vec += np.random.default_rng(seed).standard_normal(self.dim)
        norm = np.linalg.norm(vec)
        return (vec / norm if norm else vec).astype(np.float32)
