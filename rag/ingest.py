"""Incremental indexing: embed only new or changed articles (by content hash),
drop removed ones, skip bad files with a reason, and never lose what is indexed.

Vectors are staged on disk group by group and reach the store only once all of them
exist: a run killed while embedding leaves the index exactly as it was, and the next
run reuses the staged groups."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.articles import CLEANER_VERSION, Article, article_paths, load_article
from rag.chunking import CHUNKER_VERSION, Chunk, chunk_article
from rag.errors import ArticleError, IndexBusyError, SeedsError
from rag.settings import Settings
from rag.store import ArticleWrite, Store

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

Progress = Callable[[int, int, str], None]
LOCK_NAME = ".rag-index.lock"
STAGING_NAME = ".rag-staging"


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
    # "a+", not "w": opening must not wipe the running holder's pid from the file.
    with open(index_dir / LOCK_NAME, "a+") as fh:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    holder = fh.read().strip() or "?"
                    raise IndexBusyError(
                        f"another `rag index` (pid {holder}) is running on {index_dir}; "
                        "try again when it ends, or pass --wait SECONDS"
                    ) from None
                time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
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
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # dangling link or a link loop
                skipped.append((path.name, "broken symlink"))
                continue
            if root not in target.parents:
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
            raise SeedsError(f"no article files (*.txt, *.md, *.html) in {folder}")
        report = IndexReport(skipped=skipped)
        manifest = store.manifest()
        present = {a.source for a in articles} | {name for name, _ in skipped}
        current = recipe(settings)
        todo: list[tuple[Article, list[Chunk], int]] = []
        for article in articles:
            old = manifest.get(article.source)
            if old and old.sha256 == article.sha256 and old.recipe == current:
                report.unchanged.append(article.source)
                continue
            (report.updated if old else report.added).append(article.source)
            chunks = chunk_article(article, settings.chunk_words, settings.chunk_overlap_sentences)
            todo.append((article, chunks, old.chunks if old else 0))
        total = sum(len(c) for _, c, _ in todo)
        if progress:
            progress(0, total, f"{len(todo)} articles to embed")
        vectors = _embed_staged(settings, embedder, todo, total, progress)
        # Commit: nothing reaches the store until every vector exists, so a run
        # killed while embedding leaves the previous index exactly as it was.
        if progress and todo:
            progress(total, total, f"writing {len(todo)} articles to the index")
        store.write_articles([
            ArticleWrite(chunks, vectors[article.source], article.text, old_count, current)
            for article, chunks, old_count in todo
        ])
        for source in sorted(set(manifest) - present):
            store.delete_article(source)
            report.removed.append(source)
        shutil.rmtree(settings.index_dir / STAGING_NAME, ignore_errors=True)
        report.chunks_embedded = total
        report.seconds = time.perf_counter() - started
        return report


def recipe(settings: Settings) -> str:
    """How articles are turned into passages: the cleaner's and chunker's versions and
    the chunk settings. An article indexed by another recipe is indexed again."""
    return (f"clean{CLEANER_VERSION}-chunk{CHUNKER_VERSION}-{settings.chunk_words}w-"
            f"{settings.chunk_overlap_sentences}o")


def _stage_key(settings: Settings, model_id: str, article: Article) -> str:
    """Same model, recipe and content give the same vectors."""
    raw = f"{model_id}|{recipe(settings)}|{article.sha256}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _load_staged(stage_dir: Path) -> dict[str, np.ndarray]:
    """Vectors a killed run already embedded (unreadable leftovers are ignored)."""
    staged: dict[str, np.ndarray] = {}
    for path in sorted(stage_dir.glob("[!.]*.npz")) if stage_dir.is_dir() else []:
        try:
            with np.load(path) as data:
                keys, counts, vecs = list(data["keys"]), data["counts"], data["vectors"]
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
            continue
        offsets = np.concatenate([[0], np.cumsum(counts)])
        for i, key in enumerate(keys):
            staged[str(key)] = vecs[offsets[i]:offsets[i + 1]]
    return staged


def _embed_staged(
    settings: Settings,
    embedder: BaseEmbedding,
    todo: list[tuple[Article, list[Chunk], int]],
    total: int,
    progress: Progress | None,
) -> dict[str, np.ndarray]:
    """Embed every pending passage, group by group, saving each group's vectors in
    a staging folder first: a killed run loses nothing, the next one reuses them."""
    stage_dir = settings.index_dir / STAGING_NAME
    staged = _load_staged(stage_dir)
    out: dict[str, np.ndarray] = {}
    pending = []
    for item in todo:
        vecs = staged.get(_stage_key(settings, embedder.model_name, item[0]))
        if vecs is not None and len(vecs) == len(item[1]):
            out[item[0].source] = vecs
        else:
            pending.append(item)
    done = sum(len(out[a.source]) for a, _, _ in todo if a.source in out)
    if progress and done:
        progress(done, total, f"reused {done} passages embedded by an interrupted run")
    for group in _groups(pending, max_chunks=settings.index_group_passages):
        texts = [c.text for _, chunks, _ in group for c in chunks]
        vectors = np.asarray(embedder.get_text_embedding_batch(texts), dtype=np.float32)
        counts = [len(chunks) for _, chunks, _ in group]
        keys = [_stage_key(settings, embedder.model_name, a) for a, _, _ in group]
        stage_dir.mkdir(parents=True, exist_ok=True)
        tmp = stage_dir / f".{keys[0]}.tmp.npz"
        np.savez(tmp, keys=np.array(keys), counts=np.array(counts), vectors=vectors)
        tmp.replace(stage_dir / f"{keys[0]}.npz")
        offset = 0
        for (article, _, _), count in zip(group, counts, strict=True):
            out[article.source] = vectors[offset:offset + count]
            offset += count
        done += len(texts)
        if progress:
            progress(done, total, f"embedded {done}/{total} passages")
    return out


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
