"""Issue 18, item 5: re-indexing from the chat runs in the background with live
progress; a second request while one runs is refused with a message; another
process holding the index lock is the same message, not a lock error."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from rag.app.reindex import BUSY, IndexJob
from rag.core.engine import Engine
from rag.errors import IndexBusyError
from rag.ingest.indexer import IndexReport, Progress, index_lock


class SlowEngine:
    def __init__(self) -> None:
        self.go = threading.Event()
        self.calls = 0

    def index(self, folder: None = None, progress: Progress | None = None,
              lock_wait_s: float = 0.0) -> IndexReport:
        self.calls += 1
        assert progress is not None
        progress(0, 400, "2 articles to embed")
        self.go.wait(10)
        progress(400, 400, "embedded 400/400 passages")
        return IndexReport(added=["a.txt", "b.txt"])


def test_progress_moves_while_embedding_and_a_second_run_is_refused() -> None:
    engine = SlowEngine()
    job = IndexJob(engine)
    assert job.start()
    time.sleep(0.3)
    first = job.state()
    assert first.running and first.run == 1 and first.outcome == ""
    time.sleep(0.5)
    later = job.state()
    assert 0 < first.fraction < later.fraction < 1  # moves, estimated, never 100% early
    assert later.estimated and "about" in later.message
    assert not job.start()  # refused: one build at a time
    engine.go.set()
    job.wait(10)
    done = job.state()
    assert not done.running and done.outcome == "ok" and done.fraction == 1.0
    assert "2" in done.result and engine.calls == 1


def test_a_lock_held_elsewhere_is_a_message(hash_engine: Engine) -> None:
    job = IndexJob(hash_engine)
    index_dir: Path = hash_engine.settings.index_dir
    with index_lock(index_dir):  # as another `rag index` would (flock on its own fd)
        assert job.start()
        job.wait(30)
    state = job.state()
    assert state.outcome == "busy" and state.result == BUSY, state


def test_busy_error_type_maps_to_the_message() -> None:
    class Busy:
        def index(self, folder: None = None, progress: Progress | None = None,
                  lock_wait_s: float = 0.0) -> IndexReport:
            raise IndexBusyError("index lock held by pid 1")

    job = IndexJob(Busy())
    job.start()
    job.wait(5)
    assert job.state().result == BUSY
