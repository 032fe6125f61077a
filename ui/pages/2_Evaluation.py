"""Evaluation: run a question set (evals/*.jsonl) through the same `ask()` the chat
uses, with a progress bar, then show the metrics, charts and failing questions.
Thin on purpose: loading, running and scoring live in `rag.evals`, charts in
`rag.report`."""

from __future__ import annotations

import json
from pathlib import Path

import components as ui
import streamlit as st

from rag.errors import RagError
from rag.evals import compare, failures, load_result, load_set, run_eval, set_files
from rag.present import escape_markdown
from rag.report import chart_pngs, html_report, metrics_table

st.set_page_config(page_title="Evaluation", page_icon="📏", layout="wide")
st.title("Evaluation")

EVALS = Path(__file__).resolve().parents[2] / "evals"
sets = set_files(EVALS)
if not sets:
    st.info(f"No question sets found in {EVALS}: add a `.jsonl` file (see evals/README.md).")
    st.stop()

chosen = st.selectbox("Question set", sets, format_func=lambda p: p.name)
if st.button("Run evaluation", type="primary"):
    engine = ui.engine_or_stop()
    try:
        items = load_set(chosen)
    except RagError as exc:
        st.error(escape_markdown(str(exc)))
        st.stop()
    bar = st.progress(0.0, text="Starting…")

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(done / max(total, 1), text=f"{done}/{total} · {message[:80]}")

    try:
        ran = run_eval(engine, items, progress, set_path=f"evals/{chosen.name}",
                          answerer=engine.answerer)
    except RagError as exc:
        st.error(f"The evaluation stopped: {escape_markdown(str(exc))}")
        st.stop()
    bar.progress(1.0, text="Done")
    st.session_state["eval_result"] = ran

result = st.session_state.get("eval_result")
if not result:
    st.caption("Pick a set and run it; a run asks every question once (about a second for "
               "the offline answerer on the seed set, longer with an LLM).")
    st.stop()

st.subheader(f"{result['set']} · {len(result['items'])} questions · {result['answerer']}")
st.dataframe(metrics_table(result), hide_index=True, use_container_width=True)

baseline = EVALS / "baseline.json"
if baseline.is_file() and Path(result["set"]).name == "seeds.jsonl":
    regressions = compare(result, load_result(baseline))
    if regressions:
        st.warning("Below the committed baseline: " + "; ".join(str(r) for r in regressions))
    else:
        st.success("No metric below the committed baseline (evals/baseline.json).")

charts = chart_pngs(result)
st.image(charts["metrics"], caption="Metrics per question type")
st.image(charts["latency"], caption="Latency per question")

failed = failures(result)
st.subheader(f"Failing questions ({len(failed)})")
for row in failed:
    with st.expander(f"{row['id']} ({row['type']}): {row['question']}"):
        st.markdown("**Answered**")
        st.text(row["answer"])
        st.markdown(f"**Cited:** {escape_markdown(', '.join(row['cited']) or 'nothing')}  \n"
                    f"**Expected:** "
                    f"{escape_markdown(', '.join(row['expected_sources']) or 'a decline')}")
        if row.get("missing_facts"):
            st.markdown("**Missing facts:** " + escape_markdown("; ".join(row["missing_facts"])))

st.download_button("Download result (JSON)", json.dumps(result, indent=2),
                   file_name="result.json", mime="application/json")
st.download_button("Download report (HTML)", html_report(result),
                   file_name="report.html", mime="text/html")
