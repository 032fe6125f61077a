"""One indexed article as the Articles page shows it: its passages, in order, as the
store holds them (what retrieval can find and cite)."""

from __future__ import annotations

from typing import Any

from rag.ingest.chunking import chunk_id


def article_passages(store: Any, source: str, count: int) -> list[Any]:
    """The article's stored passages (`StoredChunk`s), in text order."""
    ids = [chunk_id(source, n) for n in range(count + 1)]  # numbering starts at 0 or 1
    found = store.get(ids)
    return sorted((chunk for chunk, _ in found.values()), key=lambda c: (c.start, c.id))
