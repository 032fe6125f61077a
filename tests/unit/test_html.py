"""Saved web pages (and Markdown) as articles: headline, date and story text, no
site chrome."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.core.engine import Engine
from rag.errors import ArticleError
from rag.ingest.articles import clean, load_article
from rag.ingest.html import html_to_text
from tests.support.common import make_settings

PAGE = """<!doctype html>
<html><head><title>Putin and Xi meet | World News Site</title>
<meta property="article:published_time" content="2021-12-15T10:22:00Z">
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body>
<header><a href="/">Home</a> <nav><ul><li>World</li><li>Sport</li></ul></nav></header>
<article>
 <header><h1>Mascot &lsquo;Bing Dwen Dwen&rsquo; sells out</h1>
 <time datetime="2021-12-16">Dec 16</time></header>
 <figure><img src="x.jpg"><figcaption>Photo: Reuters</figcaption></figure>
 <p>The Olympic mascot Bing Dwen Dwen, a panda in a suit of ice, sold out in
 Beijing shops &amp; online within hours, the organisers said on Tuesday.</p>
 <p>Fans queued for <b>eleven hours</b> outside the flagship store.<br>Some left empty-handed.</p>
 <aside>Read more: other stories</aside>
</article>
<footer>&copy; 2021 World News Site. All rights reserved.</footer>
</body></html>
"""


def test_page_becomes_headline_date_and_story(tmp_path: Path) -> None:
    path = tmp_path / "mascot.html"
    path.write_text(PAGE, encoding="utf-8")
    article = load_article(path)
    assert article.title == "Mascot ‘Bing Dwen Dwen’ sells out"
    assert article.date == "2021-12-15"  # the page's metadata
    assert article.text.startswith("The Olympic mascot Bing Dwen Dwen")
    assert "Beijing shops & online" in article.text
    assert "eleven hours outside the flagship store." in article.text
    for chrome in ("Home", "World", "Sport", "Photo", "Read more", "©", "not text", "color",
                   "All rights reserved"):
        assert chrome not in article.text, chrome


def test_page_without_article_element_keeps_text_outside_menus() -> None:
    html = ("<html><head><title>Games of the Future</title></head><body>"
            "<nav>Menu Sport News</nav><div><p>Kazan will host the Games of the Future "
            "in 2024.</p><p>China offered to host later editions.</p></div>"
            "<footer>Contact us</footer></body></html>")
    text = html_to_text(html)
    assert text.splitlines()[0] == "Games of the Future"  # the <title>, no <h1>
    assert "Kazan will host" in text and "China offered" in text
    assert "Menu" not in text and "Contact" not in text


def test_a_teaser_article_element_does_not_hide_the_story() -> None:
    story = " ".join(["Russia sent 212 athletes to Beijing as the ROC."] * 6)
    html = (f"<body><article><p>Related: a teaser.</p></article>"
            f"<div><h1>Russians in Beijing</h1><p>{story}</p></div></body>")
    text = html_to_text(html)
    assert "Russia sent 212 athletes" in text
    assert text.startswith("Russians in Beijing")


def test_a_page_with_no_story_text_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><script>alert(1)</script><nav>Home</nav></html>", encoding="utf-8")
    with pytest.raises(ArticleError, match="empty.html.*no article text"):
        load_article(path)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdhp1&;#x\n")), max_size=300))
def test_any_markup_parses_into_tidy_paragraphs(html: str) -> None:
    text = html_to_text(html)
    assert "\n\n\n" not in text
    assert all(line == line.strip() for line in text.split("\n"))


def test_html_articles_are_indexed_and_cited(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "mascot.html").write_text(PAGE, encoding="utf-8")
    (seeds / "other.txt").write_text(
        "Putin talks to Xi\n\nPutin and Xi spoke by video call for 90 minutes.\n",
        encoding="utf-8",
    )
    engine = Engine.from_settings(make_settings(tmp_path, seeds, embed="hash"))
    report = engine.index()
    assert not report.skipped
    answer = engine.ask("How long did fans queue outside the flagship store for the mascot?")
    cited = [c for c in answer.citations if c.source == "mascot.html"]
    assert cited, answer.text
    text = engine.article_text("mascot.html")
    assert text is not None
    for c in cited:
        assert text[c.start:c.end] == c.snippet
        assert c.title == "Mascot ‘Bing Dwen Dwen’ sells out" and c.date == "2021-12-15"


def test_markdown_headline_loses_its_hashes() -> None:
    title, date, body = clean("date 2022-02-01\n# Kazan to host the Games\n\nThe text.\n")
    assert (title, date, body) == ("Kazan to host the Games", "2022-02-01", "The text.")
