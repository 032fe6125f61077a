from pathlib import Path

import pytest

from rag.core.engine import Engine
from rag.retrieval.hybrid import keep_dense, rrf
from rag.retrieval.keyword import BM25
from rag.settings import Settings
from rag.text import terms


def _index() -> BM25:
    docs = {
        "a": "Putin met Xi in Moscow to discuss the Olympics.",
        "b": "The weather in Moscow was cold.",
        "c": "Fencing federation readmits Russian fencers.",
    }
    return BM25.build(((k, terms(v)) for k, v in docs.items()), version="v1")


def test_bm25_ranks_rare_term_matches_first() -> None:
    index = _index()
    hits = index.search(terms("Olympics Putin"), 3)
    assert [h[0] for h in hits] == ["a"]
    hits = index.search(terms("Moscow"), 3)
    assert {h[0] for h in hits} == {"a", "b"}
    assert index.idf(terms("fencers")[0]) > index.idf("moscow")
    assert index.search(terms("unrelated zebra"), 3) == []


def test_bm25_cache_round_trip_respects_version(tmp_path: Path) -> None:
    index = _index()
    path = tmp_path / "bm25.npz"
    index.save(path)
    loaded = BM25.load(path, "v1")
    assert loaded is not None
    assert loaded.search(terms("Olympics Putin"), 3) == index.search(terms("Olympics Putin"), 3)
    assert BM25.load(path, "v2") is None


def test_a_cache_file_of_the_old_layout_is_rebuilt_not_read_as_empty(
    hash_engine: Engine,
) -> None:
    """The numpy BM25 that bm25s replaced saved `ptr/docs/weights` under the same
    corpus version; reading that file as "no passages" silently emptied keyword search
    on upgraded indexes."""
    import json

    import numpy as np

    from rag.retrieval.hybrid import Retriever

    path = hash_engine.retriever.cache_path
    version = hash_engine.retriever.keyword.version
    ids = list(hash_engine.retriever.keyword.ids)
    np.savez(path, meta=np.array(json.dumps({"version": version, "ids": ids, "df": {}})),
             ptr=np.zeros(3), docs=np.zeros(3), weights=np.zeros(3))
    fresh = Retriever(hash_engine.settings, hash_engine.encoder, hash_engine.store)
    assert len(fresh.keyword.ids) == len(ids) > 0
    assert fresh.keyword.search(terms("boycott"), 3)
    assert BM25.load(path, version) is not None  # rebuilt and saved in the new layout


def test_rrf_rewards_agreement() -> None:
    fused = rrf([["x", "y", "z"], ["y", "w"]], k=60)
    assert fused[0][0] == "y"
    assert {cid for cid, _ in fused} == {"x", "y", "z", "w"}


def test_the_meaning_search_best_passage_keeps_a_place_in_the_top_k() -> None:
    """A paraphrase shares no word with its answer: that passage ranks first for
    meaning and nowhere for keywords, and fusion put five passages ranked middling in
    both above it."""
    dense = ["para", "a", "b", "c", "d", "e"]
    keyword = ["e", "d", "c", "b", "a", "kw"]
    fused = rrf([dense, keyword], k=60)
    assert "para" not in [cid for cid, _ in fused[:5]]
    kept = [cid for cid, _ in keep_dense(fused, dense, 5, keep=4)]
    assert kept[4] == "para"  # the last of the top 5, up to half of k kept: 2
    assert kept[:4] == [cid for cid, _ in fused[:4]]  # the rest keep their order
    assert sorted(kept) == sorted(cid for cid, _ in fused)  # nothing lost
    assert keep_dense(fused, dense, 5, keep=0) == fused


def test_quotes_keep_no_place_for_a_passage_only_the_meaning_search_finds(
    hash_engine: Engine, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Quotes need the question's words (min_support), so a meaning-only passage would
    take the place of one they can quote: on the dev split, kept places cost the
    extractive answerer 3 answers net."""
    kept: list[int | None] = []
    original = type(hash_engine.retriever).retrieve

    def spy(self: object, question: str, k: int | None = None, keep: int | None = None):  # type: ignore[no-untyped-def]
        kept.append(keep)
        return original(self, question, k, keep)  # type: ignore[arg-type]

    monkeypatch.setattr(type(hash_engine.retriever), "retrieve", spy)
    assert hash_engine.provider == "extractive"
    hash_engine.ask("Who is Wang Wenbin?")
    assert kept and set(kept) == {0}


def test_hybrid_retrieval_finds_keyword_only_passage(hash_engine: Engine) -> None:
    _, passages = hash_engine.retriever.retrieve("Wang Wenbin spokesman", k=3)
    assert passages[0].chunk.source == "004_8a2d9f9cd888087d.txt"
    assert passages[0].keyword_rank == 1
    assert all(p.chunk.text for p in passages)


def test_passages_are_readable_through_llama_index(hash_engine: Engine) -> None:
    """The collection is in llama-index's format: its own retriever reads our passages."""
    from llama_index.core import VectorStoreIndex

    index = VectorStoreIndex.from_vector_store(
        hash_engine.store.vector_store, embed_model=hash_engine.embedder
    )
    nodes = index.as_retriever(similarity_top_k=3).retrieve("Wang Wenbin spokesman")
    assert len(nodes) == 3
    top = nodes[0].node
    assert top.metadata["source"] == "004_8a2d9f9cd888087d.txt"
    assert top.node_id == f"{top.metadata['source']}#{top.metadata['n']}"
    assert top.ref_doc_id == top.metadata["source"]


def test_dense_search_on_an_empty_store(hash_settings: Settings) -> None:
    engine = Engine.from_settings(hash_settings)
    assert engine.store.dense([0.1] * 384, 5) == []


def test_a_long_running_engine_follows_an_index_run_by_another_process(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chat keeps one engine; `rag index` in a terminal is another. After it adds
    an article, the chat's keyword search must know the new passages too."""
    monkeypatch.setattr("rag.retrieval.hybrid.STALE_CHECK_S", 3600.0)
    chat = Engine.from_settings(hash_settings)
    chat.index()
    chat.ask("Who is Wang Wenbin?")
    before = chat.retriever.keyword.version
    (hash_settings.seeds_dir / "zebra.txt").write_text(
        "Zebra news\n\nThe quokkazebra festival opened in Kazan on Monday.\n", encoding="utf-8")
    Engine.from_settings(hash_settings).index()  # the other process
    chat.ask("quokkazebra festival")  # within the check interval: not looked at yet
    assert chat.retriever.keyword.version == before
    monkeypatch.setattr("rag.retrieval.hybrid.STALE_CHECK_S", 0.0)
    answer = chat.ask("When did the quokkazebra festival open?")
    assert chat.retriever.keyword.version != before
    assert any(i.startswith("zebra.txt#") for i in chat.retriever.keyword.ids)
    assert answer.citations and answer.citations[0].source == "zebra.txt"
