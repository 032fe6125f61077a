"""Issue 18, item 12: the Evaluation page's tables are whole (static tables, not
clipped grids), the chart draws a run with one set, and there is a view by kind and
split. Driven by Streamlit's AppTest with a saved one-set result."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.support.common import ROOT, UI, use_app_env

RESULT = ROOT / "evals" / "baseline_test.json"  # one set (blind_seeds), test split


@pytest.fixture
def page(tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    use_app_env(monkeypatch, tmp_path, seeds, llm=None)
    at = AppTest.from_file(str(UI / "pages" / "2_Evaluation.py"), default_timeout=120)
    at.session_state["eval_result"] = json.loads(RESULT.read_text())
    at.run()
    assert not at.exception, at.exception
    yield at
    st.cache_resource.clear()


def test_one_set_run_has_whole_tables_and_a_chart(page: AppTest) -> None:
    result = json.loads(RESULT.read_text())
    assert len(result["sets"]) == 1
    assert len(page.table) >= 2 and not page.dataframe  # static tables, nothing clipped
    kinds = page.table[0].value
    assert "test accuracy [95% CI]" in kinds.columns
    assert len(kinds) == len({r["kind"] for r in result["items"]}) + 1  # each kind + all
    charts = [e for e in page.main if type(e).__name__ == "UnknownElement"
              and e.type in ("arrow_vega_lite_chart", "vega_lite_chart", "bar_chart")]
    assert charts, [getattr(e, "type", type(e).__name__) for e in page.main]


def test_view_by_kind_and_split(page: AppTest) -> None:
    page.multiselect(key="view_kinds").set_value(["factoid"]).run()
    assert not page.exception, page.exception
    assert list(page.table[0].value["kind"]) == ["factoid", "all"]
    heading = [h.value for h in page.subheader if h.value.startswith("Failing")]
    factoid_failing = [r for r in json.loads(RESULT.read_text())["items"]
                       if r["kind"] == "factoid" and not r["passed"]]
    assert heading == [f"Failing questions ({len(factoid_failing)})"]
    split = page.radio(key="view_split")
    assert split.options == ["all", "test"]  # the splits this run has
    split.set_value("test").run()
    assert not page.exception, page.exception
    assert "test n" in page.table[0].value.columns
