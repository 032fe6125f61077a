"""Incremental indexing: embed only new or changed articles (by content hash),
drop removed ones, skip bad files with a reason, and never lose what is indexed."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from rag.articles import Article, article_paths, load_article
from rag.chunking import Chunk, chunk_article
from rag.errors import ArticleError, IndexBusyError, SeedsError
from rag.settings import Settings
from rag.store import Store

Progress = Callable[[int, int, str], None]
LOCK_NAME = ".rag-index.lock"


@dataclass
class IndexReport:
    """What one `rag index` run did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    chunks_embedded: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        if not self.changed:
            head = f"Index up to date: {len(self.unchanged)} articles unchanged, nothing embedded."
        else:
            head = (
                f"Indexed {len(self.added)} new, {len(self.updated)} changed, "
                f"removed {len(self.removed)}, {len(self.unchanged)} unchanged; "
                f"embedded {self.chunks_embedded} passages in {self.seconds:.1f} s."
            )
        lines = [head] + [f"skipped {name}: {why}" for name, why in self.skipped]
        return "\n".join(lines)


@contextmanager
def index_lock(index_dir: Path, wait_s: float = 0.0) -> Iterator[None]:
    """One writer at a time: a second `rag index` waits up to wait_s, then says so."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_NAME, "w") as fh:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusyError(
                        f"another `rag index` is running on {index_dir}; try again when it ends"
                    ) from None
                time.sleep(0.2)
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_folder(folder: Path) -> tuple[list[Article], list[tuple[str, str]]]:
    """Load every article file; bad ones come back as (name, reason), not exceptions."""
    articles: list[Article] = []
    skipped: list[tuple[str, str]] = []
    root = folder.resolve()
    for path in article_paths(folder):
        if path.is_symlink() and root not in path.resolve().parents:
            skipped.append((path.name, "symlink pointing outside the articles folder"))
            continue
        try:
            articles.append(load_article(path))
        except ArticleError as exc:
            skipped.append((path.name, exc.reason))
    return articles, skipped


def index_folder(
    settings: Settings,
    embedder: BaseEmbedding,
    store: Store,
    folder: Path | None = None,
    progress: Progress | None = None,
    lock_wait_s: float = 0.0,
) -> IndexReport:
    """Bring the store in line with the folder, embedding as little as possible."""
    folder = folder or settings.seeds_dir
    started = time.perf_counter()
    with index_lock(settings.index_dir, lock_wait_s):
        articles, skipped = read_folder(folder)
        if not articles and not skipped:
            raise SeedsError(f"no article files (*.txt, *.md) in {folder}")
        report = IndexReport(skipped=skipped)
        manifest = store.manifest()
        present = {a.source for a in articles} | {name for name, _ in skipped}
        todo: list[tuple[Article, list[Chunk], int]] = []
        for article in articles:
            old = manifest.get(article.source)
            if old and old.sha256 == article.sha256:
                report.unchanged.append(article.source)
                continue
            (report.updated if old else report.added).append(article.source)
            chunks = chunk_article(article, settings.chunk_words, settings.chunk_overlap_sentences)
            todo.append((article, chunks, old.chunks if old else 0))
        total = sum(len(c) for _, c, _ in todo)
        done = 0
        if progress:
            progress(0, total, f"{len(todo)} articles to embed")
        for group in _groups(todo, max_chunks=512):
            texts = [c.text for _, chunks, _ in group for c in chunks]
            vectors = np.asarray(embedder.get_text_embedding_batch(texts), dtype=np.float32)
            offset = 0
            for article, chunks, old_count in group:
                store.write_article(
                    chunks, vectors[offset:offset + len(chunks)], article.text, old_count
                )
                offset += len(chunks)
            done += len(texts)
            if progress:
                progress(done, total, f"embedded {done}/{total} passages")
        for source in sorted(set(manifest) - present):
            store.delete_article(source)
            report.removed.append(source)
        report.chunks_embedded = total
        report.seconds = time.perf_counter() - started
        return report


def _groups(
    todo: list[tuple[Article, list[Chunk], int]], max_chunks: int
) -> Iterator[list[tuple[Article, list[Chunk], int]]]:
    """Whole articles per group, so each write leaves every article consistent."""
    group: list[tuple[Article, list[Chunk], int]] = []
    size = 0
    for item in todo:
        if group and size + len(item[1]) > max_chunks:
            yield group
            group, size = [], 0
        group.append(item)
        size += len(item[1])
    if group:
        yield group
