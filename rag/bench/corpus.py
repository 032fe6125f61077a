"""What the bench runs on: the seed articles copied, and synthetic corpora of any size
made from the seed sentences and their real vectors."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from rag.ingest.chunking import Chunk
    from rag.settings import Settings

SYNTHETIC_METHOD = (
    "synthetic passages: seed-article sentences reshuffled into ~110-word passages, "
    "15% of words replaced by Zipf-distributed made-up words; vector = normalised mean of "
    "the sentences' real MiniLM vectors + N(0, 0.02) noise per dimension, renormalised; "
    "written via Store.write_article; queries embedded for real"
)
QUESTIONS = (
    "What did Putin say about the boycott?",
    "Which countries announced a diplomatic boycott of the Beijing Winter Olympics?",
    "Why was Russia banned from international competitions?",
    "What are the Games of the Future?",
    "When do the Beijing 2022 Winter Olympics open?",
    "What did Xi Jinping and Putin agree on?",
    "Can Russian athletes compete at the Olympics?",
    "What happened at the 2014 Sochi Games?",
    "Who accepted the invitation to attend the winter games?",
    "What values do Russia and China share?",
    "Which sports are in the Games of the Future?",
    "What did the West say about human rights in China?",
)


def make_ingest_corpus(seeds: Path, dest: Path, copies: int) -> Path:
    """The seed articles, `copies` times over (distinct file names, same text)."""
    from rag.ingest.articles import article_paths

    dest.mkdir(parents=True, exist_ok=True)
    for k in range(copies):
        for path in article_paths(seeds):
            shutil.copyfile(path, dest / f"c{k:02d}_{path.name}")
    return dest


def folder_chunks(settings: Settings, folder: Path) -> list[Chunk]:
    """The chunks `rag index` makes of a folder's articles."""
    from rag.ingest.chunking import chunk_article
    from rag.ingest.indexer import read_folder

    articles, _ = read_folder(folder)
    return [
        c
        for a in articles
        for c in chunk_article(a, settings.chunk_words, settings.chunk_overlap_sentences)
    ]


def seed_chunks(settings: Settings, folder: Path) -> list[str]:
    """The chunk texts `rag index` embeds for a folder."""
    return [c.text for c in folder_chunks(settings, folder)]


def seed_sentences(folder: Path) -> list[str]:
    """Unique sentences of the seed articles (the synthetic corpora's raw material)."""
    from rag.ingest.indexer import read_folder
    from rag.text import sentence_spans

    articles, _ = read_folder(folder)
    seen: dict[str, None] = {}
    for a in articles:
        for s, e in sentence_spans(a.text):
            sentence = " ".join(a.text[s:e].split())
            if len(sentence.split()) >= 4:
                seen.setdefault(sentence, None)
    return list(seen)


def synthetic_passages(
    sentences: list[str], vectors: np.ndarray, n: int, seed: int = 0,
    target_words: int = 110, replace: float = 0.15, noise: float = 0.02,
) -> tuple[list[str], np.ndarray]:
    """n passages of reshuffled, perturbed seed sentences and their derived vectors."""
    import numpy as np

    rng = np.random.default_rng(seed)
    tokens = [s.split() for s in sentences]
    lengths = np.array([len(t) for t in tokens])
    texts: list[str] = []
    out = np.empty((n, vectors.shape[1]), dtype=np.float32)
    # Made-up words, Zipf-distributed so a few are common and most are rare.
    zipf = rng.zipf(1.3, size=n * target_words // 4 + 16)
    z = 0
    for i in range(n):
        picked: list[int] = []
        count = 0
        while count < 0.7 * target_words:
            j = int(rng.integers(len(sentences)))
            if count + lengths[j] > target_words and picked:
                break
            picked.append(j)
            count += int(lengths[j])
        words: list[str] = []
        for j in picked:
            for w in tokens[j]:
                if rng.random() < replace:
                    words.append(f"q{int(zipf[z % zipf.size]):x}x")
                    z += 1
                else:
                    words.append(w)
        texts.append(" ".join(words))
        vec = vectors[picked].mean(axis=0) + rng.normal(0.0, noise, vectors.shape[1])
        out[i] = vec / (np.linalg.norm(vec) or 1.0)
    return texts, out
