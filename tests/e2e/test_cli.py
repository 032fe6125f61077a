"""The `rag` CLI: click's runner for the flows, one real subprocess for the entry point."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rag.cli import main


@pytest.fixture
def env(tmp_path: Path, seeds: Path) -> dict[str, str]:
    return {"RAG_EMBED": "hash", "RAG_INDEX_DIR": str(tmp_path / "index"),
            "RAG_SEEDS_DIR": str(seeds)}


def test_index_then_noop_then_ask_json(env: dict[str, str]) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["index"], env=env)
    assert first.exit_code == 0, first.output
    assert "Indexed 5 new" in first.output
    again = runner.invoke(main, ["index"], env=env)
    assert again.exit_code == 0 and "nothing embedded" in again.output
    out = runner.invoke(main, ["ask", "Who is Wang Wenbin?", "--json"], env=env)
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert set(data) >= {"text", "supported", "citations"}
    assert isinstance(data["supported"], bool)
    # The hash embedder is a fake: check the wiring, the real model is tested below.
    top = data["passages"][0]
    assert top["source"] == "004_8a2d9f9cd888087d.txt"
    assert set(top) >= {"n", "source", "title", "date", "snippet", "score", "start", "end"}


def test_articles_lists_what_is_indexed_in_aligned_columns(
    env: dict[str, str], seeds: Path
) -> None:
    (seeds / "short.txt").write_text("Kazan hosts the Games\n\nKazan hosts them in 2024.\n",
                                     encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["index"], env=env).exit_code == 0
    out = runner.invoke(main, ["articles"], env=env)
    assert out.exit_code == 0, out.output
    lines = [line for line in out.output.splitlines() if not line.startswith(" ")]
    assert len(lines) == 6  # one per article; indented lines say how a date was inferred
    dates = {re.search(r"  <?\d{4}(-\d\d)?(-\d\d)? (given|inferred)|  unknown ", line).start()
             for line in lines}
    assert len(dates) == 1  # the date column lines up
    assert any(line.startswith("000_039771c1ec2c0d1b.txt  2021-12-15 given") for line in lines)
    short = next(line for line in lines if line.startswith("short.txt"))
    assert "  1 passage   Kazan hosts the Games" in short
    data = json.loads(runner.invoke(main, ["articles", "--json"], env=env).output)
    assert {r["source"] for r in data} >= {"short.txt", "000_039771c1ec2c0d1b.txt"}


def test_ask_builds_a_missing_index(env: dict[str, str]) -> None:
    out = CliRunner().invoke(main, ["ask", "Who is Wang Wenbin?"], env=env)
    assert out.exit_code == 0, out.output
    assert "No index yet" in out.output
    assert "Error" not in out.output


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_is_a_clear_error(env: dict[str, str], question: str) -> None:
    out = CliRunner().invoke(main, ["ask", question], env=env)
    assert out.exit_code == 1
    assert "Error: the question is empty" in out.output
    assert "Traceback" not in out.output


def test_missing_seeds_folder_is_a_clear_error(env: dict[str, str], tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["index", "--seeds", str(tmp_path / "nope")], env=env)
    assert out.exit_code == 1
    assert "articles folder not found" in out.output


def test_skipped_files_give_exit_code_3(env: dict[str, str], seeds: Path) -> None:
    (seeds / "bad.txt").write_bytes(b"\x00\x01binary")
    out = CliRunner().invoke(main, ["index"], env=env)
    assert out.exit_code == 3
    assert "skipped bad.txt: contains NUL bytes" in out.output


def test_rebuild_recovers_from_model_mismatch(env: dict[str, str]) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["index"], env=env).exit_code == 0
    other = {**env, "RAG_EMBED": "onnx"}
    out = runner.invoke(main, ["ask", "Who is Wang Wenbin?"], env=other)
    assert out.exit_code == 1 and "rag index --rebuild" in out.output
    rebuilt = runner.invoke(main, ["index", "--rebuild"], env=other)
    assert rebuilt.exit_code == 0 and "Indexed 5 new" in rebuilt.output


@pytest.mark.integration
def test_real_entry_point_with_real_model(tmp_path: Path, seeds: Path) -> None:
    env = {**os.environ, "RAG_INDEX_DIR": str(tmp_path / "idx"), "RAG_SEEDS_DIR": str(seeds)}
    env.pop("RAG_EMBED", None)
    rag = Path(sys.executable).parent / "rag"
    done = subprocess.run([str(rag), "ask", "Which city hosts the Games of the Future?", "--json"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert "Kazan" in answer["text"]
    assert answer["citations"][0]["source"] == "003_808489e77434faa3.txt"


def test_chat_keeps_the_conversation_for_follow_ups(env: dict[str, str]) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["index"], env=env).exit_code == 0
    script = ("Who is Wang Wenbin?\nWhat did he say about the domino effect?\n\n"
              "clear\nWhat did he say?\nexit\nNever asked?\n")
    out = runner.invoke(main, ["chat"], input=script, env=env)
    assert out.exit_code == 0, out.output
    assert "Answers by offline extractive, from 5 articles" in out.output
    assert "(looked up as: What did he say about the domino effect? (Wang Wenbin))" in out.output
    assert "[1] " in out.output and "004_8a2d9f9cd888087d.txt" in out.output
    assert "Conversation cleared." in out.output
    after_clear = out.output.split("Conversation cleared.")[1]
    assert "(looked up as" not in after_clear  # no history left to lean on
    assert "Never asked" not in out.output  # `exit` ended it


def test_chat_survives_a_bad_question_and_ends_on_eof(env: dict[str, str]) -> None:
    out = CliRunner().invoke(main, ["chat"], input="\x01\x02\nWho is Wang Wenbin?\n", env=env)
    assert out.exit_code == 0, out.output
    assert "No index yet" in out.output  # a fresh clone: built first
    assert "Error: the question is empty" in out.output
    after = out.output.split("Error: the question is empty")[1]
    assert "Who is Wang Wenbin?" in after  # the chat went on to the next question
    assert "[1]" in after or "The articles don't say" in after  # and answered it
    assert "Traceback" not in out.output


def test_chat_streams_a_model_answer(env: dict[str, str], tmp_path: Path) -> None:
    script = tmp_path / "script.json"
    script.write_text(json.dumps(["Wang Wenbin is a spokesman for China's foreign ministry [1]."]))
    env = {**env, "RAG_LLM": "scripted", "RAG_LLM_SCRIPT": str(script)}
    runner = CliRunner()
    assert runner.invoke(main, ["index"], env=env).exit_code == 0
    out = runner.invoke(main, ["chat"], input="Who is Wang Wenbin?\n", env=env)
    assert out.exit_code == 0, out.output
    assert "Answers by scripted" in out.output
    assert "Wang Wenbin is a spokesman for China's foreign ministry [1]." in out.output
    assert "\n[1] " in out.output


def test_streamed_answer_is_followed_by_the_checked_one_when_they_differ(
    env: dict[str, str], tmp_path: Path,
) -> None:
    """`rag ask --stream` prints text as the model writes it; when the checks change it
    (here: an uncited sentence gets the citation of the passage that says it), the
    checked answer follows, so what was streamed is never the last word."""
    script = tmp_path / "script.json"
    script.write_text(json.dumps(["Xi has invited Putin to attend."]))
    env = {**env, "RAG_LLM": "scripted", "RAG_LLM_SCRIPT": str(script)}
    runner = CliRunner()
    assert runner.invoke(main, ["index"], env=env).exit_code == 0
    out = runner.invoke(main, ["ask", "--stream", "Who invited Putin to attend?"], env=env)
    assert out.exit_code == 0, out.output
    assert "Xi has invited Putin to attend.\n" in out.output  # as streamed, uncited
    assert "Checked answer: Xi has invited Putin to attend. [1]" in out.output
