"""Domain exceptions. The CLI and UI turn each into one clear message."""

from __future__ import annotations

from pathlib import Path


class RagError(Exception):
    """Base of every error this package raises on purpose."""


class ArticleError(RagError):
    """An article file that can't be used; names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


class SeedsError(RagError):
    """The articles folder is missing or holds nothing usable."""


class EmbeddingModelError(RagError):
    """The embedding model files are missing or fail their checksum."""


class IndexMismatchError(RagError):
    """The index was built by another embedding model or dimension."""


class IndexEmptyError(RagError):
    """There is no index yet, or it holds no passages."""


class IndexBusyError(RagError):
    """Another `rag index` holds the index lock."""


class QuestionError(RagError):
    """The question can't be asked as given (empty, too long, ...)."""


class LLMError(RagError):
    """The configured language model failed: down, bad key, timeout, rate limit."""


class StoreError(RagError):
    """The vector store can't be reached or refused a request."""


class ModelFileError(RagError):
    """The local model file is missing, damaged, or couldn't be installed."""


class SettingsError(RagError):
    """A setting (a `RAG_*` variable) has a value that can't be used."""
