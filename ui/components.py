"""Helpers shared by the pages: the engine, the collection summary, the sidebar.
Rendering only: the text to show (escaped, highlighted, marked) comes from
`rag.present`, everything else from `rag.engine.Engine`. Untrusted text (articles,
model output) only ever reaches the page through `rag.present.escape_markdown` or
widgets that show plain text; no `unsafe_allow_html` anywhere."""

from __future__ import annotations

import streamlit as st
from turns import answers

from rag import present
from rag.collection import Article, Summary, example_questions, summarize
from rag.engine import Engine
from rag.errors import IndexBusyError, RagError
from rag.export import conversation_json, conversation_markdown
from rag.settings import Settings, load_settings


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


# --- the collection (cached per index version) -------------------------------------
@st.cache_data(show_spinner=False, max_entries=8)
def _collection(_eng: Engine, version: str) -> tuple[Summary, list[str]]:
    records = _eng.articles()
    items = [Article(r.source, r.title or r.source, r.date, _eng.article_text(r.source) or "")
             for r in records[:500]]
    summary = summarize(items)
    if len(records) > len(items):  # counts and dates from the manifest; outlets sampled
        dates = sorted(r.date for r in records if r.date)
        summary = Summary(len(records), dates[0] if dates else None,
                          dates[-1] if dates else None, len(dates), summary.outlets,
                          summary.outlet_of)
    return summary, example_questions(items, 4)


def collection(eng: Engine) -> tuple[Summary, list[str]]:
    """What the collection is and example questions from it, recomputed when the
    index changes."""
    stats = eng.stats()
    return _collection(eng, f"{eng.settings.index_dir}:{stats.articles}:{stats.chunks}:"
                            f"{stats.last_indexed}")


# --- sidebar --------------------------------------------------------------------------
def index_facts(eng: Engine) -> None:
    stats = eng.stats()
    left, right = st.columns(2)
    left.metric("Articles", f"{stats.articles:,}")
    right.metric("Passages", f"{stats.chunks:,}")
    st.caption(f"Last indexed: {present.format_when(stats.last_indexed)}")


REINDEXED = "reindexed"


def reindex_button(eng: Engine) -> None:
    """Re-index with a progress bar; afterwards the page reruns so every count is fresh
    and the report is shown; a second build at the same time is a message, not a trace."""
    if report := st.session_state.pop(REINDEXED, None):
        kind, text = report
        (st.success if kind == "ok" else st.warning)(
            present.escape_markdown(text),
            icon=":material/check:" if kind == "ok" else ":material/hourglass_top:")
    if not st.button("Re-index articles", icon=":material/refresh:", use_container_width=True):
        return
    bar = st.progress(0.0, text="Looking for new or changed articles…")

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0,
                     text=present.escape_markdown(message))

    try:
        report = eng.index(progress=progress)
    except IndexBusyError:
        st.session_state[REINDEXED] = (
            "busy", "An index is already being built; try again when it has finished.")
    except RagError as exc:
        st.session_state[REINDEXED] = ("busy", str(exc))
    else:
        st.session_state[REINDEXED] = ("ok", report.summary())
    bar.empty()
    st.rerun()


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
