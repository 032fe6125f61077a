"""Incremental indexing against real embedded Chroma (hash embedder for speed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.core.engine import Engine
from rag.embed import HashEncoder
from rag.errors import IndexMismatchError
from rag.settings import Settings
from rag.store import Store


def test_first_index_embeds_every_article(hash_settings: Settings, seeds: Path) -> None:
    engine = Engine.from_settings(hash_settings)
    report = engine.index()
    assert sorted(report.added) == sorted(p.name for p in seeds.glob("*.txt"))
    assert report.chunks_embedded == engine.store.count() > 0
    stats = engine.stats()
    assert stats.articles == 5 and stats.chunks == report.chunks_embedded
    assert stats.last_indexed is not None


def test_reindex_of_unchanged_corpus_embeds_nothing(hash_engine: Engine) -> None:
    calls: list[int] = []
    original = hash_engine.embedder._get_text_embeddings

    def counting(texts: list[str]) -> list[list[float]]:
        calls.append(len(texts))
        return original(texts)

    object.__setattr__(hash_engine.embedder, "_get_text_embeddings", counting)
    report = hash_engine.index()
    assert not report.changed and report.chunks_embedded == 0 and calls == []
    assert "up to date" in report.summary() and "nothing embedded" in report.summary()


def test_changed_file_is_reembedded_and_stale_passages_dropped(
    hash_engine: Engine, seeds: Path
) -> None:
    target = seeds / "001_6d39dde49842dcc4.txt"
    before = {r.source: r for r in hash_engine.articles()}
    target.write_text("Short headline\n\nThe zebra crossing report was published on Monday.\n")
    report = hash_engine.index()
    assert report.updated == [target.name] and report.added == []
    after = {r.source: r for r in hash_engine.articles()}
    assert after[target.name].chunks == 1 < before[target.name].chunks
    got = hash_engine.store.chunks.get(where={"source": target.name})
    assert got["ids"] == [f"{target.name}#0"]
    answer = hash_engine.ask("What was published about the zebra crossing report?")
    assert answer.supported and answer.citations[0].source == target.name
    # Other articles untouched.
    assert {k: v.sha256 for k, v in after.items() if k != target.name} == {
        k: v.sha256 for k, v in before.items() if k != target.name}


def test_new_chunk_settings_reindex_every_article_once(
    hash_engine: Engine, hash_settings: Settings
) -> None:
    before = {r.source: r.chunks for r in hash_engine.articles()}
    finer = Engine.from_settings(hash_settings.model_copy(update={"chunk_words": 40}))
    report = finer.index()
    assert sorted(report.updated) == sorted(before) and report.chunks_embedded > 0
    after = {r.source: r.chunks for r in finer.articles()}
    assert all(after[s] > before[s] for s in before)  # smaller passages, more of them
    assert finer.store.count() == sum(after.values())  # no stale passages left
    assert not finer.index().changed  # and then it is up to date


def test_a_new_cleaner_version_reindexes(
    hash_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("rag.ingest.indexer.CLEANER_VERSION", 999)
    report = hash_engine.index()
    assert len(report.updated) == 5 and not report.added
    assert not hash_engine.index().changed


def test_deleted_file_loses_its_passages(hash_engine: Engine, seeds: Path) -> None:
    gone = seeds / "003_808489e77434faa3.txt"
    gone.unlink()
    report = hash_engine.index()
    assert report.removed == [gone.name]
    assert hash_engine.store.chunks.get(where={"source": gone.name})["ids"] == []
    assert gone.name not in {r.source for r in hash_engine.articles()}
    answer = hash_engine.ask("Where will the Games of the Future take place?")
    assert all(c.source != gone.name for c in answer.citations + answer.passages)


def test_bad_file_is_skipped_and_nothing_indexed_is_lost(hash_engine: Engine, seeds: Path) -> None:
    before = hash_engine.store.count()
    (seeds / "empty.txt").write_bytes(b"")
    # A previously indexed article that turns bad keeps its passages.
    (seeds / "000_039771c1ec2c0d1b.txt").write_bytes(b"\xff\xfe broken \x00")
    report = hash_engine.index()
    reasons = dict(report.skipped)
    assert "empty" in reasons["empty.txt"]
    assert "NUL" in reasons["000_039771c1ec2c0d1b.txt"]
    assert hash_engine.store.count() == before
    assert "skipped empty.txt: empty file" in report.summary()


def test_index_built_by_another_model_is_refused_with_rebuild_hint(hash_engine: Engine) -> None:
    with pytest.raises(IndexMismatchError) as err:
        Store(hash_engine.settings, "some-other-model", 384, client=hash_engine.store.client)
    assert "rag index --rebuild" in str(err.value)
    with pytest.raises(IndexMismatchError):
        Engine(hash_engine.settings, encoder=HashEncoder(dim=128))
