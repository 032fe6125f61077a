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
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.errors import ArticleError, IndexBusyError, SeedsError, StoreError
from rag.ingest.articles import CLEANER_VERSION, Article, article_paths, load_article
from rag.ingest.chunking import CHUNKER_VERSION, Chunk, chunk_article
from rag.settings import Settings
from rag.store import REBUILD_HINT, ArticleWrite, Store

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
    stale: list[str] = field(default_factory=list)  # skipped, but an older version is indexed
    chunks_embedded: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        if not self.changed and self.stale:
            head = (f"Index not up to date: {len(self.stale)} indexed article(s) could not be "
                    "read again and keep their last indexed version (marked stale in "
                    f"`rag articles`); {len(self.unchanged)} unchanged.")
        elif not self.changed:
            head = f"Index up to date: {len(self.unchanged)} articles unchanged, nothing embedded."
        else:
            head = (
                f"Indexed {len(self.added)} new, {len(self.updated)} changed, "
                f"removed {len(self.removed)}, {len(self.unchanged)} unchanged; "
                f"embedded {self.chunks_embedded} passages in {self.seconds:.1f} s."
            )
        lines = [head] + [f"skipped {name}: {why}" for name, why in self.skipped]
        return "\n".join(lines)


_held = threading.local()  # index folders this thread holds the lock on


@contextmanager
def index_lock(index_dir: Path, wait_s: float = 0.0) -> Iterator[None]:
    """One writer at a time: a second `rag index` waits up to wait_s, then says so.

    The lock is taken on the index folder itself, so deleting the lock file (which only
    records the holder's pid) can't let two runs in. Re-entrant within a thread:
    `--rebuild` holds it while it sets the old index aside and indexes afresh."""
    index_dir.mkdir(parents=True, exist_ok=True)
    key = str(index_dir.resolve())
    held: set[str] = getattr(_held, "dirs", set())
    if key in held:
        yield
        return
    fd = os.open(index_dir, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusyError(
                        f"another `rag index` (pid {_holder(index_dir)}) is running on "
                        f"{index_dir}; try again when it ends, or pass --wait SECONDS"
                    ) from None
                time.sleep(0.2)
        (index_dir / LOCK_NAME).write_text(str(os.getpid()))
        _held.dirs = held | {key}
        try:
            yield
        finally:
            _held.dirs = held
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(index_dir: Path) -> str:
    try:
        return (index_dir / LOCK_NAME).read_text().strip() or "?"
    except OSError:
        return "?"


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
            if target.is_dir():
                skipped.append((path.name, "symlink to a folder, not to an article file"))
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
        for name, why in skipped:
            if name in manifest and manifest[name].stale != why:
                store.mark_stale(name, why)
        report.stale = sorted(name for name, _ in skipped if name in manifest)
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
        # Reconcile with the folder, not only the manifest: passages whose file is gone
        # (a lost manifest, a kill between passages and manifest) must not survive it.
        for source, ids in sorted(store.orphans(sorted(present)).items()):
            store.delete_ids(ids)
            if source not in report.removed:
                report.removed.append(source)
        shutil.rmtree(settings.index_dir / STAGING_NAME, ignore_errors=True)
        problem = store.problem()
        if problem:
            raise StoreError(f"{store.place} is damaged: {problem}; {REBUILD_HINT}")
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


Slice = tuple[Article, list[Chunk], int]  # an article, some of its chunks, the first's index


def _slices(todo: list[tuple[Article, list[Chunk], int]], size: int) -> list[Slice]:
    """Articles cut into runs of at most `size` passages: a single huge article is
    staged (and reported) piece by piece, so a kill loses one piece at most."""
    return [(a, chunks[i:i + size], i) for a, chunks, _ in todo
            for i in range(0, max(len(chunks), 1), size)]


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
    size = settings.index_group_passages
    model = embedder.model_name
    done_slices: dict[str, np.ndarray] = {}
    pending: list[Slice] = []
    for piece in _slices(todo, size):
        key = _slice_key(settings, model, piece)
        vecs = staged.get(key)
        if vecs is not None and len(vecs) == len(piece[1]):
            done_slices[key] = vecs
        else:
            pending.append(piece)
    done = sum(len(v) for v in done_slices.values())
    if progress and done:
        progress(done, total, f"reused {done} passages embedded by an interrupted run")
    for group in _groups(pending, max_chunks=size):
        texts = [c.text for _, chunks, _ in group for c in chunks]
        vectors = np.asarray(embedder.get_text_embedding_batch(texts), dtype=np.float32)
        counts = [len(chunks) for _, chunks, _ in group]
        keys = [_slice_key(settings, model, piece) for piece in group]
        stage_dir.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256("|".join(keys).encode()).hexdigest()
        tmp = stage_dir / f".{name}.tmp.npz"
        np.savez(tmp, keys=np.array(keys), counts=np.array(counts), vectors=vectors)
        tmp.replace(stage_dir / f"{name}.npz")
        offset = 0
        for key, count in zip(keys, counts, strict=True):
            done_slices[key] = vectors[offset:offset + count]
            offset += count
        done += len(texts)
        if progress:
            progress(done, total, f"embedded {done}/{total} passages")
    out: dict[str, np.ndarray] = {}
    for article, chunks, _ in todo:
        parts = [done_slices[_slice_key(settings, model, (article, [], i))]
                 for i in range(0, max(len(chunks), 1), size)]
        out[article.source] = (np.concatenate(parts) if parts
                               else np.zeros((0, 0), dtype=np.float32))
    return out


def _slice_key(settings: Settings, model_id: str, piece: Slice) -> str:
    return f"{_stage_key(settings, model_id, piece[0])}@{piece[2]}"


def _groups(pending: list[Slice], max_chunks: int) -> Iterator[list[Slice]]:
    """Whole slices per group, at most `max_chunks` passages each."""
    group: list[Slice] = []
    size = 0
    for item in pending:
        if group and size + len(item[1]) > max_chunks:
            yield group
            group, size = [], 0
        group.append(item)
        size += len(item[1])
    if group:
        yield group
