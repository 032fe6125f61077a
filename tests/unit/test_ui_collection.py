"""Issue 18, item 8: the first screen's collection summary and example questions come
from the indexed articles (any folder gets its own), not from a hard-coded list."""

from __future__ import annotations

from pathlib import Path

from rag.app.collection import Article, example_questions, outlet_of, summarize
from rag.ingest.articles import load_article
from rag.render.present import collection_line
from tests.support.common import ROOT, SEEDS

HARBOURTON = ROOT / "evals" / "corpora" / "harbourton" / "articles"


def articles(folder: Path) -> list[Article]:
    out = []
    for path in sorted(folder.iterdir()):
        a = load_article(path)
        out.append(Article(path.name, a.title, a.date, a.text))
    return out


def test_each_folder_gets_its_own_example_questions() -> None:
    seeds, harbour = articles(SEEDS), articles(HARBOURTON)
    asked_seeds, asked_harbour = example_questions(seeds), example_questions(harbour)
    assert 3 <= len(asked_seeds) <= 5 and 3 <= len(asked_harbour) <= 5
    assert not set(asked_seeds) & set(asked_harbour)
    for questions, items in ((asked_seeds, seeds), (asked_harbour, harbour)):
        corpus = " ".join(a.title + " " + a.text for a in items)
        for q in questions:
            assert q.endswith("?")
            # Every name and topic in the question is taken from the articles.
            words = q.rstrip("?").split()
            content = [w for w in words if w[0].isupper() and w not in {"What"}]
            assert all(w in corpus for w in content), (q, content)
    assert example_questions([]) == []


def test_summary_counts_dates_and_outlets() -> None:
    summary = summarize(articles(HARBOURTON))
    assert summary.articles == 46
    assert summary.first_date and summary.last_date and summary.first_date <= summary.last_date
    assert summary.outlets[0][0] in {"Harbourton Courier", "Harbourton Evening Post"}
    line = collection_line(summary)
    assert line.startswith("**46** articles") and "January 2025" in line
    seeds = collection_line(summarize(articles(SEEDS)))
    assert "outlets not named" in seeds and "undated" not in seeds


def test_outlets_from_bylines_and_wire_datelines() -> None:
    assert outlet_of("Title\n\nBy Jo Reed, Harbourton Courier\n\nText.") == "Harbourton Courier"
    assert outlet_of("BEIJING (Reuters) - Putin said.") == "Reuters"
    assert outlet_of("Just a story with no byline.") is None
