"""Article dates where users see them: `rag articles`, citations and `Answer`; a
page's metadata date through htmldate; the news index cached beside the index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rag.cli import main
from rag.core.engine import Engine
from rag.ingest.articles import load_article
from rag.news.index import cache_path
from tests.support.common import UI, use_app_env


def test_a_page_dated_only_in_json_ld_gets_a_given_date(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2022-01-18T10:00:00Z"}</script></head><body><article>'
        "<h1>Leaders meet</h1><p>" + "The two leaders met and talked at length. " * 8
        + "</p></article></body></html>", encoding="utf-8")
    assert load_article(page).date == "2022-01-18"


def _env(tmp_path: Path, seeds: Path) -> dict[str, str]:
    return {"RAG_EMBED": "hash", "RAG_INDEX_DIR": str(tmp_path / "index"),
            "RAG_SEEDS_DIR": str(seeds)}


def _index_and_list(runner: CliRunner, env: dict[str, str]) -> Result:
    """`rag index` then `rag articles`, both succeeding."""
    assert runner.invoke(main, ["index"], env=env).exit_code == 0
    out = runner.invoke(main, ["articles"], env=env)
    assert out.exit_code == 0, out.output
    return out


def test_rag_articles_dates_every_seed_with_its_provenance(tmp_path: Path, seeds: Path) -> None:
    runner, env = CliRunner(), _env(tmp_path, seeds)
    out = _index_and_list(runner, env)
    rows = [line for line in out.output.splitlines() if not line.startswith(" ")]
    assert len(rows) == 5
    for row in rows:
        assert re.search(r"  <?\d{4}(-\d\d)?(-\d\d)? (given|inferred)  ", row), row
    assert "000_039771c1ec2c0d1b.txt  2021-12-15 given" in out.output
    assert "inferred from \u201c" in out.output  # how each inference was made
    data = json.loads(runner.invoke(main, ["articles", "--json"], env=env).output)
    by_source = {r["source"]: r for r in data}
    assert by_source["000_039771c1ec2c0d1b.txt"]["dated"]["provenance"] == "given"
    assert by_source["003_808489e77434faa3.txt"]["dated"]["provenance"] == "inferred"
    assert by_source["003_808489e77434faa3.txt"]["date_label"].startswith("2023 (inferred")


def test_citations_and_answer_carry_the_date_with_provenance(hash_engine: Engine) -> None:
    answer = hash_engine.ask("What did Putin tell Xi about the common border?")
    assert answer.citations
    for c in [*answer.citations, *answer.passages]:
        assert c.date_provenance in ("given", "inferred")
        assert "(given" in c.date_label or "(inferred" in c.date_label
    assert set(answer.article_dates) == {c.source for c in answer.citations}
    assert cache_path(hash_engine.settings.index_dir, hash_engine.settings.collection).exists()


def test_snippets_show_relative_phrases_resolved(hash_engine: Engine) -> None:
    news = hash_engine.news()
    mentions = news.mentions["000_039771c1ec2c0d1b.txt"]  # dated 2021-12-15, a Wednesday
    wednesday = next(m for m in mentions if m["text"] == "Wednesday")
    assert (wednesday["kind"], wednesday["date"]) == ("relative", "2021-12-15")
    assert "on Wednesday said" in news.texts["000_039771c1ec2c0d1b.txt"][
        wednesday["sentence"][0]:wednesday["sentence"][1]]
    chunk_ids = [cid for cid in news.chunks if cid.startswith("000_")]
    assert any(news.chunk_mentions(cid) for cid in chunk_ids)


def test_articles_page_shows_each_date_with_its_provenance(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    ui = UI
    use_app_env(monkeypatch, tmp_path, seeds)
    Engine.from_settings().index()
    at = AppTest.from_file(str(ui / "pages" / "1_Articles.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    dates = list(at.dataframe[0].value["Date"])
    assert dates[0] == "2021-12-15 given"
    assert all(d.endswith((" given", " inferred")) for d in dates), dates
    st.cache_resource.clear()


def test_rag_articles_notes_bad_and_contradictory_dates(tmp_path: Path, seeds: Path) -> None:
    (seeds / "bad_date.txt").write_text(
        "Bridge story\n\nPublished Feb 30, 2021\n\nThe bridge reopened to traffic after "
        "repairs, officials said.\n", encoding="utf-8")
    (seeds / "contradicts.txt").write_text(
        "Bridge opening\n\nThe bridge will open on March 3, 2025, the council said. "
        "It opened on March 9, 2025, to traffic.\n", encoding="utf-8")
    runner, env = CliRunner(), _env(tmp_path, seeds)
    out = _index_and_list(runner, env)
    lines = out.output.splitlines()
    bad = lines.index(next(x for x in lines if x.startswith("bad_date.txt")))
    assert "unknown" in lines[bad] and "could not be read as a date" in lines[bad + 1]
    contra = lines.index(next(x for x in lines if x.startswith("contradicts.txt")))
    assert "inferred" in lines[contra] and " given" not in lines[contra]
    assert any("contradict each other" in x for x in lines[contra + 1:contra + 3])
