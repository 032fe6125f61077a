"""What many tests share and import (tests never import conftest): the repository's
folders and a `Settings` built for a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rag.settings import Settings

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
UI = ROOT / "ui"
CORPORA = ROOT / "tests" / "corpora"


def make_settings(tmp: Path, seeds_dir: Path, **overrides: object) -> Settings:
    """Settings whose index and data live under `tmp`, ignoring any `.env` file."""
    values: dict[str, object] = {
        "seeds_dir": seeds_dir, "index_dir": tmp / "index", "data_dir": tmp / "data",
        "_env_file": None,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def use_app_env(monkeypatch: pytest.MonkeyPatch, tmp: Path, seeds_dir: Path,
            llm: str | None = "none") -> None:
    """The environment of the Streamlit pages over a hash-embedder index in `tmp`
    (`llm=None` leaves the answerer as the tests set it), with ui/ on sys.path as
    `streamlit run` puts it, and no engine cached from an earlier test."""
    import streamlit as st

    values = {"RAG_EMBED": "hash", "RAG_SEEDS_DIR": str(seeds_dir),
              "RAG_INDEX_DIR": str(tmp / "index"), "RAG_DATA_DIR": str(tmp / "data")}
    if llm is not None:
        values["RAG_LLM"] = llm
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.syspath_prepend(str(UI))
    st.cache_resource.clear()
