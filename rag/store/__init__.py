"""The Chroma store (`chroma`), how its failures are reported (`guard`) and how a
damaged one is rebuilt (`repair`)."""

from rag.store.chroma import (
    ArticleWrite,
    FileRecord,
    Store,
    StoredChunk,
    make_client,
)
from rag.store.guard import REBUILD_HINT
from rag.store.repair import discard_aside, drop_collections, set_aside

__all__ = [
    "REBUILD_HINT", "ArticleWrite", "FileRecord", "Store", "StoredChunk", "discard_aside",
    "drop_collections", "make_client", "set_aside",
]
