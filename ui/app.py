"""Streamlit chat over the indexed articles. Renders only: answers, citations and
everything else come from `rag` (through `components` and `turns`)."""

from __future__ import annotations

import components as ui
import streamlit as st
import turns as chat_turns
from markers import citation_links

from rag.app.collection import Summary
from rag.core.engine import Engine
from rag.core.question import MAX_QUESTION_CHARS
from rag.render.present import answerer_line, collection_line, escape_markdown


def _welcome(engine: Engine, summary: Summary, examples: list[str]) -> None:
    """The first screen: what the collection is, questions to try, who answers."""
    with st.container(key="welcome"):
        st.markdown(f":material/library_books: {collection_line(summary)}")
        st.markdown(f":material/smart_toy: {answerer_line(engine.answerer, engine.provider)}")
        if engine.notice:
            st.caption(escape_markdown(engine.notice))
        if examples:
            st.markdown("**Try asking**")
            for i, q in enumerate(examples):
                st.button(q, key=f"example-{i}", icon=":material/help:",
                          on_click=chat_turns.enqueue, args=(q,))


def chat() -> None:
    """The chat page: sidebar controls, the conversation, the question box."""
    engine = ui.engine_or_stop()
    settings = engine.settings
    summary, examples = ui.collection(engine)

    with st.sidebar:
        st.markdown("### Answerer")
        st.markdown(f":violet-badge[:material/smart_toy: {escape_markdown(engine.answerer)}]")
        if engine.notice:
            st.caption(escape_markdown(engine.notice))
        st.markdown("### Index")
        ui.index_facts(engine)
        ui.reindex_panel(engine)
        st.markdown("### Retrieval")
        top_k = st.slider(
            "Passages to retrieve (top-k)", 1, 20, value=settings.top_k, key="top_k",
            help="How many passages the answer is chosen from.",
        )
        st.markdown("### Conversation")
        if st.button("Clear conversation", icon=":material/delete:", use_container_width=True,
                     disabled=not chat_turns.turns()):
            chat_turns.turns().clear()
            st.rerun()
        ui.downloads()

    st.title(":material/newspaper: Ask the articles")
    st.caption(
        "Every sentence of an answer cites the passage it comes from; when the articles "
        "don't say, the answer says so. Click a [n] marker to open its source."
    )
    citation_links()

    question = st.chat_input(
        f"Ask a question about the articles (up to {MAX_QUESTION_CHARS:,} characters)",
        max_chars=MAX_QUESTION_CHARS, key="question",
    )
    if question:
        chat_turns.enqueue(question)

    all_turns = chat_turns.turns()
    if not all_turns:
        _welcome(engine, summary, examples)
    indexing = ui.index_job(engine).state().running
    if not indexing:
        chat_turns.start_next(engine, top_k)
    for turn in all_turns:
        if turn["state"] == "streaming":
            chat_turns.show_streaming(turn, summary.outlet_of)
        else:
            chat_turns.show_turn(turn, settings, summary.outlet_of, indexing)


st.set_page_config(page_title="Ask the articles", page_icon=":material/newspaper:",
                   layout="centered", initial_sidebar_state="auto")
st.navigation([
    st.Page(chat, title="Chat", icon=":material/forum:", default=True),
    st.Page("pages/1_Articles.py", title="Articles", icon=":material/article:"),
    st.Page("pages/2_Evaluation.py", title="Evaluation", icon=":material/analytics:"),
]).run()
