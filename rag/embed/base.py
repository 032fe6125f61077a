"""The one-method protocol the engine needs from an embedding model."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Encoder(Protocol):
    """What the engine needs from an embedding model."""

    model_name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text, in input order."""
        ...
