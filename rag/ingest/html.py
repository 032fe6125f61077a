"""Saved web pages (.html) as articles: the headline, the publication date from the
page's metadata, and the paragraphs of the story, without menus, scripts, asides or
footers. The result is plain text in the form `rag.ingest.articles.clean` reads."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never story text.
_SKIP = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer",
    "aside", "form", "button", "select", "figure", "figcaption", "head",
})
# Elements that end a paragraph.
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "li", "ul", "ol", "blockquote", "pre", "br",
    "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "dd", "dt", "hr",
})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "source", "wbr", "col"})
_DATE_META = frozenset({
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
    "publishdate", "dc.date.issued", "dc.date", "sailthru.date", "parsely-pub-date",
})
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
MIN_ARTICLE_CHARS = 200  # an <article> shorter than this is a teaser, not the story


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        self.article_depth = 0
        self.page_title = ""
        self.headlines: list[tuple[str, bool, bool]] = []  # (text, in <article>, in a skip)
        self.date: str | None = None
        self.blocks: list[tuple[str, bool]] = []  # (paragraph, inside <article>)
        self._current: list[str] = []
        self._in_title = False
        self._h1: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(values)
        elif tag == "time" and self.date is None:
            self._set_date(values.get("datetime", ""))
        if tag in _VOID:
            if tag in _BLOCK:
                self._flush()
            return
        self.stack.append(tag)
        if tag == "title":
            self._in_title = True
        if tag in _SKIP:
            self.skip_depth += 1
        if tag in _BLOCK:
            self._flush()
        if tag == "article":
            self.article_depth += 1
        if tag == "h1":
            self._h1 = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:  # close what was left open inside it
            open_tag = self.stack.pop()
            if open_tag in _BLOCK:
                self._flush()
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag == "article":
                self.article_depth -= 1
            if open_tag == "title":
                self._in_title = False
            if open_tag == "h1" and self._h1 is not None:
                text = " ".join("".join(self._h1).split())
                if text:
                    self.headlines.append((text, self.article_depth > 0, self.skip_depth > 0))
                self._h1 = None
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page_title += data
            return
        if self._h1 is not None:
            self._h1.append(data)  # a headline counts even in an article's <header>
        if not self.skip_depth:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        self._current = []
        if text:
            self.blocks.append((text, self.article_depth > 0))

    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "")
        if key.lower() in _DATE_META and self.date is None:
            self._set_date(values.get("content", ""))

    def _set_date(self, value: str) -> None:
        match = _ISO_DATE.search(value)
        if match:
            self.date = match.group(1)


def html_to_text(html: str) -> str:
    """The page as plain article text: `date YYYY-MM-DD` (when the page states one),
    the headline, then the story's paragraphs. The story is the page's <article>
    when it has a substantial one, else everything outside menus and footers."""
    page = _Page()
    page.feed(html)
    page.close()
    inside = [text for text, in_article in page.blocks if in_article]
    paragraphs = inside if sum(map(len, inside)) >= MIN_ARTICLE_CHARS else [
        text for text, _ in page.blocks
    ]
    title = _headline(page)
    paragraphs = [p for p in paragraphs if p != title]
    lines = [f"date {page.date}"] if page.date else []
    if title:
        lines.append(title)
    return "\n\n".join(["\n".join(lines), *paragraphs] if lines else paragraphs)


def _headline(page: _Page) -> str:
    """The story's <h1> (inside <article>), else the first <h1> outside menus, else
    any <h1>, else the page <title>."""
    heads = page.headlines
    for text, in_article, _ in heads:
        if in_article:
            return text
    for text, _, skipped in heads:
        if not skipped:
            return text
    return heads[0][0] if heads else " ".join(page.page_title.split())
