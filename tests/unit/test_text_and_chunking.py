
from rag.ingest.articles import load_article
from rag.ingest.chunking import chunk_article
from rag.text import sentence_spans, stem, terms
from tests.support.common import SEEDS


def test_sentences_do_not_break_on_abbreviations() -> None:
    text = "The Games open on Feb. 4 in Beijing. Mr. Putin will attend. U.S. officials won't."
    got = [text[a:b] for a, b in sentence_spans(text)]
    assert got == ["The Games open on Feb. 4 in Beijing.", "Mr. Putin will attend.",
                   "U.S. officials won't."]


def test_sentences_break_at_line_ends_and_quotes() -> None:
    text = 'He said "we oppose it." Then left\nNew paragraph here'
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        'He said "we oppose it."', "Then left", "New paragraph here"]


def test_terms_drop_stopwords_and_match_word_forms() -> None:
    assert terms("How many athletes are competing?") == terms("athlete compete")
    assert stem("boycotts") == stem("boycott")


def test_chunks_are_exact_substrings_with_deterministic_ids() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        article = load_article(path)
        chunks = chunk_article(article, max_words=110, overlap=1)
        assert chunks == chunk_article(article, max_words=110, overlap=1)
        assert [c.id for c in chunks] == [f"{path.name}#{i}" for i in range(len(chunks))]
        for c in chunks:
            assert article.text[c.start:c.end] == c.text
            assert len(c.text.split()) <= 110
        # Every sentence of the article lands in some chunk.
        covered = {(a, b) for c in chunks for a, b in sentence_spans(article.text, c.start, c.end)}
        assert set(sentence_spans(article.text)) <= covered


def test_overlong_sentence_is_cut_to_fit() -> None:
    from rag.ingest.articles import Article

    text = " ".join(f"w{i}" for i in range(300)) + "."
    art = Article(source="x.txt", title="t", date=None, text=text, sha256="0")
    chunks = chunk_article(art, max_words=50, overlap=1)
    assert all(len(c.text.split()) <= 50 for c in chunks)
    assert " ".join(c.text for c in chunks).split() == text.split()
