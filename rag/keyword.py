"""BM25 keyword index over the passages, in numpy (term-major postings).

Built from the store once and saved next to the index, keyed by the corpus
version, so a restart at 100k passages loads it instead of re-tokenising everything.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from rag.store import FileRecord, StoredChunk
from rag.text import TERMS_VERSION, terms


def corpus_version(manifest: dict[str, FileRecord], model_id: str) -> str:
    """Changes whenever any indexed article, the model or the tokenizer rules change."""
    items = sorted((r.source, r.sha256, r.recipe, r.chunks) for r in manifest.values())
    key = json.dumps([model_id, TERMS_VERSION, items])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def passage_terms(chunk: StoredChunk) -> list[str]:
    return terms(f"{chunk.title}\n{chunk.text}")


class BM25:
    """Okapi BM25 with precomputed per-posting weights; search is a few numpy adds."""

    def __init__(
        self, ids: list[str], vocab: dict[str, int], ptr: np.ndarray,
        docs: np.ndarray, weights: np.ndarray, version: str = "",
    ) -> None:
        self.ids = ids
        self.vocab = vocab
        self.ptr = ptr
        self.docs = docs
        self.weights = weights
        self.version = version

    @classmethod
    def build(
        cls, items: Iterable[tuple[str, list[str]]], version: str = "",
        k1: float = 1.5, b: float = 0.75,
    ) -> BM25:
        ids: list[str] = []
        counts: list[Counter[str]] = []
        for cid, toks in items:
            ids.append(cid)
            counts.append(Counter(toks))
        n = len(ids)
        lengths = np.array([sum(c.values()) for c in counts], dtype=np.float32)
        avgdl = float(lengths.mean()) if n else 1.0
        postings: dict[str, list[tuple[int, int]]] = {}
        for d, counter in enumerate(counts):
            for term, tf in counter.items():
                postings.setdefault(term, []).append((d, tf))
        vocab = {t: i for i, t in enumerate(sorted(postings))}
        ptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        docs_list: list[int] = []
        weights_list: list[float] = []
        for term, i in vocab.items():
            plist = postings[term]
            idf = math.log(1 + (n - len(plist) + 0.5) / (len(plist) + 0.5))
            for d, tf in plist:
                norm = tf + k1 * (1 - b + b * lengths[d] / avgdl)
                docs_list.append(d)
                weights_list.append(idf * tf * (k1 + 1) / norm)
            ptr[i + 1] = len(docs_list)
        return cls(
            ids, vocab, ptr, np.array(docs_list, dtype=np.int32),
            np.array(weights_list, dtype=np.float32), version,
        )

    def search(self, query_terms: list[str], k: int) -> list[tuple[str, float]]:
        if not self.ids or k <= 0:
            return []
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for term in set(query_terms):
            i = self.vocab.get(term)
            if i is not None:
                sl = slice(self.ptr[i], self.ptr[i + 1])
                scores[self.docs[sl]] += self.weights[sl]
        hits = np.flatnonzero(scores)
        if hits.size > k:
            hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
        hits = hits[np.argsort(-scores[hits], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in hits]

    def idf(self, term: str) -> float:
        """Inverse document frequency of a term (0 for unseen terms)."""
        i = self.vocab.get(term)
        if i is None:
            return 0.0
        df = int(self.ptr[i + 1] - self.ptr[i])
        n = len(self.ids)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        terms_sorted = sorted(self.vocab, key=self.vocab.__getitem__)
        np.savez(
            tmp, ptr=self.ptr, docs=self.docs, weights=self.weights,
            meta=np.array(json.dumps({"version": self.version, "ids": self.ids,
                                      "terms": terms_sorted})),
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, version: str) -> BM25 | None:
        """The saved index if it matches this corpus version, else None."""
        try:
            with np.load(path) as data:
                meta = json.loads(str(data["meta"]))
                if meta["version"] != version:
                    return None
                vocab = {t: i for i, t in enumerate(meta["terms"])}
                return cls(meta["ids"], vocab, data["ptr"], data["docs"], data["weights"],
                           version)
        except (OSError, KeyError, ValueError):
            return None
