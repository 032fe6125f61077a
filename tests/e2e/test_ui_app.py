"""The chat UI's flows through Streamlit's AppTest (hash embedder, tmp folders)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from rag.render.export import inert
from tests.support.common import UI, use_app_env

QUESTION = "What did Putin say about the boycott?"
OFF_TOPIC = "What is the price of bananas in Peru?"


@pytest.fixture
def app_env(tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Env for a fresh engine over a tmp index; `streamlit run` puts ui/ on sys.path."""
    use_app_env(monkeypatch, tmp_path, seeds)
    yield tmp_path / "data"
    st.cache_resource.clear()


def start(script: str = "app.py") -> AppTest:
    at = AppTest.from_file(str(UI / script), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def settle(at: AppTest) -> AppTest:
    """Answers are written in the background: wait for them, then run the page again."""
    for _ in range(200):
        pending = [t for t in at.session_state["turns"] if t["state"] in ("queued", "streaming")]
        if not pending:
            break
        job = pending[0].get("job")
        if job is not None:
            job.wait(60)
        at.run()
        assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return settle(at)


def page_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_sidebar_shows_answerer_index_facts_and_top_k(app_env: Path) -> None:
    at = start()
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "offline extractive" in sidebar
    metrics = {m.label: m.value for m in at.sidebar.metric}
    assert metrics == {"Articles": "5", "Passages": metrics["Passages"]}
    assert int(metrics["Passages"]) > 5
    assert "Last indexed" in at.sidebar.caption[0].value
    assert at.sidebar.slider(key="top_k").value == 5


def test_ask_shows_answer_with_markers_and_source_cards(app_env: Path) -> None:
    at = ask(start(), QUESTION)
    turns = at.session_state["turns"]
    assert len(turns) == 1 and turns[0]["state"] == "answered"
    answer = turns[0]["answer"]
    assert answer.citations
    text = page_text(at)
    assert f"](#cite-{turns[0]['id']}-1)" in text  # the live [1] marker, linked to card 1
    labels = [e.label for e in at.expander]
    for c in answer.citations:
        assert any(lab.startswith(f"**\\[{c.n}\\] ") for lab in labels)
        assert c.source in text  # in the folded details
        assert f"score {c.score:.3f}" in text
    assert "Details" in labels
    assert not at.warning


def test_top_k_slider_limits_retrieved_passages(app_env: Path) -> None:
    at = start()
    at.sidebar.slider(key="top_k").set_value(2).run()
    ask(at, OFF_TOPIC)
    assert len(at.session_state["turns"][0]["answer"].passages) <= 2


def test_declined_answer_looks_different(app_env: Path) -> None:
    at = ask(start(), OFF_TOPIC)
    answer = at.session_state["turns"][0]["answer"]
    assert not answer.citations
    assert len(at.warning) == 1
    assert "articles don" in at.warning[0].value
    assert at.session_state["turns"][0]["state"] == "declined"
    assert any(c.value.startswith("Closest passages") for c in at.caption) or not [
        p for p in answer.passages if p.score >= 0.2]
    assert all(m.value != "**Sources**" for m in at.markdown)


def test_history_is_kept_and_clear_empties_it(app_env: Path) -> None:
    at = ask(ask(start(), QUESTION), OFF_TOPIC)
    assert len(at.session_state["turns"]) == 2
    assert len(at.chat_message) == 4
    at.sidebar.button[1].click().run()  # Clear conversation
    assert at.session_state["turns"] == []
    assert len(at.chat_message) == 0


def test_feedback_is_saved_on_click_and_a_comment_after(app_env: Path) -> None:
    at = ask(start(), QUESTION)
    at.feedback[0].set_value(0).run()  # thumbs down: saved at once
    assert not at.exception, at.exception
    lines = (app_env / "feedback.jsonl").read_text().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["rating"] == "down" and record["question"] == QUESTION
    assert record["citations"] and record["citations"][0]["source"].endswith(".txt")
    assert any("Feedback saved" in c.value for c in at.caption)
    at.text_input[0].input("cites the wrong article")
    [b for b in at.button if b.label == "Save comment"][0].click().run()
    assert not at.exception, at.exception
    lines = (app_env / "feedback.jsonl").read_text().splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["comment"] == "cites the wrong article"
    assert any("Comment saved" in c.value for c in at.caption)


def test_downloads_serve_the_conversation_with_citations(
    app_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: dict[str, bytes] = {}
    original = MediaFileManager.add

    def capture(self: MediaFileManager, data: bytes | str, mimetype: str, coordinates: str,
                file_name: str | None = None, is_for_static_download: bool = False) -> str:
        if file_name:
            served[file_name] = data if isinstance(data, bytes) else data.encode()
        return original(self, data, mimetype, coordinates, file_name, is_for_static_download)

    monkeypatch.setattr(MediaFileManager, "add", capture)
    at = start()
    before = at.sidebar.get("download_button")
    assert len(before) == 2 and all(b.proto.disabled for b in before)  # nothing to export yet
    served.clear()
    at = ask(at, QUESTION)
    labels = {b.proto.label for b in at.sidebar.get("download_button")}
    assert labels == {"Conversation (Markdown)", "Conversation (JSON)"}
    assert not any(b.proto.disabled for b in at.sidebar.get("download_button"))
    answer = at.session_state["turns"][0]["answer"]
    first = answer.citations[0]
    md = served["conversation.md"].decode()
    assert f"## 1. {QUESTION}" in md
    assert f"\\[1\\] {inert(first.title)}" in md and inert(first.source) in md
    data = json.loads(served["conversation.json"])
    turn = data["turns"][0]
    assert turn["question"] == QUESTION and turn["answer"] == answer.text
    assert [c["source"] for c in turn["citations"]] == [c.source for c in answer.citations]


def test_articles_page_lists_articles_and_shows_one(app_env: Path) -> None:
    at = start("pages/1_Articles.py")
    table = at.dataframe[0].value
    assert len(table) == 5
    assert list(table.columns) == ["Title", "Date", "Outlet", "Passages", "File"]
    assert "undated" not in set(table["Date"])
    source = table["File"][1]
    at.query_params["article"] = source
    at.run()
    assert not at.exception, at.exception
    assert table["Title"][1].split()[0] in at.subheader[0].value
    assert any(source in c.value for c in at.caption)
    passages = [c for c in at.caption if c.value.startswith("Passage ")]
    assert len(passages) == table["Passages"][1]  # the whole article and its passages
