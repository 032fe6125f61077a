"""Integrity: the ONNX model and tokenizer are checked (sha256) before use, and an
index built by another embedding model or dimension is refused with the rebuild
command, both in the library and through the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from rag.core.engine import Engine
from rag.embed import HashEncoder, default_model_paths
from rag.errors import EmbeddingModelError, IndexMismatchError

RAG = str(Path(sys.executable).parent / "rag")


def corrupt_copy(src: Path, dest: Path, how: str) -> Path:
    shutil.copyfile(src, dest)
    data = bytearray(dest.read_bytes())
    if how == "flip":
        data[len(data) // 2] ^= 0x01  # one bit, in the middle of the weights
    elif how == "truncate":
        data = data[: len(data) // 3]
    dest.write_bytes(bytes(data))
    return dest


def cli(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, ANONYMIZED_TELEMETRY="False", **env)
    return subprocess.run([RAG, *args], cwd=cwd, env=full, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("how", ["flip", "truncate"])
def test_corrupted_model_file_is_a_clear_error(
    tmp_path: Path, seeds: Path, engine_factory: Callable[..., Engine], how: str
) -> None:
    model, _ = default_model_paths()
    bad = corrupt_copy(model, tmp_path / "model.onnx", how)
    with pytest.raises(EmbeddingModelError, match="fails its checksum") as err:
        engine_factory(seeds, embed="onnx", embed_model_path=bad)
    assert str(bad) in str(err.value) and "Reinstall" in str(err.value)


def test_corrupted_tokenizer_is_a_clear_error(
    tmp_path: Path, seeds: Path, engine_factory: Callable[..., Engine]
) -> None:
    _, tokenizer = default_model_paths()
    bad = tmp_path / "tokenizer.json"
    bad.write_text(tokenizer.read_text().replace('"[UNK]"', '"[UNKNOWN]"', 1))
    with pytest.raises(EmbeddingModelError, match="tokenizer file .* fails its checksum"):
        engine_factory(seeds, embed="onnx", embed_tokenizer_path=bad)


def test_missing_model_file_is_a_clear_error(
    tmp_path: Path, seeds: Path, engine_factory: Callable[..., Engine]
) -> None:
    expected = r"not found at .*gone.onnx. Install it with `make install`"
    with pytest.raises(EmbeddingModelError, match=expected):
        engine_factory(seeds, embed="onnx", embed_model_path=tmp_path / "gone.onnx")


def test_cli_with_corrupted_model_says_so_without_traceback(tmp_path: Path, seeds: Path) -> None:
    model, _ = default_model_paths()
    bad = corrupt_copy(model, tmp_path / "model.onnx", "flip")
    run = cli("index", "--seeds", str(seeds), "--index", str(tmp_path / "i"), cwd=tmp_path,
              RAG_EMBED="onnx", RAG_EMBED_MODEL_PATH=str(bad))
    assert run.returncode == 1
    assert run.stderr.startswith("Error: embedding model file at ")
    assert "fails its checksum" in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == ""


def test_index_from_another_dimension_is_refused(
    seeds: Path, engine_factory: Callable[..., Engine]
) -> None:
    engine_factory(seeds, embed="hash").index()
    with pytest.raises(IndexMismatchError, match=r"dimension 384.*dimension 128.*--rebuild"):
        Engine(engine_factory(seeds, embed="hash").settings, encoder=HashEncoder(dim=128))


@pytest.mark.integration
def test_cli_refuses_index_built_by_another_model_then_rebuild_fixes_it(
    tmp_path: Path, seeds: Path
) -> None:
    index = str(tmp_path / "i")
    built = cli("index", "--seeds", str(seeds), "--index", index, cwd=tmp_path, RAG_EMBED="hash")
    assert built.returncode == 0, built.stderr
    question = "What did Putin say about the boycott?"
    for args in (["ask", question], ["index"]):
        run = cli(*args, "--seeds", str(seeds), "--index", index, cwd=tmp_path, RAG_EMBED="onnx")
        assert run.returncode == 1
        assert run.stderr.startswith("Error: the index was built with embedding model 'hash-384'")
        assert "`rag index --rebuild`" in run.stderr and "Traceback" not in run.stderr
    rebuilt = cli("index", "--rebuild", "--seeds", str(seeds), "--index", index, cwd=tmp_path,
                  RAG_EMBED="onnx")
    assert rebuilt.returncode == 0 and "Indexed 5 new" in rebuilt.stdout
    asked = cli("ask", question, "--seeds", str(seeds), "--index", index, cwd=tmp_path,
                RAG_EMBED="onnx")
    assert asked.returncode == 0 and "[1]" in asked.stdout
