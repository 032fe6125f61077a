"""Helpers shared by the pages: the engine, the collection summary, the sidebar.
Rendering only: the text to show (escaped, highlighted, marked) comes from
`rag.render.present`, everything else from `rag.core.engine.Engine`. Untrusted text (articles,
model output) only ever reaches the page through `rag.render.present.escape_markdown` or
widgets that show plain text; no `unsafe_allow_html` anywhere."""

from __future__ import annotations

import streamlit as st
from turns import answers

from rag.app.collection import Article, Summary, example_questions, summarize
from rag.app.reindex import BUSY, IndexJob
from rag.core.engine import Engine
from rag.errors import RagError, SettingsError
from rag.render import present
from rag.render.export import conversation_json, conversation_markdown
from rag.settings import Settings, load_settings


# --- the engine: one per process, shared by every browser session ---------------------
@st.cache_resource(show_spinner="Loading the embedding model and the index…")
def _engine(settings_json: str) -> Engine:
    import rag

    eng = rag.get_engine(Settings.model_validate_json(settings_json))  # as the CLI's
    eng.ensure_index()
    return eng


def engine_or_stop() -> Engine:
    """The shared engine, or one clear error on the page (no traceback) and stop."""
    try:
        settings = load_settings()
        return _engine(settings.model_dump_json())
    except SettingsError as exc:  # the same one line as the CLI's
        st.error(f"Error: {present.escape_markdown(str(exc))}")
        st.stop()
        raise  # unreachable: st.stop() raises
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
SEEN = "reindex_seen"


@st.cache_resource(show_spinner=False)
def _job(_eng: Engine, index_dir: str) -> IndexJob:
    return IndexJob(_eng)


def index_job(eng: Engine) -> IndexJob:
    """The one re-indexing job of this process's engine, shared by every session."""
    return _job(eng, str(eng.settings.index_dir))


def reindex_panel(eng: Engine) -> None:
    """Re-index in the background with live progress; when it ends the whole page
    reruns, so every count is fresh and queued questions are answered. A second
    request while one runs is a message, not a lock error."""
    job = index_job(eng)
    state = job.state()
    if SEEN not in st.session_state:
        st.session_state[SEEN] = state.run if not state.running else state.run - 1
    if state.running:
        st.session_state.pop(REINDEXED, None)
    if report := st.session_state.get(REINDEXED):  # kept until the next run
        kind, text = report
        if kind == "ok":
            st.success(present.escape_markdown(text), icon=":material/check:")
        else:
            st.warning(present.escape_markdown(text), icon=":material/hourglass_top:")
    if st.button("Re-index articles", icon=":material/refresh:", use_container_width=True,
                 key="reindex"):
        if not job.start():
            st.warning(BUSY, icon=":material/hourglass_top:")
        state = job.state()

    @st.fragment(run_every=0.5 if state.running else None)
    def live() -> None:
        now = job.state()
        if now.running:
            text = present.escape_markdown(now.message) + (" (estimated)" if now.estimated
                                                           else "")
            st.progress(now.fraction, text=text)
        elif now.run != st.session_state.get(SEEN) and now.outcome:
            st.session_state[SEEN] = now.run
            st.session_state[REINDEXED] = (now.outcome, now.result)
            st.rerun(scope="app")

    live()


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
