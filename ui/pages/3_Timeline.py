"""The timeline: events in date order with their date's provenance and sources, and
the story groups (articles reporting the same event). Renders `timeline_view` only."""

from __future__ import annotations

import components as ui
import streamlit as st

from rag.news.timeline import timeline_view
from rag.render.present import escape_markdown

st.set_page_config(page_title="Timeline", page_icon="🗓️", layout="wide")

engine = ui.engine_or_stop()
st.title("Timeline")
query = st.text_input("Only events about", placeholder="e.g. ferry, boycott")
view = timeline_view(engine.news(), query)
if not view["events"]:
    st.info("No dated events" + (" match that." if query else " in the indexed articles."))
    st.stop()

st.dataframe(
    [{"Date": e["shown_date"], "Provenance": f"{e['provenance']} ({e['confidence']:.1f})",
      "Event": e["summary"], "Sources": ", ".join(
          f"{s} ({o})" if o else s for s, o in zip(e["sources"], e["outlets"], strict=True)),
      "Story": e["group"] if e["group"] >= 0 else ""}
     for e in view["events"]],
    hide_index=True, use_container_width=True,
    column_config={"Event": st.column_config.TextColumn(width="large")},
)
st.subheader("Same-story groups", anchor=False)
if not view["groups"]:
    st.caption("No two articles report the same event.")
for group in view["groups"]:
    with st.container(border=True):
        st.markdown(f"**Story {group['n']}** · reported by {len(group['articles'])} articles")
        for a in group["articles"]:
            outlet = f" — {escape_markdown(a['outlet'])}" if a["outlet"] else ""
            st.markdown(f"- {escape_markdown(a['title'] or a['source'])}{outlet}  \n"
                        f"  `{a['source'].replace('`', '')}` · {escape_markdown(a['date'])}")
