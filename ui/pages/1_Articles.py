"""The indexed articles: title, date, outlet and passage count; click a row to read the
whole article and the passages it was cut into."""

from __future__ import annotations

import components as ui
import streamlit as st

from rag.render.article_view import article_passages
from rag.render.present import escape_markdown, format_when

st.set_page_config(page_title="Articles", page_icon=":material/article:", layout="wide")

engine = ui.engine_or_stop()
records = engine.articles()
summary, _ = ui.collection(engine)

st.title("Indexed articles")
stats = engine.stats()
st.caption(
    f"{stats.articles:,} articles · {stats.chunks:,} passages · last indexed "
    f"{format_when(stats.last_indexed)}"
)
if not records:
    st.info("No articles are indexed yet: add files to the articles folder and re-index.")
    st.stop()

dated = engine.news().dates  # each date with its provenance: given, inferred or unknown
rows = [
    {"Title": r.title or r.source, "Date": dated[r.source].short if r.source in dated else "",
     "Outlet": summary.outlet_of.get(r.source, ""), "Passages": r.chunks, "File": r.source}
    for r in records
]
st.caption("Click a row to read the whole article and its passages.")
table = st.dataframe(
    rows, hide_index=True, use_container_width=True, on_select="rerun",
    selection_mode="single-row", key="articles_table",
    column_config={
        "Title": st.column_config.TextColumn(width="large"),
        "Date": st.column_config.TextColumn(width="small"),
        "Outlet": st.column_config.TextColumn(width="small"),
        "Passages": st.column_config.NumberColumn(width="small"),
        "File": st.column_config.TextColumn(width="small"),
    },
)
picked = table.selection.rows if table is not None else []
source = records[picked[0]].source if picked else st.query_params.get("article")
if source is None:
    st.stop()

record = next((r for r in records if r.source == source), None)
text = engine.article_text(source) if record else None
if record is None or text is None:
    st.warning(f"No indexed article is called {escape_markdown(source)}.")
    st.stop()

with st.container(key="article"):
    st.subheader(escape_markdown(record.title or record.source), anchor=False)
    bits = [escape_markdown(b) for b in (dated[source].label if source in dated else "",
                                         summary.outlet_of.get(record.source, "")) if b]
    bits += [f"`{record.source.replace('`', '')}`",
             f"{record.chunks} passage{'s' if record.chunks != 1 else ''}"]
    st.caption(" · ".join(bits))
    whole, parts = st.tabs(["Article", f"Passages ({record.chunks})"])
    with whole, st.container(border=True):
        st.markdown(escape_markdown(text))
    with parts:
        for i, chunk in enumerate(article_passages(engine.store, source, record.chunks), 1):
            with st.container(border=True, key=f"passage-{i}"):
                st.caption(f"Passage {i} · characters {chunk.start:,}–{chunk.end:,}")
                st.markdown(escape_markdown(chunk.text))
