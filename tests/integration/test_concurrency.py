"""One shared Engine (what the UI caches for every session) under load: 8 threads
asking while a re-index runs on the same object, with the real ONNX model and real
embedded Chroma. No exception; every citation points at a passage that exists."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from rag.core.engine import Engine
from rag.schema import Answer

QUESTIONS = [
    "What did Putin say about the boycott?",
    "Where will the Games of the Future take place?",
    "Which countries announced a diplomatic boycott?",
    "What happened with the doping case?",
    "Who won the downhill?",
    "When do the Beijing Winter Olympics open?",
    "What did Xi Jinping and Putin agree?",
    "Why did the United States boycott the Games?",
]

NEW_ARTICLE = (
    "Glacier railway reopens after the avalanche\n\n"
    "The glacier railway reopened on Sunday after crews cleared the avalanche debris "
    "from the upper tunnel. Engineers said the line would run at reduced speed for a week.\n"
)


def run_threads(engine: Engine, reindex: threading.Event, seeds: Path) -> tuple[
    list[Answer], list[BaseException]
]:
    answers: list[Answer] = []
    errors: list[BaseException] = []
    guard = threading.Lock()
    start = threading.Barrier(9)

    def asker(k: int) -> None:
        start.wait()
        for i in range(6):
            try:
                got = engine.ask(QUESTIONS[(k + i) % len(QUESTIONS)])
            except BaseException as exc:  # noqa: BLE001 - any exception fails the test
                with guard:
                    errors.append(exc)
                return
            with guard:
                answers.append(got)

    def indexer() -> None:
        changed = seeds / "004_8a2d9f9cd888087d.txt"
        changed.write_text(changed.read_text() + "\nOrganisers issued a further statement.\n")
        (seeds / "new_glacier.txt").write_text(NEW_ARTICLE)
        start.wait()
        try:
            report = engine.index(lock_wait_s=60)
            assert report.added == ["new_glacier.txt"] and report.updated == [changed.name]
            reindex.set()
        except BaseException as exc:  # noqa: BLE001
            with guard:
                errors.append(exc)

    threads = [threading.Thread(target=asker, args=(k,)) for k in range(8)]
    threads.append(threading.Thread(target=indexer))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return answers, errors


@pytest.mark.integration
@pytest.mark.parametrize("embed", ["onnx", "hash"])
def test_eight_askers_and_a_reindex_on_one_engine(
    seeds: Path, engine_factory: Callable[..., Engine], embed: str
) -> None:
    engine = engine_factory(seeds, embed=embed, embed_threads=1)
    engine.index()
    before = set(engine.store.chunks.get()["ids"])
    reindexed = threading.Event()

    answers, errors = run_threads(engine, reindexed, seeds)

    assert errors == [], errors
    assert reindexed.is_set()
    assert len(answers) == 8 * 6
    after = engine.store.chunks.get(include=["documents"])
    stored = dict(zip(after["ids"], after["documents"], strict=True))
    assert before <= set(stored)  # the edits only add passages
    for answer in answers:
        assert answer.supported or not answer.citations
        for c in answer.citations + answer.passages:
            assert c.chunk_id in stored, c.chunk_id
            assert c.quote == "" or c.quote in c.snippet
        for s in answer.sentences:
            assert all(answer.citation(n) is not None for n in s.citations)
    # And the re-indexed content is answerable from the same engine afterwards.
    fresh = engine.ask("Why did the glacier railway close and when did it reopen?")
    assert any(c.source == "new_glacier.txt" for c in fresh.citations + fresh.passages)
