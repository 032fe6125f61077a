"""Same-story groups: articles that report the same event.

Two signals, then union-find: near-duplicate passages (MinHash over word shingles,
datasketch's LSH: a syndicated or lightly edited copy), and event overlap (the two
leads report an event on the same day, or one names only a weekday that is the other's
event day, and their passages are close in meaning). Topic alone never groups: a story
about a library closing and one about it reopening share words but not an event."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SHINGLE = 3
NEAR_DUPLICATE = 0.5  # MinHash Jaccard of two passages' shingles
SAME_DAY_COSINE = 0.70  # best passage pair, when the leads' event days agree
WEEKDAY_COSINE = 0.75  # when one lead only names a weekday
PERMUTATIONS = 64


@dataclass(frozen=True)
class Lead:
    """What an article's lead says happened when: a day, or only a weekday (with the
    latest day it can be, when the text bounds it)."""

    day: dt.date | None
    weekday: int | None = None
    before: dt.date | None = None


@dataclass(frozen=True)
class PassageVec:
    source: str
    text: str
    vector: np.ndarray


def _shingles(text: str) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def near_duplicates(passages: Sequence[PassageVec], threshold: float = NEAR_DUPLICATE
                    ) -> set[tuple[str, str]]:
    """Pairs of sources holding near-duplicate passages (MinHash LSH)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    hashes: list[MinHash] = []
    for i, p in enumerate(passages):
        mh = MinHash(num_perm=PERMUTATIONS, seed=1)
        mh.update_batch(list(_shingles(p.text)) or [b""])
        hashes.append(mh)
        lsh.insert(str(i), mh)
    pairs: set[tuple[str, str]] = set()
    for i, p in enumerate(passages):
        for key in lsh.query(hashes[i]):
            other = passages[int(key)]
            if other.source != p.source and hashes[i].jaccard(hashes[int(key)]) >= threshold:
                pairs.add(tuple(sorted((p.source, other.source))))  # type: ignore[arg-type]
    return pairs


def best_cosines(passages: Sequence[PassageVec]) -> dict[tuple[str, str], float]:
    """For each pair of sources, the cosine of their closest passages."""
    if not passages:
        return {}
    vecs = np.stack([p.vector for p in passages]).astype(np.float32)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    sims = vecs @ vecs.T
    sources = [p.source for p in passages]
    out: dict[tuple[str, str], float] = {}
    for i in range(len(passages)):
        for j in range(i + 1, len(passages)):
            if sources[i] == sources[j]:
                continue
            key = (sources[i], sources[j]) if sources[i] < sources[j] else (sources[j], sources[i])
            out[key] = max(out.get(key, -1.0), float(sims[i, j]))
    return out


def same_event(a: Lead, b: Lead, cosine: float) -> bool:
    """Do two leads report the same event, given how close the articles read?"""
    if a.day and b.day:
        return abs((a.day - b.day).days) <= 1 and cosine >= SAME_DAY_COSINE
    if a.day and b.weekday is not None:
        a, b = b, a
    if b.day and a.weekday is not None:
        fits = b.day.weekday() == a.weekday and (a.before is None or b.day < a.before)
        return fits and cosine >= WEEKDAY_COSINE
    return False


def group(sources: Sequence[str], leads: dict[str, Lead], passages: Sequence[PassageVec]
          ) -> list[list[str]]:
    """Story groups (each sorted, largest first); an article alone is a group of one."""
    parent = {s: s for s in sources}

    def find(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    links = set(near_duplicates(passages))
    for (a, b), cos in best_cosines(passages).items():
        if a in leads and b in leads and same_event(leads[a], leads[b], cos):
            links.add((a, b))
    for a, b in links:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for s in sources:
        groups.setdefault(find(s), []).append(s)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))
