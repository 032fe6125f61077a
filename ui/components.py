"""Rendering helpers shared by the chat and the Articles page. Rendering only: the
text to show (escaped, highlighted, marked) comes from `rag.present`, everything else
from `rag.engine.Engine`. Untrusted text (articles, model output) only ever reaches the
page through `rag.present.escape_markdown` or widgets that show plain text; no
`unsafe_allow_html` anywhere."""

from __future__ import annotations

import uuid
from typing import Any

import streamlit as st

from rag import present
from rag.answer.model import Answer, Citation, is_declined
from rag.engine import Engine
from rag.errors import RagError
from rag.export import conversation_json, conversation_markdown
from rag.feedback import Rating, record_feedback
from rag.settings import Settings, load_settings

TURNS = "turns"


# --- the engine: one per process, shared by every browser session ---------------------
@st.cache_resource(show_spinner="Loading the embedding model and the index…")
def _engine(settings_json: str) -> Engine:
    settings = Settings.model_validate_json(settings_json)
    eng = Engine.from_settings(settings)
    eng.ensure_index()
    return eng


def engine_or_stop() -> Engine:
    """The shared engine, or one clear error on the page (no traceback) and stop."""
    try:
        settings = load_settings()
        return _engine(settings.model_dump_json())
    except RagError as exc:
        st.error(f"The article index can't be opened: {present.escape_markdown(str(exc))}")
        st.stop()
        raise  # unreachable: st.stop() raises


# --- conversation state ----------------------------------------------------------------
def turns() -> list[dict[str, Any]]:
    """This browser session's turns: {"id", "answer", "rating", "feedback_sent"}."""
    if TURNS not in st.session_state:
        st.session_state[TURNS] = []
    result: list[dict[str, Any]] = st.session_state[TURNS]
    return result


def answers() -> list[Answer]:
    return [t["answer"] for t in turns()]


def add_turn(answer: Answer) -> None:
    turns().append({"id": uuid.uuid4().hex[:12], "answer": answer, "feedback_sent": None})


# --- one answer -----------------------------------------------------------------------
def show_question(question: str) -> None:
    with st.chat_message("user"):
        st.markdown(present.escape_markdown(question))


def source_card(c: Citation, key: str) -> None:
    """Title, date, file, score; the cited sentence highlighted; the passage on demand."""
    with st.container(border=True, key=f"card-{key}"):
        st.markdown(f"{present.marker(c.n)} **{present.escape_markdown(c.title or c.source)}**")
        st.caption(present.citation_meta(c))
        before, quote, after = present.split_quote(c)
        if quote.strip():
            st.markdown(f":orange-background[{present.escape_markdown(' '.join(quote.split()))}]")
        else:
            st.markdown(present.escape_markdown(c.snippet))
        if quote.strip() and (before.strip() or after.strip()):
            with st.expander("Full passage"):
                st.markdown(present.highlighted_snippet(c))


def show_answer_body(answer: Answer, key: str) -> None:
    if answer.notice:
        st.info(present.escape_markdown(answer.notice), icon=":material/info:")
    if answer.standalone_question and answer.standalone_question != answer.question:
        st.caption(f"Interpreted as: {present.escape_markdown(answer.standalone_question)}")
    if is_declined(answer):
        st.warning(present.escape_markdown(answer.text), icon=":material/search_off:")
        if answer.passages:
            with st.expander(f"Closest passages ({min(3, len(answer.passages))})"):
                st.caption("Retrieved, but none of them answers the question.")
                for i, p in enumerate(answer.passages[:3]):
                    source_card(p, f"{key}-p{i}")
        return
    st.markdown(present.answer_markdown(answer))
    if any(not s.supported for s in answer.sentences):
        st.caption(
            ":orange[:material/warning:] Highlighted sentences are not supported by the "
            "passages they cite: check them against the sources."
        )
    st.markdown("**Sources**")
    for c in answer.citations:
        source_card(c, f"{key}-{c.n}")


def _footer(answer: Answer) -> str:
    bits = [present.escape_markdown(answer.answerer)]
    bits += [f"{name} {ms:,.0f} ms" for name, ms in answer.timings_ms.items()]
    return " · ".join(bits)


def feedback_widget(turn: dict[str, Any], settings: Settings) -> None:
    """Thumbs up/down; once chosen, an optional comment and Send (one JSONL record)."""
    tid = turn["id"]
    if turn["feedback_sent"]:
        st.caption(f":material/check: Thanks, your {turn['feedback_sent']} feedback was saved.")
        return
    choice = st.feedback("thumbs", key=f"fb-{tid}")
    if choice is None:
        return
    rating: Rating = "up" if choice == 1 else "down"
    with st.form(key=f"fbform-{tid}", border=False):
        comment = st.text_input(
            "Comment (optional)", key=f"fbc-{tid}",
            placeholder="What was good or wrong about this answer?",
        )
        if st.form_submit_button("Send feedback"):
            try:
                record_feedback(settings, turn["answer"], rating, comment)
            except RagError as exc:
                st.error(present.escape_markdown(str(exc)))
            else:
                turn["feedback_sent"] = "👍" if rating == "up" else "👎"
                st.rerun()


def show_turn(turn: dict[str, Any], settings: Settings) -> None:
    answer: Answer = turn["answer"]
    show_question(answer.question)
    with st.chat_message("assistant"):
        show_answer_body(answer, turn["id"])
        st.caption(_footer(answer))
        feedback_widget(turn, settings)


# --- asking ---------------------------------------------------------------------------
def _spinner_text(eng: Engine) -> str:
    if eng.answerer == "offline extractive":
        return "Searching the articles and picking the sentences that answer…"
    local = eng.local_model
    if local is not None and not local.loaded:
        return ("Loading the local model (first question only, a few seconds), then "
                "searching the articles and checking the evidence…")
    if local is not None:
        return "Searching the articles and checking the evidence, then the local model writes…"
    return f"Searching the articles, then {eng.answerer} writes the answer…"


def ask_and_show(eng: Engine, question: str, top_k: int) -> Answer | None:
    """Ask, streaming text as it comes (spinner until the first piece); None on error."""
    show_question(question)
    with st.chat_message("assistant"):
        placeholder = st.empty()
        stream = present.answer_stream(
            eng, question, present.history_messages(answers()), top_k=top_k
        )
        try:
            with st.spinner(_spinner_text(eng)):
                item = next(stream)
            text = ""
            while not isinstance(item, Answer):
                text += item
                placeholder.markdown(present.streamed_markdown(text) + " ▌")
                item = next(stream)
        except RagError as exc:
            placeholder.empty()
            st.error(present.escape_markdown(str(exc)), icon=":material/error:")
            return None
        placeholder.empty()
        return item


# --- sidebar --------------------------------------------------------------------------
def index_facts(eng: Engine) -> None:
    stats = eng.stats()
    left, right = st.columns(2)
    left.metric("Articles", f"{stats.articles:,}")
    right.metric("Passages", f"{stats.chunks:,}")
    st.caption(f"Last indexed: {present.format_when(stats.last_indexed)}")


def reindex_button(eng: Engine) -> None:
    if not st.button("Re-index articles", icon=":material/refresh:", use_container_width=True):
        return
    bar = st.progress(0.0, text="Looking for new or changed articles…")

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0,
                     text=present.escape_markdown(message))

    try:
        report = eng.index(progress=progress)
    except RagError as exc:
        bar.empty()
        st.error(present.escape_markdown(str(exc)))
        return
    bar.progress(1.0, text="Done")
    st.success(present.escape_markdown(report.summary()), icon=":material/check:")


def downloads() -> None:
    done = answers()
    disabled = not done
    st.download_button(
        "Conversation (Markdown)", data=conversation_markdown(done) if done else "",
        file_name="conversation.md", mime="text/markdown", disabled=disabled,
        icon=":material/download:", use_container_width=True, key="dl-md",
    )
    st.download_button(
        "Conversation (JSON)", data=conversation_json(done) if done else "",
        file_name="conversation.json", mime="application/json", disabled=disabled,
        icon=":material/download:", use_container_width=True, key="dl-json",
    )
