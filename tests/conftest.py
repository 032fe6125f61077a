"""Shared fixtures: a copy of the seed articles, hash-embedder engines for fast unit
tests, and one real-model engine (ONNX MiniLM + embedded Chroma) per session.

Each test is marked by its folder: `unit` (in-process, fakes for speed: `make
test-fast`), `integration` (real models, servers, processes), `e2e` (a user's way in:
the browser, the `rag` command, the Streamlit app). Helpers live in `tests/support/`;
nothing imports this file."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rag import get_engine
from rag.core.engine import Engine
from rag.settings import Settings
from tests.support.common import SEEDS, make_settings

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
for var in ("OPENAI_API_KEY", "RAG_LLM_BASE_URL", "RAG_LLM", "RAG_EMBED", "RAG_CHROMA_HOST"):
    os.environ.pop(var, None)
# Tests answer extractively unless they choose a model: `auto` would pick up the local
# model wherever `rag model install` put it, and make every test slow.
os.environ["RAG_LLM"] = "extractive"


@pytest.fixture(autouse=True)
def _main_module_restored() -> Iterator[None]:
    """Streamlit's AppTest runs a page as `__main__`; left behind, it makes every later
    `spawn` child (the bench's stages) re-run that page and die."""
    main = sys.modules.get("__main__")
    saved = {k: getattr(main, k) for k in ("__file__", "__spec__") if hasattr(main, k)}
    yield
    sys.modules["__main__"] = main  # type: ignore[assignment]
    for key in ("__file__", "__spec__"):
        if key in saved:
            setattr(main, key, saved[key])
        elif hasattr(main, key):
            delattr(main, key)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private, writable copy of the seed articles."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture
def hash_settings(tmp_path: Path, seeds: Path) -> Settings:
    return make_settings(tmp_path, seeds, embed="hash")


@pytest.fixture
def hash_engine(hash_settings: Settings) -> Engine:
    engine = get_engine(hash_settings)  # the engine `rag.ask(settings=...)` answers with
    engine.index()
    return engine


@pytest.fixture(scope="session")
def onnx_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The real thing, built once: ONNX MiniLM + embedded Chroma over the seeds."""
    tmp = tmp_path_factory.mktemp("onnx")
    dest = tmp / "seeds"
    shutil.copytree(SEEDS, dest)
    engine = get_engine(make_settings(tmp, dest, embed="onnx"))
    engine.index()
    return engine


@pytest.fixture
def engine_factory(tmp_path: Path) -> Callable[..., Engine]:
    def build(seeds_dir: Path, **overrides: object) -> Engine:
        return Engine.from_settings(make_settings(tmp_path, seeds_dir, **overrides))

    return build


TIERS = ("unit", "integration", "e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test with its tier, from the folder it lives in."""
    for item in items:
        tier = next((p for p in item.path.parts if p in TIERS), None)
        if tier:
            item.add_marker(getattr(pytest.mark, tier))
