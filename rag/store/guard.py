"""How a store failure reaches the user: every Chroma call ends in a result or in a
`StoreError` that names the index and how to repair it."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from rag.errors import RagError, StoreError
from rag.settings import Settings

REBUILD_HINT = (
    "rebuild it with `rag index --rebuild` (or delete the index folder and run `rag index`)"
)
# What Chroma keeps in an embedded index folder (what `--rebuild` sets aside).
CHROMA_FILES = re.compile(
    r"^(chroma\.sqlite3.*|bm25-.*\.npz|news-.*\.json|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})$"
)
# Never turned into a StoreError: the user or the interpreter stopping us.
PASS_THROUGH = (KeyboardInterrupt, SystemExit, GeneratorExit)
R = TypeVar("R")


class _Failing(Protocol):
    def failure(self, what: str, exc: BaseException) -> StoreError: ...


def reason(exc: BaseException) -> str:
    """The first line of an exception, short: Chroma's Rust errors run long."""
    text = (str(exc).strip().splitlines() or [""])[0]
    return (text[:200] + "…" if len(text) > 200 else text) or type(exc).__name__


def guarded(what: str) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Every store call ends in a result or a StoreError that says how to repair the
    index: chromadb raises its own errors, sqlite errors and Rust panics (pyo3's
    PanicException derives from BaseException, hence the broad catch)."""

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(fn)
        def wrapper(self: _Failing, *args: Any, **kwargs: Any) -> R:
            try:
                return fn(self, *args, **kwargs)
            except (RagError, *PASS_THROUGH):
                raise
            except BaseException as exc:
                raise self.failure(what, exc) from exc

        return wrapper

    return decorate


def store_place(settings: Settings) -> str:
    if settings.chroma_host:
        return f"the Chroma server {settings.chroma_host}:{settings.chroma_port}"
    return f"the index folder {settings.index_dir}"


def repair_hint(settings: Settings) -> str:
    if settings.chroma_host:
        return f"check that the server is running, or {REBUILD_HINT}"
    return REBUILD_HINT
