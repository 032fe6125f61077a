"""Evaluation: run question sets (evals/*.jsonl, evals/corpora/*/) through the same
`ask()` the chat uses, with a progress bar, then show the tables by kind and split,
the decline table, the chart and the failing questions. Thin on purpose: loading,
running and scoring live in `rag.evals`, tables and charts in `rag.evals.report`."""

from __future__ import annotations

import json
from pathlib import Path

import components as ui
import streamlit as st

from rag.errors import RagError
from rag.evals import (
    KINDS,
    blind_sets,
    compare,
    failures,
    load_result,
    run_sets,
    set_files,
    set_name,
)
from rag.evals.report import (
    chart_pngs,
    decline_table,
    html_report,
    kind_table,
    metrics_table,
    scope_title,
    scopes_in,
)
from rag.evals.view import accuracy_rows, kinds_in, splits_in, view
from rag.render.present import escape_markdown

st.set_page_config(page_title="Evaluation", page_icon=":material/analytics:", layout="wide")
st.title("Evaluation")

EVALS = Path(__file__).resolve().parents[2] / "evals"
sets = set_files(EVALS)
if not sets:
    st.info(f"No question sets found in {EVALS}: add a `.jsonl` file (see evals/README.md).")
    st.stop()

chosen = st.multiselect("Question sets", sets, default=blind_sets(EVALS) or sets[:1],
                        format_func=set_name)
left, right = st.columns(2)
split = left.radio("Split", ["dev", "test", "all"], index=0, horizontal=True,
                   help="Tune on dev; run test once, at the end.")
kinds = right.multiselect("Kinds (none = all)", list(KINDS))
if st.button("Run evaluation", type="primary", disabled=not chosen):
    engine = ui.engine_or_stop()
    bar = st.progress(0.0, text="Starting…")

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"{done}/{total} · {message[:80]}")

    try:
        ran = run_sets(engine.settings, chosen, split, kinds, progress)
    except RagError as exc:
        st.error(f"The evaluation stopped: {escape_markdown(str(exc))}")
        st.stop()
    bar.progress(1.0, text="Done")
    st.session_state["eval_result"] = ran

result = st.session_state.get("eval_result")
if not result:
    st.caption("Pick sets and a split, then run; a set with its own articles is indexed "
               "into a temporary index first.")
    st.stop()
if not result["items"]:
    st.warning("No question matches this split and these kinds.")
    st.stop()

st.subheader(f"{len(result['items'])} questions · split {result.get('split', 'all')} · "
             f"{escape_markdown(str(result['answerer']))}")
with st.container(key="eval-view"):
    st.markdown("**View**")
    left, right = st.columns(2)
    shown_split = left.radio("Split shown", ["all", *splits_in(result)], horizontal=True,
                             key="view_split")
    shown_kinds = right.multiselect("Kinds shown (none = all)", kinds_in(result),
                                    key="view_kinds")
full, result = result, view(result, shown_split, shown_kinds)
if not result["items"]:
    st.info("No question of this run matches the view.")
    st.stop()

for scope in scopes_in(result):
    title = scope_title(scope)
    st.markdown(f"#### {escape_markdown(title)}: accuracy by kind and split")
    st.table(kind_table(result, scope))  # a static table: every column whole, never clipped
    st.markdown(f"##### {escape_markdown(title)}: declines")
    st.table(decline_table(result, scope))

baseline = EVALS / "baseline.json"
if baseline.is_file() and [s["name"] for s in result.get("sets", [])] == ["regression"]:
    regressions = compare(result, load_result(baseline))
    if regressions:
        st.warning("Below the committed baseline: " + "; ".join(str(r) for r in regressions))
    else:
        st.success("No metric below the committed baseline (evals/baseline.json).")

st.markdown("#### Answer accuracy by kind and split")
bars = accuracy_rows(result)
if bars:
    st.bar_chart(bars, x="kind", y="accuracy", color="split", stack=False,
                 y_label="answer accuracy", x_label="kind")
else:
    st.caption("Nothing to chart in this view.")
with st.expander("Retrieval and answer metrics by kind"):
    st.table(metrics_table(result))
    st.image(chart_pngs(result)["latency"], caption="Latency per question")

failed = failures(result)
st.subheader(f"Failing questions ({len(failed)})")
for row in failed:
    with st.expander(f"{row['id']} ({row['kind']}, {row.get('split') or 'untagged'}): "
                     f"{row['question']}"):
        if row.get("history"):
            st.markdown("**Earlier turns:** " + escape_markdown(" → ".join(row["history"])))
        st.markdown("**Answered**")
        st.text(row["answer"])
        st.markdown(f"**Cited:** {escape_markdown(', '.join(row['cited']) or 'nothing')}  \n"
                    f"**Expected:** "
                    f"{escape_markdown(', '.join(row['expected_sources']) or 'a decline')}")
        if row.get("missing_facts"):
            st.markdown("**Missing facts:** " + escape_markdown("; ".join(row["missing_facts"])))

st.download_button("Download result (JSON)", json.dumps(full, indent=2),
                   file_name="result.json", mime="application/json")
st.download_button("Download report (HTML)", html_report(full),
                   file_name="report.html", mime="text/html")
