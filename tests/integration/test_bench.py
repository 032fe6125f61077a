"""`rag bench` smoke tests: the pieces and one tiny end-to-end run (hash embedder).
No timing assertions: speed targets are what `rag bench` itself reports."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from rag.bench import command, corpus, process, report
from rag.bench import run as bench_run
from rag.cli import main
from tests.support.common import SEEDS, make_settings


def test_synthetic_passages_are_reshuffled_seed_sentences_with_unit_vectors() -> None:
    sentences = corpus.seed_sentences(SEEDS)
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((len(sentences), 16)).astype(np.float32)
    texts, vecs = corpus.synthetic_passages(sentences, vectors, 50, seed=3)

    assert len(texts) == 50 and vecs.shape == (50, 16)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    seed_words = {w for s in sentences for w in s.split()}
    for text in texts:
        tokens = text.split()
        assert 20 <= len(tokens) <= 160
        kept = [t for t in tokens if t in seed_words]
        assert len(kept) >= 0.6 * len(tokens)  # mostly seed words, some made-up ones
    assert len(set(texts)) == len(texts)
    again, _ = corpus.synthetic_passages(sentences, vectors, 50, seed=3)
    assert again == texts  # deterministic per seed


def test_percentiles_and_sizes_option() -> None:
    stats = process.percentiles([1.0, 2.0, 3.0, 4.0, 100.0])
    assert stats["p50_ms"] == 3.0 and stats["p95_ms"] > stats["p50_ms"] and stats["n"] == 5
    assert command._parse_sizes("10000,1000,1_000") == [1000, 10000]
    with pytest.raises(Exception, match="integers"):
        command._parse_sizes("1k")


def test_bench_command_is_registered() -> None:
    result = CliRunner().invoke(main, ["bench", "--help"])
    assert result.exit_code == 0
    assert "--sizes" in result.output and "--quick" in result.output


def test_a_tiny_run_produces_the_table_json_and_plot(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, SEEDS, embed="hash")
    result = bench_run.run_bench(settings, tmp_path / "work", [60, 120], copies=1, queries=1,
                             asks=1, cold_runs=1, ingest_rounds=3)
    json_path, png_path = report.save(result, tmp_path / "out")

    saved = json.loads(json_path.read_text())
    assert png_path.stat().st_size > 1000
    ingest = saved["ingest"]
    for key in ("raw_forward", "rag_index", "llamaindex_defaults"):
        assert ingest[key]["chunks"] == ingest["raw_forward"]["chunks"] > 0
        assert ingest[key]["chunks_per_s"] > 0 and ingest[key]["peak_rss_mb"] > 10
    assert ingest["rounds"] == 3
    each = {k: ingest[k]["rounds_chunks_per_s"] for k in ("raw_forward", "rag_index")}
    assert all(len(v) == 3 for v in each.values())
    assert ingest["raw_forward"]["chunks_per_s"] == sorted(each["raw_forward"])[1]  # median
    paired = sorted(a / b for a, b in zip(each["rag_index"], each["raw_forward"], strict=True))
    assert ingest["ratio_vs_raw"] == pytest.approx(paired[1], abs=1e-3)
    assert ingest["ratio_vs_llamaindex"] > 0
    runs = saved["retrieval"]["runs"]
    assert [r["size"] for r in runs] == [60, 120]
    for run in runs:
        assert run["query"]["chunks"] == run["size"]
        assert 0 < run["query"]["p50_ms"] <= run["query"]["p95_ms"]
        assert run["build"]["vocab"] > 100 and run["build"]["disk_mb"] > 0
        assert run["query"]["bm25_load_s"] >= 0 and run["query"]["store_open_s"] > 0
        assert set(run["query"]["breakdown_mean_ms"]) == {"embed", "dense", "bm25", "fetch"}
    assert "synthetic" in saved["retrieval"]["method"]
    assert saved["answer"]["ask"]["p50_ms"] > 0
    assert saved["answer"]["cold_rag_ask"]["median_s"] > 0
    assert saved["verdict"]["retrieve_p50_ms_at_100k"] is None  # no 100k run here
    assert set(saved["verdict"]) == set(bench_run.TARGETS)
    text = report.table(saved)
    assert "rag index / raw" in text and "120 chunks" in text


def test_retrieval_only_run_leaves_out_what_it_did_not_measure(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, SEEDS, embed="hash")
    result = bench_run.run_bench(settings, tmp_path / "work", [80], queries=1, retrieval_only=True)
    assert "ingest" not in result and "answer" not in result
    assert result["verdict"]["ask_p50_ms"] is None and result["verdict"]["open_s_at_1m"] is None
    json_path, png_path = report.save(result, tmp_path / "out", "bench-retrieval")
    assert json_path.name == "bench-retrieval.json" and png_path.stat().st_size > 1000
    text = report.table(result)
    assert "80 chunks" in text and "Ingestion" not in text and "ask()" not in text
