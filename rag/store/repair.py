"""Starting an index afresh (`rag index --rebuild`), even when it is too damaged to
open: files are moved aside, never opened, and deleted once the new index exists."""

from __future__ import annotations

import contextlib
import shutil
import time
from pathlib import Path

from rag.settings import Settings
from rag.store.chroma import make_client
from rag.store.guard import CHROMA_FILES


def drop_collections(settings: Settings) -> None:
    """Remove the collections whatever model built them (a Chroma server's `--rebuild`)."""
    client = make_client(settings)
    for name in (settings.collection, f"{settings.collection}-files"):
        with contextlib.suppress(Exception):  # not there
            client.delete_collection(name)


def set_aside(settings: Settings) -> Path | None:
    """`rag index --rebuild`, under the index lock: move an embedded index's files into
    a side folder without opening them (a damaged one may not open at all), so the
    rebuild starts afresh; a server's collections are dropped. Returns the side folder,
    to delete once the new index is built (`discard_aside`)."""
    if settings.chroma_host:
        drop_collections(settings)
        return None
    index_dir = settings.index_dir
    if not index_dir.is_dir():
        return None
    aside = index_dir / f".rag-old-{time.strftime('%Y%m%d-%H%M%S')}"
    for path in sorted(index_dir.iterdir()):
        if CHROMA_FILES.match(path.name):
            aside.mkdir(exist_ok=True)
            path.replace(aside / path.name)
    # Chroma caches one client per path for the process: drop it with the files.
    with contextlib.suppress(Exception):
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    return aside if aside.exists() else None


def discard_aside(aside: Path | None) -> None:
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
