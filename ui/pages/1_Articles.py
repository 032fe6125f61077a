"""The indexed articles: title, date and passage count; click a row to read one."""

from __future__ import annotations

import components as ui
import streamlit as st

from rag.present import escape_markdown, format_when

st.set_page_config(page_title="Articles", page_icon="📰", layout="wide")

engine = ui.engine_or_stop()
records = engine.articles()

st.title("Indexed articles")
stats = engine.stats()
st.caption(
    f"{stats.articles:,} articles · {stats.chunks:,} passages · last indexed "
    f"{format_when(stats.last_indexed)}"
)
if not records:
    st.info("No articles are indexed yet: add files to the articles folder and re-index.")
    st.stop()

rows = [
    {"Title": r.title or r.source, "Date": r.date or "", "Passages": r.chunks, "File": r.source}
    for r in records
]
table = st.dataframe(
    rows, hide_index=True, use_container_width=True, on_select="rerun",
    selection_mode="single-row", key="articles_table",
    column_config={
        "Title": st.column_config.TextColumn(width="large"),
        "Date": st.column_config.TextColumn(width=100),
        "Passages": st.column_config.NumberColumn(width=80),
        "File": st.column_config.TextColumn(width="medium"),
    },
)
picked = table.selection.rows if table is not None else []
source = records[picked[0]].source if picked else st.query_params.get("article")
if source is None:
    st.caption("Click a row to read the article.")
    st.stop()

record = next((r for r in records if r.source == source), None)
text = engine.article_text(source) if record else None
if record is None or text is None:
    st.warning(f"No indexed article is called {escape_markdown(source)}.")
    st.stop()

st.subheader(escape_markdown(record.title or record.source), anchor=False)
st.caption(
    f"{escape_markdown(record.date or 'undated')} · `{record.source.replace('`', '')}` · "
    f"{record.chunks} passage{'s' if record.chunks != 1 else ''}"
)
with st.container(border=True):
    st.markdown(escape_markdown(text))
