"""Property tests (hypothesis) for the article cleaner, the sentence splitter, the
chunker and the citation parser: no crash on any input, offsets always inside the
text, and every `[n]` in an answer maps to a passage."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rag.answer.citations import (
    MARKER,
    StreamRenumberer,
    drop_invalid,
    numbering,
    parse_claims,
    render,
)
from rag.answer.generate import build_answer
from rag.embed import HashEncoder
from rag.errors import ArticleError
from rag.ingest.articles import Article, clean, load_article
from rag.ingest.chunking import chunk_article
from rag.retrieval.hybrid import Passage
from rag.store import StoredChunk
from rag.text import sentence_spans

# Text that looks like articles: words, punctuation, abbreviations, newlines, the
# boilerplate and date lines the cleaner looks for, and any unicode at all.
PIECES = st.sampled_from([
    " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", ". ", "! ", "? ", "...", "…", "\"", "”", "'",
    "Mr. ", "U.S. ", "J. ", "e.g. ", "No. 5", "3.5", "Home > Latest News > World",
    "Advertisement", "Read more: x", "Photo: AP", "© Reuters", "Date: 2022-02-04",
    "Share this", "Previous article", "See also:", "[1]", "[2, 3]", "—", "<p>", "\x00",
])
WORDS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
ARTICLE_TEXT = st.lists(st.one_of(PIECES, WORDS), max_size=120).map("".join)
FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(ARTICLE_TEXT)
@example("Date: 2022-02-04\nHeadline\n\nBody one. Body two.\n")
@example("—— * ——\n\n... !!! ???")
def test_cleaner_never_crashes_and_drops_boilerplate(raw: str) -> None:
    title, date, body = clean(raw)
    assert isinstance(title, str) and isinstance(body, str)
    assert date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
    assert "\r" not in body
    assert not any(line in {"Advertisement", "See also:"} for line in body.split("\n"))
    assert clean(raw) == (title, date, body)  # deterministic


@FAST
@given(st.binary(max_size=400) | ARTICLE_TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")))
@example("—— * ——\n\n... !!! ???".encode())  # passes the old checks, yields no chunks
def test_load_article_returns_an_article_or_one_article_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.txt"
        path.write_bytes(data)
        try:
            article = load_article(path)
        except ArticleError as exc:
            assert exc.path == path and exc.reason
            return
    assert sentence_spans(article.text)  # a loaded article always has text to chunk
    assert len(article.sha256) == 64


@FAST
@given(ARTICLE_TEXT)
def test_sentence_spans_are_ordered_trimmed_and_inside_the_text(text: str) -> None:
    spans = sentence_spans(text)
    prev = 0
    for a, b in spans:
        assert prev <= a < b <= len(text)
        piece = text[a:b]
        assert piece == piece.strip() and any(ch.isalnum() for ch in piece)
        prev = b


@FAST
@given(ARTICLE_TEXT, st.integers(10, 60), st.integers(0, 3))
def test_chunks_are_exact_slices_covering_every_sentence(
    raw: str, max_words: int, overlap: int
) -> None:
    title, date, body = clean(raw)
    article = Article(source="a.txt", title=title, date=date, text=body, sha256="0" * 64)
    chunks = chunk_article(article, max_words, overlap)
    assert chunks == chunk_article(article, max_words, overlap)  # deterministic
    assert [c.n for c in chunks] == list(range(len(chunks)))
    assert len({c.id for c in chunks}) == len(chunks)
    for c in chunks:
        assert 0 <= c.start < c.end <= len(body)
        assert c.text == body[c.start:c.end]
    # Every sentence (or piece of an over-long one) lies inside some chunk.
    for a, b in sentence_spans(body):
        inside = any(c.start <= a and b <= c.end for c in chunks)
        assert inside or len(body[a:b].split()) > max_words
    starts = [c.start for c in chunks]
    assert starts == sorted(starts)
    if sentence_spans(body):
        assert chunks


MODEL_TEXT = st.lists(st.one_of(
    PIECES, WORDS, st.sampled_from(["[1]", "[2]", "[1, 2]", "[1][3]", "[Source 2]", "[#4]",
                                    "[0]", "[99]", "[12", "]", "[", "[1 and 3]", "<think>x",
                                    "</think>", "<|im_end|>"]),
), max_size=60).map("".join)


@FAST
@given(MODEL_TEXT, st.integers(0, 6))
def test_parsed_citations_only_point_at_given_sources(text: str, n_sources: int) -> None:
    claims = drop_invalid(parse_claims(text), n_sources)
    for claim in claims:
        assert all(1 <= n <= n_sources for n in claim.sources)
    numbers = numbering(claims)
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    rendered = render(claims, numbers)
    for m in re.finditer(r"\[(\d+)\]", rendered):
        assert 1 <= int(m.group(1)) <= len(numbers)


@FAST
@given(MODEL_TEXT, st.integers(1, 6), st.lists(st.integers(1, 9), max_size=20))
@example("[0[0]]", 1, [])  # the outer brackets closed into "[0]" once the inner one went
@example("[7[[0]]]", 2, [2, 1])
def test_streamed_markers_only_point_at_given_sources(
    text: str, n_sources: int, cuts: list[int]
) -> None:
    live = StreamRenumberer(n_sources)
    out, pos = [], 0
    for cut in cuts:
        out.append(live.feed(text[pos:pos + cut]))
        pos += cut
    out.append(live.feed(text[pos:]))
    streamed = "".join(out)  # what was shown before close()
    for m in MARKER.finditer(streamed):
        assert all(1 <= int(d) <= n_sources for d in re.findall(r"\d+", m.group(1)))


EMBED = HashEncoder()
PASSAGE_TEXTS = [
    "The boycott was announced by the United States in December.",
    "Putin said the boycott politicised the Olympic Games.",
    "The Games of the Future will take place in Kazan.",
]


def passages(n: int) -> list[Passage]:
    out = []
    for i in range(n):
        text = PASSAGE_TEXTS[i % len(PASSAGE_TEXTS)]
        chunk = StoredChunk(id=f"a{i}.txt#0", source=f"a{i}.txt", title=f"T{i}", date=None,
                            text=text, start=0, end=len(text))
        vec = np.asarray(EMBED.embed([text])[0], dtype=np.float32)
        out.append(Passage(chunk, vec, 0.5, 0.1, i + 1, None))
    return out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MODEL_TEXT, st.integers(1, 4))
def test_every_marker_in_a_generated_answer_maps_to_a_cited_passage(
    text: str, n_sources: int
) -> None:
    found = passages(n_sources)
    answer = build_answer(text, "What did Putin say about the boycott?", found, EMBED.embed, 0.6)
    cited = {c.n: c for c in answer.citations}
    for m in re.finditer(r"\[(\d+)\]", answer.text):
        assert int(m.group(1)) in cited, (answer.text, sorted(cited))
    for s in answer.sentences:
        assert all(n in cited for n in s.citations)
    ids = {p.chunk.id for p in found}
    assert all(c.chunk_id in ids for c in answer.citations)
    assert sorted(cited) == list(range(1, len(cited) + 1))
