"""The blind question sets (issue 13): their shape and split rule, the statistics the
report rests on (Wilson intervals, declines kept apart, the dev/test gap), the
`rag eval` options, and the regression gate on the seed sets' test split."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rag.cli import main
from rag.core.engine import Engine
from rag.evals import (
    KINDS,
    blind_sets,
    compare,
    corpus_articles,
    groups,
    load_result,
    load_set,
    missing_facts,
    run_sets,
    select,
    set_name,
    wilson,
)
from rag.evals.report import decline_table, kind_table, markdown
from rag.evals.split import assign
from rag.ingest.articles import load_article
from tests.support.common import ROOT, SEEDS

BLIND_SEEDS = ROOT / "evals" / "blind_seeds.jsonl"
CORPUS = ROOT / "evals" / "corpora" / "harbourton"
CORPUS_SET = CORPUS / "questions.jsonl"
TEST_BASELINE = ROOT / "evals" / "baseline_test.json"
ISSUE_KINDS = ("factoid", "paraphrase", "noisy", "near_miss", "false_premise", "followup",
               "temporal", "cross")


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: load_article(p).text for p in folder.glob("*.txt")}


# --- the sets ---------------------------------------------------------------------
def test_blind_seed_set_has_every_kind_and_two_halves() -> None:
    items = load_set(BLIND_SEEDS)
    assert len(items) >= 120
    for kind in ISSUE_KINDS:
        assert sum(i.kind == kind for i in items) >= 12, kind
    assert sum(i.split == "dev" for i in items) >= 60
    assert sum(i.split == "test" for i in items) >= 60
    assert all(i.decline for i in items if i.kind == "near_miss")
    assert all(i.turns for i in items if i.kind == "followup")


def _articles_of(path: Path) -> Path:
    return corpus_articles(path) or SEEDS


@pytest.mark.parametrize("path", blind_sets(ROOT / "evals"), ids=lambda p: set_name(p))
def test_splits_are_the_fixed_seed_stratified_assignment(path: Path) -> None:
    """Re-assigning from scratch gives the committed splits: nobody moved a question
    between halves after seeing a result."""
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    fresh = assign([{k: v for k, v in r.items() if k != "split"} for r in records])
    assert [r["split"] for r in fresh] == [r["split"] for r in records]
    for kind in {r["kind"] for r in records}:
        halves = [r["split"] for r in records if r["kind"] == kind]
        assert abs(halves.count("dev") - halves.count("test")) <= 1, kind


def test_every_blind_set_is_a_default_set() -> None:
    assert {p.name for p in blind_sets(ROOT / "evals")} >= {
        "blind_seeds.jsonl", "blind_seeds_round3.jsonl", "questions.jsonl", "round3.jsonl"}


@pytest.mark.parametrize("path", blind_sets(ROOT / "evals"), ids=lambda p: set_name(p))
def test_facts_are_stated_by_an_expected_source(path: Path) -> None:
    """Every required fact appears in one of the question's sources, except where the
    answer is computed or counted (temporal, same-story, disagreement, cross and
    false-premise kinds, and questions whose `note` shows the working)."""
    texts = _texts(_articles_of(path))
    noted = {r["id"] for r in map(json.loads, path.read_text().splitlines()) if r.get("note")}
    for item in load_set(path):
        assert set(item.sources) <= set(texts), item.id
        if item.kind in {"temporal", "same_story", "disagreement", "cross", "false_premise"} \
                or item.id in noted:
            continue
        for alternatives in item.facts:
            assert any(not missing_facts(texts[s], [alternatives]) for s in item.sources), \
                (item.id, alternatives)


def test_unrelated_corpus_is_big_enough_and_has_declines() -> None:
    assert len(list((CORPUS / "articles").glob("*.txt"))) >= 40
    items = load_set(CORPUS_SET)
    assert len(items) >= 40
    assert sum(i.decline for i in items) >= 8
    assert {i.split for i in items} == {"dev", "test"}
    assert {i.kind for i in items} <= set(KINDS)


# --- statistics -------------------------------------------------------------------
def test_wilson_interval() -> None:
    assert wilson(0, 0) is None
    assert wilson(8, 10) == pytest.approx((0.490, 0.943), abs=1e-3)
    assert wilson(10, 10) == pytest.approx((0.722, 1.0), abs=1e-3)
    assert wilson(0, 5) == pytest.approx((0.0, 0.434), abs=1e-3)


def _row(kind: str, split: str, declined: bool, expect_decline: bool, passed: bool,
         cite: float | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {"set": "s", "kind": kind, "type": kind, "split": split,
                           "declined": declined, "expect_decline": expect_decline,
                           "passed": passed, "latency_ms": 1.0, "facts_ok": passed}
    if cite is not None:
        row["citation_hit@3"] = cite
    return row


def test_declines_precision_recall_and_gap_by_split() -> None:
    rows = [
        _row("near_miss", "dev", True, True, True),
        _row("near_miss", "dev", False, True, False),
        _row("factoid", "dev", True, False, False, 0.0),  # a false decline
        _row("factoid", "dev", False, False, True, 1.0),
        _row("factoid", "test", False, False, False, 1.0),
        _row("near_miss", "test", True, True, True),
    ]
    g = groups(rows)
    dev = g["*|*|dev"]
    assert dev["decline_recall"] == 0.5 and dev["decline_precision"] == 0.5
    assert dev["false_decline_rate"] == 0.5 and dev["accuracy"] == 0.5
    assert g["s|factoid|test"]["accuracy"] == 0.0
    result = {"groups": g, "items": rows, "overall": {}, "by_type": {}}
    table = {r["kind"]: r for r in kind_table(result, "s")}
    assert table["factoid"]["dev n"] == "2" and table["factoid"]["test n"] == "1"
    assert table["factoid"]["gap (dev − test)"] == "+0.50"
    assert table["factoid"]["dev accuracy [95% CI]"].startswith("0.50 [0.09–0.91]")
    splits = {r["split"]: r for r in decline_table(result, "s")}
    assert splits["dev"]["decline precision"] == "0.500"
    assert splits["test"]["decline recall"] == "1.000"


def test_select_by_split_and_kind() -> None:
    items = load_set(BLIND_SEEDS)
    test_items = select(items, "test")
    assert test_items and all(i.split == "test" for i in test_items)
    only = select(items, "dev", ["paraphrase", "noisy"])
    assert only and {i.kind for i in only} == {"paraphrase", "noisy"}
    assert len(select(items, "all")) == len(items)


# --- rag eval, end to end on small sets (hash embedder: fast) ---------------------
def _tiny_corpus(root: Path) -> Path:
    folder = root / "corpora" / "tiny"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "a.txt").write_text(
        "Ferry fares rise\n\nThe city council voted to raise ferry fares to 4 dollars.\n")
    (folder / "articles" / "b.txt").write_text(
        "Library reopens\n\nThe central library reopened after a two-year renovation.\n")
    lines = [
        {"id": "t1", "kind": "factoid", "split": "dev", "question": "What will ferry fares be?",
         "answer": "4 dollars", "facts": ["4 dollars"], "sources": ["a.txt"]},
        {"id": "t2", "kind": "near_miss", "split": "test",
         "question": "Who designed the library's new roof?", "answer": "Not stated.",
         "facts": [], "sources": []},
        {"id": "t3", "kind": "factoid", "split": "test",
         "question": "How long was the library renovation?", "answer": "Two years.",
         "facts": ["two-year"], "sources": ["b.txt"]},
    ]
    path = folder / "questions.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    return path


def test_cli_runs_several_sets_with_split_and_kind(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RAG_EMBED", "hash")
    monkeypatch.setenv("RAG_LLM", "none")
    tiny = _tiny_corpus(tmp_path)
    seed_set = tmp_path / "mine.jsonl"
    seed_set.write_text(json.dumps({
        "id": "m1", "kind": "factoid", "split": "test", "question":
        "How many Russian athletes will compete at the Beijing Games?", "answer": "212",
        "facts": ["212"], "sources": ["001_6d39dde49842dcc4.txt"]}) + "\n")
    out = tmp_path / "out"
    args = ["eval", "--set", str(tiny), "--set", str(seed_set), "--split", "test",
            "--seeds", str(seeds), "--index", str(tmp_path / "index"), "--out", str(out)]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    result = load_result(out / "result.json")
    assert {r["id"] for r in result["items"]} == {"t2", "t3", "m1"}  # t1 is dev
    assert {s["name"] for s in result["sets"]} == {"tiny/questions", "mine"}
    assert "## All sets: accuracy by kind and split" in res.output
    assert "## Set: tiny/questions" in res.output and "decline precision" in res.output
    # The corpus was indexed into a temporary index: the configured one holds the seeds.
    tiny_rows = [r for r in result["items"] if r["set"] == "tiny/questions"]
    assert all(set(r["retrieved"]) <= {"a.txt", "b.txt"} for r in tiny_rows)
    only = CliRunner().invoke(main, [*args[:-2], "--out", str(tmp_path / "o2"),
                                     "--kind", "near_miss"])
    assert only.exit_code == 0, only.output
    assert [r["id"] for r in load_result(tmp_path / "o2" / "result.json")["items"]] == ["t2"]
    none = CliRunner().invoke(main, [*args[:-2], "--out", str(tmp_path / "o3"),
                                     "--kind", "temporal"])
    assert none.exit_code == 1 and "no questions match" in none.output


# --- the gate: the seed sets' test split, real model ------------------------------
@pytest.fixture(scope="module")
def blind_test_result(onnx_engine: Engine) -> dict[str, Any]:
    return run_sets(onnx_engine.settings, [BLIND_SEEDS], "test")


@pytest.mark.integration
def test_blind_seed_test_split_holds_the_baseline(blind_test_result: dict[str, Any]) -> None:
    assert {r["split"] for r in blind_test_result["items"]} == {"test"}
    regressions = compare(blind_test_result, load_result(TEST_BASELINE))
    assert regressions == [], [str(r) for r in regressions]
    report = markdown(blind_test_result)
    assert "| paraphrase |" in report and "test accuracy [95% CI]" in report
