"""Bad files in the articles folder, through the real `rag index` command: each is
skipped with one line naming it and the reason, good files are indexed, the index
loses nothing, and the exit code (3) says files were skipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RAG = str(Path(sys.executable).parent / "rag")

SNAPSHOT = """
import json, sys
from rag.settings import Settings
from rag.store import Store
s = Settings(index_dir=sys.argv[1], embed="hash", _env_file=None)
store = Store(s, "hash-384", 384)
got = store.chunks.get(include=["documents"])
print(json.dumps({
    "chunks": dict(zip(got["ids"], got["documents"])),
    "files": {k: v.sha256 for k, v in store.manifest().items()},
}))
"""

GOOD_NEW = (
    "Harbour city opens a floating library\n\n"
    "The floating library moored in the old harbour opened on Saturday with four "
    "thousand books. Volunteers rowed the first readers across the basin.\n"
)


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"RAG_EMBED": "hash", "ANONYMIZED_TELEMETRY": "False", "PYTHONUNBUFFERED": "1"})
    return env


def rag(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [RAG, *args], cwd=cwd, env=cli_env(), capture_output=True, text=True, timeout=timeout
    )


def snapshot(index: Path, cwd: Path) -> dict[str, dict[str, str]]:
    out = subprocess.run(
        [sys.executable, "-c", SNAPSHOT, str(index)], cwd=cwd, env=cli_env(),
        capture_output=True, text=True, timeout=120, check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def plant_bad_files(seeds: Path, outside: Path) -> dict[str, str]:
    """Write every kind of bad file; return name -> expected words in its reason."""
    expected: dict[str, str] = {}
    (seeds / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "empty file"
    (seeds / "blank.txt").write_text("   \n\t\n")
    expected["blank.txt"] = "empty file"
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    (seeds / "binary.txt").write_bytes(png + bytes(range(256)) * 4)
    expected["binary.txt"] = "NUL"
    (seeds / "noise.txt").write_bytes(bytes(range(128, 256)) * 8)  # binary without NULs
    expected["noise.txt"] = "not UTF-8"
    latin1 = "Le café était fermé à Zürich.\n\nLes élèves ont protesté devant la mairie.\n"
    (seeds / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    expected["latin1.txt"] = "not UTF-8"
    with open(seeds / "huge.txt", "wb") as fh:
        fh.write(b"The council met again and talked at length. " * 1_200_000)  # ~53 MB
    expected["huge.txt"] = "too large"
    (seeds / "boilerplate.txt").write_text(
        "Home > Latest News > World\nAdvertisement\nRead more: the best of the week\n"
        "Share this article\nPhoto: Reuters\nPrevious article\nSee also:\n"
    )
    expected["boilerplate.txt"] = "boilerplate"
    (seeds / "punctuation.txt").write_text("—— * ——\n\n... !!! ???\n")
    expected["punctuation.txt"] = "boilerplate"
    (seeds / "nul.txt").write_text("A normal looking headline\n\nThe text goes on\x00 and on.\n")
    expected["nul.txt"] = "NUL"
    outside_file = outside / "secret.txt"
    outside_file.write_text("Secret headline\n\nThis file lives outside the articles folder.\n")
    (seeds / "outside.txt").symlink_to(outside_file)
    expected["outside.txt"] = "outside the articles folder"
    (seeds / "dangling.txt").symlink_to(outside / "missing.txt")
    expected["dangling.txt"] = "broken symlink"
    unreadable = seeds / "unreadable.txt"
    unreadable.write_text("Locked headline\n\nNobody may read this article.\n")
    unreadable.chmod(0)
    if os.geteuid() == 0:  # root reads mode-000 files: use things root can't read as text
        unreadable.chmod(0o644)
        unreadable.unlink()
        os.mkfifo(unreadable)  # opening it would block `rag index` forever
        expected["unreadable.txt"] = "not a regular file"
        (seeds / "folder.txt").mkdir()
        expected["folder.txt"] = "not a regular file"
    else:
        expected["unreadable.txt"] = "can't be read"
    return expected


@pytest.mark.integration
def test_bad_files_are_skipped_one_line_each_and_nothing_is_lost(
    seeds: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    first = rag("index", "--seeds", str(seeds), "--index", str(index), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = snapshot(index, tmp_path)
    assert len(before["files"]) == 5 and before["chunks"]

    outside = tmp_path / "outside"
    outside.mkdir()
    expected = plant_bad_files(seeds, outside)
    # An indexed article that turns bad keeps its indexed passages.
    turned_bad = "000_039771c1ec2c0d1b.txt"
    (seeds / turned_bad).write_bytes((seeds / turned_bad).read_bytes() + b"\x00")
    expected[turned_bad] = "NUL"
    (seeds / "good_new.txt").write_text(GOOD_NEW)

    run = rag("index", "--seeds", str(seeds), "--index", str(index), cwd=tmp_path)
    assert run.returncode == 3, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr + run.stdout
    skipped_lines = [ln for ln in run.stdout.splitlines() if ln.startswith("skipped ")]
    assert len(skipped_lines) == len(expected), skipped_lines
    for name, reason in expected.items():
        lines = [ln for ln in skipped_lines if ln.startswith(f"skipped {name}: ")]
        assert len(lines) == 1, (name, skipped_lines)
        assert reason in lines[0], lines[0]
    assert "Indexed 1 new, 0 changed, removed 0" in run.stdout

    after = snapshot(index, tmp_path)
    # Nothing indexed before is lost or altered; the good file is in.
    assert {k: after["chunks"][k] for k in before["chunks"]} == before["chunks"]
    assert {k: after["files"][k] for k in before["files"]} == before["files"]
    assert set(after["files"]) == set(before["files"]) | {"good_new.txt"}
    new_ids = set(after["chunks"]) - set(before["chunks"])
    assert not any(k.startswith(tuple(expected)) for k in new_ids)

    ask = rag("ask", "How many books did the floating library open with?",
              "--index", str(index), "--seeds", str(seeds), "--json", cwd=tmp_path)
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert answer["supported"] and answer["citations"][0]["source"] == "good_new.txt"


def test_missing_seeds_folder_is_one_clear_error(tmp_path: Path) -> None:
    run = rag("index", "--seeds", str(tmp_path / "nope"), "--index", str(tmp_path / "i"),
              cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.strip().startswith("Error: articles folder not found")
    assert "Traceback" not in run.stderr


def test_folder_of_only_bad_files_indexes_nothing_and_says_why(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "empty.txt").write_bytes(b"")
    run = rag("index", "--seeds", str(seeds), "--index", str(tmp_path / "i"), cwd=tmp_path)
    assert run.returncode == 3
    assert "skipped empty.txt: empty file" in run.stdout
    assert "Traceback" not in run.stderr
