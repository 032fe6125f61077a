"""Issue 18, item 7: the Markdown export is inert when opened in a Markdown viewer
(rendered here by markdown-it-py with raw HTML enabled, GFM tables and linkify where
available); the JSON export stays lossless."""

from __future__ import annotations

import json
import re

from markdown_it import MarkdownIt

from rag.render.export import conversation_json, conversation_markdown
from rag.schema import Answer, AnswerSentence, Citation

LEAK = "http://example.invalid/leak.png"
HOSTILE = (f"<script>alert(1)</script> <img src=x onerror=alert(2)> ![x]({LEAK}) "
           "[phish](http://example.invalid/p) www.example.invalid a@example.invalid "
           "<http://example.invalid/auto> http://example.invalid/bare")


def hostile_answer() -> Answer:
    snippet = f"Before. {HOSTILE} The quote. After."
    quote_at = snippet.index("The quote.")
    cite = Citation(n=1, source="evil<script>.txt", title=f"Title {HOSTILE}",
                    date="2022-01-05", snippet=snippet, score=0.5, start=0, end=len(snippet),
                    quote=f"{HOSTILE} The quote.", quote_start=8, quote_end=quote_at + 10)
    return Answer(
        question=f"Why {HOSTILE}?", text=f"It says {HOSTILE} [1]", supported=True,
        citations=[cite], answerer=f"model {HOSTILE}",
        standalone_question=f"Standalone {HOSTILE}?",
        sentences=[AnswerSentence(text=f"It says {HOSTILE}", citations=[1], supported=False,
                                  note=f"note {HOSTILE}")],
    )


def renderers() -> list[MarkdownIt]:
    out = [MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")]
    try:
        import linkify_it  # noqa: F401
    except ImportError:
        return out
    out.append(MarkdownIt("gfm-like", {"html": True, "linkify": True}))
    return out


def test_markdown_export_renders_inert_with_html_enabled() -> None:
    md = conversation_markdown([hostile_answer()], exported_at="2024-01-01T00:00:00+00:00")
    for renderer in renderers():
        html = renderer.render(md)
        for live in ("<script", "<img", "<a ", "<iframe"):
            assert live not in html, (live, html)
        assert not re.search(r"<[^>]*\b(?:href|src|on\w+)=", html), html
        shown = html.replace("\u2060", "")
        # ...and the hostile text is all there, as text.
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
        assert f"![x]({LEAK})" in shown
        assert "onerror=alert(2)" in shown


def test_json_export_stays_lossless() -> None:
    a = hostile_answer()
    data = json.loads(conversation_json([a]))
    turn = data["turns"][0]
    assert turn["question"] == a.question and turn["answer"] == a.text
    assert turn["citations"][0] == a.citations[0].model_dump()
    assert turn["sentences"][0]["note"] == a.sentences[0].note
