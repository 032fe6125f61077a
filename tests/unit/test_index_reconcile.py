"""Indexing keeps the store in line with the folder, whatever happened before: passages
whose file is gone don't survive a lost manifest; an indexed file that can no longer be
read is kept and marked stale, not reported "up to date"; a single huge article is
staged piece by piece with progress; a symlink to a folder is named as such. Real
embedded Chroma, hash embedder."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from rag.cli import main as cli
from rag.core.engine import Engine
from rag.ingest.articles import MAX_BYTES
from rag.ingest.indexer import STAGING_NAME, read_folder
from tests.support.common import ROOT


def test_passages_of_a_deleted_file_do_not_survive_a_lost_manifest(
    seeds: Path, engine_factory: Callable[..., Engine]
) -> None:
    engine = engine_factory(seeds, embed="hash")
    engine.index()
    victim = sorted(p.name for p in seeds.glob("*.txt"))[0]
    # The manifest is lost (deleted, or a kill -9 between passages and manifest)...
    engine.store.files.delete(ids=list(engine.store.manifest()))
    # ...and then the article is removed from the folder.
    (seeds / victim).unlink()
    report = engine.index()
    assert victim in report.removed
    left = engine.store.chunks.get(where={"source": victim})
    assert left["ids"] == []
    answer = engine.ask("What happened at the Beijing Olympics?")
    assert all(c.source != victim for c in answer.passages)
    assert engine.store.problem() == ""


def test_an_indexed_file_that_turns_unreadable_is_kept_and_marked_stale(
    seeds: Path, engine_factory: Callable[..., Engine]
) -> None:
    engine = engine_factory(seeds, embed="hash")
    engine.index()
    name = sorted(p.name for p in seeds.glob("*.txt"))[1]
    before = engine.store.manifest()[name]
    good = (seeds / name).read_bytes()
    (seeds / name).write_bytes(b"\xff\xfe broken \xff" * 50)
    report = engine.index()
    assert report.stale == [name]
    assert not report.summary().startswith("Index up to date")
    assert "stale" in report.summary()
    record = engine.store.manifest()[name]
    assert record.stale and record.sha256 == before.sha256  # the old version is kept
    listed = CliRunner().invoke(cli, ["articles", "--index", str(engine.settings.index_dir)],
                                env={"RAG_EMBED": "hash"})
    assert re.search(r"stale: the file can't be read now", listed.output), listed.output
    # Fixed again: indexed afresh and the mark is gone.
    (seeds / name).write_bytes(good + b"\n\nOne more line.")
    report = engine.index()
    assert report.updated == [name] and report.stale == []
    assert engine.store.manifest()[name].stale == ""


def test_one_huge_article_is_staged_in_pieces_with_progress(
    seeds: Path, engine_factory: Callable[..., Engine]
) -> None:
    engine = engine_factory(seeds, embed="hash", index_group_passages=16)
    engine.index()
    sentences = " ".join(f"Line {i} tells of the harbour ferry number {i}." for i in range(1200))
    (seeds / "huge.txt").write_text("A very long report\n\n" + sentences)
    steps: list[tuple[int, int]] = []
    calls: list[int] = []
    original = engine.embedder._get_text_embeddings

    def dying(texts: list[str]) -> list[list[float]]:
        calls.append(len(texts))
        if len(calls) == 4:
            raise KeyboardInterrupt  # Ctrl-C part-way through the one article
        return original(texts)

    object.__setattr__(engine.embedder, "_get_text_embeddings", dying)
    with pytest.raises(KeyboardInterrupt):
        engine.index(progress=lambda done, total, _msg: steps.append((done, total)))
    assert len([s for s in steps if 0 < s[0] < s[1]]) >= 3  # progress within the article
    staged = list((engine.settings.index_dir / STAGING_NAME).glob("*.npz"))
    assert len(staged) == 3  # three pieces survive the interruption
    report = engine.index()
    assert report.added == ["huge.txt"]
    assert sum(calls[4:]) == report.chunks_embedded - sum(calls[:3])  # only the rest
    assert engine.store.problem() == ""


def test_a_symlink_to_the_folder_itself_is_named_as_such(seeds: Path) -> None:
    os.symlink(".", seeds / "loop.txt")
    _, skipped = read_folder(seeds)
    assert ("loop.txt", "symlink to a folder, not to an article file") in skipped


def test_readme_states_the_file_size_limit() -> None:
    readme = (ROOT / "README.md").read_text()
    assert f"{MAX_BYTES // 1_000_000} MB" in readme
    assert re.search(rf"(larger\s+than|over)\s+{MAX_BYTES // 1_000_000} MB", readme)
