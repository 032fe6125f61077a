"""A bad `RAG_*` value is one line naming the variable, the value and what is
allowed, at the CLI (exit 1, no traceback); older provider names keep working."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rag.errors import SettingsError
from rag.settings import load_settings
from tests.support.common import UI


@pytest.mark.parametrize(("var", "value", "expected"), [
    ("RAG_TOP_K", "0", "Error: RAG_TOP_K must be ≥ 1 (got '0')"),
    ("RAG_TOP_K", "abc", "Error: RAG_TOP_K must be a whole number (got 'abc')"),
    ("RAG_CHUNK_WORDS", "5", "Error: RAG_CHUNK_WORDS must be ≥ 10 (got '5')"),
    ("RAG_LLM", "bogus", "Error: RAG_LLM must be one of 'auto', 'local'"),
    ("RAG_LLM_TIMEOUT", "100", "Error: RAG_LLM_TIMEOUT must be ≤ 60.0 (got '100')"),
])
def test_cli_prints_one_line(var: str, value: str, expected: str,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(var, value)
    done = subprocess.run([sys.executable, "-m", "rag.cli", "ask", "anything"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(expected), done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_old_provider_names_still_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_LLM", "none")
    assert load_settings().llm == "extractive"
    monkeypatch.setenv("RAG_LLM", "nonsense")
    with pytest.raises(SettingsError, match="RAG_LLM"):
        load_settings()


def test_ui_shows_the_same_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("RAG_TOP_K", "0")
    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.syspath_prepend(str(UI))
    at = AppTest.from_file(str(UI / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    errors = [e.value.replace("\\", "") for e in at.error]  # as shown: markdown unescaped
    assert errors == ["Error: RAG_TOP_K must be ≥ 1 (got '0')"], errors
