"""What many tests share and import (tests never import conftest): the repository's
folders and a `Settings` built for a temporary folder."""

from __future__ import annotations

from pathlib import Path

from rag.settings import Settings

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
