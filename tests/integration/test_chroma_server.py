"""Server mode: `RAG_CHROMA_HOST`/`RAG_CHROMA_PORT` put the passages in a real
`chroma run` server; indexing and answers must be the same as with the embedded store."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.core.engine import Engine
from rag.settings import load_settings
from tests.support.common import SEEDS, make_settings
from tests.support.servers import answers, free_port, serving

pytestmark = pytest.mark.integration

QUESTIONS = (
    "What did Putin say about the boycott?",
    "Why was Russia banned from international competitions?",
    "What are the Games of the Future?",
)


def _chroma_exe() -> str | None:
    beside = Path(sys.executable).with_name("chroma")
    return str(beside) if beside.exists() else shutil.which("chroma")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real `chroma run --path TMP --host 127.0.0.1 --port FREE`, stopped at the end."""
    exe = _chroma_exe()
    if exe is None:
        pytest.skip("the `chroma` command is not installed (it ships with chromadb)")
    tmp = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    with serving(
        "chroma server",
        [exe, "run", "--path", str(tmp / "data"), "--host", "127.0.0.1", "--port", str(port)],
        tmp / "server.log", answers(f"http://127.0.0.1:{port}/api/v2/heartbeat", "heartbeat"),
        90,
    ):
        yield "127.0.0.1", port


def _cited(engine: Engine, question: str) -> list[tuple[str, str]]:
    answer = engine.ask(question)
    return [(c.source, c.chunk_id) for c in answer.citations]


def test_index_and_ask_through_a_chroma_server_match_the_embedded_store(
    chroma_server: tuple[str, int], tmp_path: Path, onnx_engine: Engine,
) -> None:
    host, port = chroma_server
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    settings = make_settings(tmp_path, seeds, embed="onnx", chroma_host=host, chroma_port=port)
    engine = Engine.from_settings(settings)
    report = engine.index()

    assert len(report.added) == len(list(SEEDS.glob("*.txt")))
    assert engine.stats().chunks == onnx_engine.stats().chunks > 0
    # The passages live on the server, not in the local index folder.
    import chromadb

    remote = chromadb.HttpClient(host=host, port=port)
    assert remote.get_collection(settings.collection).count() == engine.stats().chunks
    assert not (settings.index_dir / "chroma.sqlite3").exists()
    for question in QUESTIONS:
        server_cites = _cited(engine, question)
        assert server_cites, question
        assert server_cites == _cited(onnx_engine, question), question
    # Re-running is incremental through the server too.
    assert not engine.index().changed


def test_chroma_host_and_port_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RAG_CHROMA_HOST", "chroma.internal")
    monkeypatch.setenv("RAG_CHROMA_PORT", "8123")
    settings = load_settings(_env_file=None)
    assert (settings.chroma_host, settings.chroma_port) == ("chroma.internal", 8123)


def test_ingestion_batches_respect_the_servers_max_batch_size(
    chroma_server: tuple[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Upserts are cut at `client.get_max_batch_size()` (forced small here)."""
    host, port = chroma_server
    settings = make_settings(tmp_path, tmp_path / "seeds", embed="hash", chroma_host=host,
                             chroma_port=port, collection="batching")
    shutil.copytree(SEEDS, settings.seeds_dir)
    engine = Engine.from_settings(settings)
    client = engine.store.client
    sizes: list[int] = []
    real_upsert = engine.store.chunks.upsert

    def spy(*args: object, **kwargs: object) -> object:
        sizes.append(len(kwargs["ids"]))  # type: ignore[arg-type]
        return real_upsert(*args, **kwargs)

    monkeypatch.setattr(engine.store.chunks, "upsert", spy)
    monkeypatch.setattr(client, "get_max_batch_size", lambda: 4)
    engine.index()
    assert sizes and max(sizes) <= 4
    assert sum(sizes) == engine.stats().chunks
