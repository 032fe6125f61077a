"""Sentence-aware chunking with exact character offsets and deterministic ids.

Sentences are packed into chunks of at most `max_words` words (MiniLM reads 256
tokens; ~110 words stays inside it), breaking at paragraph ends when a chunk is
already well filled, and carrying `overlap` sentences into the next chunk.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.ingest.articles import Article
from rag.text import sentence_spans


@dataclass(frozen=True)
class Chunk:
    """A passage of one article; `text == article.text[start:end]`."""

    id: str
    source: str
    n: int
    text: str
    start: int
    end: int
    title: str
    date: str | None
    sha256: str


def chunk_id(source: str, n: int) -> str:
    return f"{source}#{n}"


# Bump when the chunker cuts the same text differently (see CLEANER_VERSION).
CHUNKER_VERSION = 1


def chunk_article(article: Article, max_words: int = 110, overlap: int = 1) -> list[Chunk]:
    """Split one article into passages; the same input always gives the same chunks."""
    spans = _bounded_spans(article.text, max_words)
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    count = 0
    for span in spans:
        n_words = len(article.text[span[0]:span[1]].split())
        new_paragraph = bool(current) and "\n" in article.text[current[-1][1]:span[0]]
        full = count + n_words > max_words
        well_filled = new_paragraph and count >= 0.6 * max_words
        if current and (full or well_filled):
            groups.append(current)
            keep = current[-overlap:] if 0 < overlap < len(current) else []
            if sum(len(article.text[a:b].split()) for a, b in keep) + n_words > max_words:
                keep = []
            current = list(keep)
            count = sum(len(article.text[a:b].split()) for a, b in current)
        current.append(span)
        count += n_words
    if current:
        groups.append(current)
    return [
        Chunk(
            id=chunk_id(article.source, n),
            source=article.source,
            n=n,
            text=article.text[group[0][0]:group[-1][1]],
            start=group[0][0],
            end=group[-1][1],
            title=article.title,
            date=article.date,
            sha256=article.sha256,
        )
        for n, group in enumerate(groups)
    ]


def _bounded_spans(text: str, max_words: int) -> list[tuple[int, int]]:
    """Sentence spans, with any sentence longer than max_words cut at word boundaries."""
    out: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        if len(text[a:b].split()) <= max_words:
            out.append((a, b))
            continue
        starts = [
            i for i in range(a, b)
            if (i == a or text[i - 1].isspace()) and not text[i].isspace()
        ]
        for k in range(0, len(starts), max_words):
            piece_end = starts[k + max_words] if k + max_words < len(starts) else b
            end = piece_end
            while end > starts[k] and text[end - 1].isspace():
                end -= 1
            out.append((starts[k], end))
    return out
