"""Streamlit chat: renders answers and their sources. All logic lives in `rag`."""

from __future__ import annotations

import streamlit as st

from rag.answer.model import Answer
from rag.engine import Engine
from rag.errors import RagError


@st.cache_resource(show_spinner="Loading the embedding model and index…")
def engine() -> Engine:
    eng = Engine.from_settings()
    if eng.stats().chunks == 0:
        eng.index()
    return eng


def show_answer(answer: Answer) -> None:
    if answer.supported:
        st.markdown(answer.text.replace("$", "\\$"))
    else:
        st.warning(answer.text)
    for c in answer.citations:
        with st.container(border=True):
            st.caption(f"[{c.n}] {c.title} — {c.source}" + (f" — {c.date}" if c.date else ""))
            st.text(c.quote or c.snippet)


st.set_page_config(page_title="Ask the articles", page_icon="📰")
st.title("Ask the articles")
if "turns" not in st.session_state:
    st.session_state.turns = []

for turn in st.session_state.turns:
    with st.chat_message("user"):
        st.text(turn.question)
    with st.chat_message("assistant"):
        show_answer(turn)

if question := st.chat_input("Ask a question about the articles"):
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        try:
            with st.spinner("Searching the articles…"):
                answer = engine().ask(question, [t.model_dump() for t in st.session_state.turns])
        except RagError as exc:
            st.error(str(exc))
        else:
            show_answer(answer)
            st.session_state.turns.append(answer)
