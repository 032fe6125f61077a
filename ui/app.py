"""Streamlit chat over the indexed articles. Renders only: answers, citations and
everything else come from `rag` (through `components`)."""

from __future__ import annotations

import components as ui
import streamlit as st

from rag.present import escape_markdown


def chat() -> None:
    """The chat page: sidebar controls, the conversation, the question box."""
    st.set_page_config(page_title="Ask the articles", page_icon="📰", layout="centered")
    engine = ui.engine_or_stop()
    settings = engine.settings

    with st.sidebar:
        st.markdown("### Answerer")
        st.markdown(f":violet-badge[:material/smart_toy: {escape_markdown(engine.answerer)}]")
        if engine.notice:
            st.caption(escape_markdown(engine.notice))
        st.markdown("### Index")
        ui.index_facts(engine)
        ui.reindex_button(engine)
        st.markdown("### Retrieval")
        top_k = st.slider(
            "Passages to retrieve (top-k)", 1, 20, value=settings.top_k, key="top_k",
            help="How many passages the answer is chosen from.",
        )
        st.markdown("### Conversation")
        if st.button("Clear conversation", icon=":material/delete:", use_container_width=True,
                     disabled=not ui.turns()):
            ui.turns().clear()
            st.rerun()
        ui.downloads()

    st.title(":material/newspaper: Ask the articles")
    st.caption(
        "Every sentence of an answer cites the passage it comes from; when the articles "
        "don't say, the answer says so."
    )

    for turn in ui.turns():
        ui.show_turn(turn, settings)

    if question := st.chat_input("Ask a question about the articles"):
        answer = ui.ask_and_show(engine, question, top_k)
        if answer is not None:
            ui.add_turn(answer)
            st.rerun()


st.navigation([
    st.Page(chat, title="Chat", icon=":material/forum:", default=True),
    st.Page("pages/1_Articles.py", title="Articles", icon=":material/article:"),
    st.Page("pages/2_Evaluation.py", title="Evaluation", icon=":material/analytics:"),
]).run()
