"""Hybrid retrieval: dense (Chroma, cosine) + BM25, fused by reciprocal rank fusion."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.embed import Encoder
from rag.news.rerank import rerank_for
from rag.retrieval.keyword import BM25, corpus_version, passage_terms
from rag.settings import Settings
from rag.store import Store, StoredChunk
from rag.text import terms


@dataclass(frozen=True)
class Passage:
    """A retrieved passage with its scores; `score` is the cosine similarity."""

    chunk: StoredChunk
    vector: np.ndarray
    score: float
    fused: float
    dense_rank: int | None
    keyword_rank: int | None


def rrf(rankings: list[list[str]], k: int = 60) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: sum of 1/(k + rank) over the rankings an id is in."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def keep_dense(fused: list[tuple[str, float]], dense_ids: list[str], k: int, keep: int
               ) -> list[tuple[str, float]]:
    """`fused`, with the dense ranking's first `keep` ids (at most half of k) moved
    into the last of the top k places when fusion left them out: a passage that only
    the meaning search finds (a paraphrase, sharing no word with the question) keeps a
    place. Nothing else in the top k changes order."""
    top = {cid for cid, _ in fused[:k]}
    missing = [cid for cid in dense_ids[:min(keep, k // 2)] if cid not in top]
    if not missing:
        return fused
    head = fused[:k - len(missing)]
    moved = {cid for cid, _ in head} | set(missing)
    scores = dict(fused)
    return head + [(cid, scores.get(cid, 0.0)) for cid in missing] + \
        [(cid, s) for cid, s in fused if cid not in moved]


# How often a long-running process (the chat) checks whether another process (`rag
# index`) changed the corpus under it, so that BM25 follows what Chroma already serves.
STALE_CHECK_S = 5.0


class Retriever:
    """Owns the keyword index; swaps it atomically when the corpus changes."""

    def __init__(self, settings: Settings, encoder: Encoder, store: Store) -> None:
        self.settings = settings
        self.encoder = encoder
        self.store = store
        self._lock = threading.Lock()
        self._refreshing = threading.Lock()
        self.keyword = self._load_keyword()
        self._checked = time.monotonic()

    @property
    def cache_path(self) -> Path:
        return self.settings.index_dir / f"bm25-{self.settings.collection}.npz"

    def _load_keyword(self) -> BM25:
        version = corpus_version(self.store.manifest(), self.store.model_id)
        cached = BM25.load(self.cache_path, version)
        if cached is not None:
            return cached
        index = BM25.build(((c.id, passage_terms(c)) for c in self.store.iter_all()), version)
        with contextlib.suppress(OSError):  # a read-only index folder works, uncached
            index.save(self.cache_path)
        return index

    def refresh(self) -> None:
        """Reload the keyword index after an indexing run."""
        fresh = self._load_keyword()
        with self._lock:
            self.keyword = fresh

    def _current_keyword(self) -> BM25:
        """The keyword index, reloaded first if the corpus changed since it was built
        (checked at most every STALE_CHECK_S; one thread reloads, the rest go on)."""
        now = time.monotonic()
        if now - self._checked >= STALE_CHECK_S and self._refreshing.acquire(blocking=False):
            try:
                self._checked = now
                version = corpus_version(self.store.manifest(), self.store.model_id)
                if version != self.keyword.version:
                    self.refresh()
            finally:
                self._refreshing.release()
        return self.keyword

    def embed_query(self, question: str) -> np.ndarray:
        return np.asarray(self.encoder.embed([question])[0], dtype=np.float32)

    def retrieve(self, question: str, k: int | None = None, keep: int | None = None
                 ) -> tuple[np.ndarray, list[Passage]]:
        """The top-k passages for a question, and the question's vector; `keep`
        overrides settings.dense_keep (see `keep_dense`)."""
        k = k or self.settings.top_k
        keep = self.settings.dense_keep if keep is None else keep
        n = max(self.settings.candidates, k)
        qvec = self.embed_query(question)
        dense = self.store.dense(qvec.tolist(), n)
        index = self._current_keyword()
        keyword = index.search(terms(question), n)
        dense_ids = [cid for cid, _ in dense]
        keyword_ids = [cid for cid, _ in keyword]
        fused = rrf([dense_ids, keyword_ids], self.settings.rrf_k)[: k * 3]
        fused = rerank_for(question, fused, k, self.store, self.settings,
                           len(index.ids))
        fused = keep_dense(fused, dense_ids, k, keep)[: k * 2]
        found = self.store.get([cid for cid, _ in fused])
        passages: list[Passage] = []
        for cid, score in fused:
            if cid not in found:  # deleted by a concurrent re-index
                continue
            chunk, vector = found[cid]
            passages.append(Passage(
                chunk=chunk,
                vector=vector,
                score=float(np.dot(vector, qvec)),
                fused=score,
                dense_rank=dense_ids.index(cid) + 1 if cid in dense_ids else None,
                keyword_rank=keyword_ids.index(cid) + 1 if cid in keyword_ids else None,
            ))
            if len(passages) == k:
                break
        return qvec, passages


def interleave(rankings: list[list[Passage]], limit: int) -> list[Passage]:
    """First of each ranking, then the seconds, ...; each chunk once (a compound
    question's parts each bring their best passages)."""
    out: dict[str, Passage] = {}
    for rank in range(max((len(r) for r in rankings), default=0)):
        for ranking in rankings:
            if rank < len(ranking) and len(out) < limit:
                out.setdefault(ranking[rank].chunk.id, ranking[rank])
    return list(out.values())
