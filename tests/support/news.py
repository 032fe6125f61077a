"""A small news corpus (two outlets retelling one blockade) and a fast stand-in
embedder, shared by the news tests."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np

from rag.ingest.articles import clean
from rag.news.index import NewsIndex, Source, Span, build
from rag.text import terms

BLOCKADE_ARTICLES = {
    "radio.txt": "Boats block harbour\n\nBy Ann Lee, Radio Bay News\n\nPublished July 9, 2025\n\n"
                 "Thirty fishing boats formed a line across the harbour mouth yesterday, "
                 "blocking the dredger in a protest.",
    "herald.txt": "Fishermen turn back dredger\n\nBy Tom Hale, Bay Herald\n\nFishing boats "
                  "blocked the harbour mouth on Tuesday, July 8, 2025, turning back the dredger "
                  "in a protest.",
    "courier.txt": "Ferry vote passes\n\nBy Jo Reed, City Courier\n\nPublished March 19, 2025\n\n"
                   "The council last night approved the ferry by seven votes to four.",
    "courier2.txt": "Dredging halted\n\nBy Jo Reed, City Courier\n\nPublished July 9, 2025\n\n"
                    "The fishing boats' blockade of the harbour mouth yesterday halted the "
                    "dredger, and talks begin next week.",
    "doping.txt": "Doping ban\n\nPublished May 2, 2024\n\nThe 2014 doping scandal led to a ban.",
}


def fake_embed(texts: list[str]) -> np.ndarray:
    """Hashed bags of words: texts sharing words point the same way (a fast stand-in
    for MiniLM; the engine test below uses the engine's own encoder)."""
    out = []
    for t in texts:
        v = np.zeros(256, dtype=np.float32)
        for term in terms(t):
            v[int(hashlib.sha256(term.encode()).hexdigest()[:6], 16) % 256] += 1.0
        out.append(v / (np.linalg.norm(v) or 1.0))
    return np.asarray(out, dtype=np.float32)


def news_of(articles: dict[str, str],
            vector: Callable[[str], np.ndarray] | None = None) -> NewsIndex:
    """The news index of raw articles (file name -> text), one passage each; its vector
    is `vector(name)`, or the text's `fake_embed`."""
    sources, spans = [], []
    for name, raw in articles.items():
        title, given, body = clean(raw)
        sources.append(Source(name, title, body, given))
        vec = vector(name) if vector else fake_embed([body])[0]
        spans.append(Span(f"{name}#0", name, 0, len(body), body, vec))
    return build(sources, spans)


def one_hot(k: int, size: int = 8) -> np.ndarray:
    vec = np.zeros(size, dtype=np.float32)
    vec[k] = 1.0
    return vec


def blockade_news() -> NewsIndex:
    """The news index of BLOCKADE_ARTICLES; the three blockade reports read alike."""
    topic = {"radio.txt": 0, "herald.txt": 0, "courier2.txt": 0}
    return news_of(BLOCKADE_ARTICLES, lambda name: one_hot(topic.get(name, hash(name) % 7 + 1)))
