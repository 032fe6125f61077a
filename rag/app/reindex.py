"""Re-indexing in the background, for the chat: one job per engine (per process), so
the page stays live while articles are embedded, a second request while one runs is
refused with a message instead of a lock error, and every browser session sees the
same progress.

`IndexJob.state()` is a snapshot the UI polls; between the ingest's own progress
calls (one per group of passages), the share done is estimated from the embedding
rate, and said to be an estimate."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol

from rag.errors import IndexBusyError, RagError
from rag.ingest.indexer import IndexReport, Progress

BUSY = "An index is already being built; try again when it has finished."
DEFAULT_RATE = 40.0  # passages embedded per second on a 2-core machine (README: ~50)


class _Indexes(Protocol):
    def index(self, folder: None = None, progress: Progress | None = None,
              lock_wait_s: float = 0.0) -> IndexReport: ...


@dataclass(frozen=True)
class JobState:
    running: bool
    run: int  # how many runs this job has started (a finished run changes nothing else)
    fraction: float  # 0..1
    message: str
    estimated: bool  # `fraction` is estimated from the embedding rate
    outcome: str  # after a run: "ok", "busy" or "error"
    result: str  # the report's summary or the error, after a run


class IndexJob:
    def __init__(self, engine: _Indexes) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._run = 0
        self._done = 0
        self._total = 0
        self._message = ""
        self._since = time.monotonic()
        self._rate = DEFAULT_RATE
        self._outcome = ""
        self._result = ""

    def start(self) -> bool:
        """Start a run; False when one is already running (nothing is started)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return False
            self._run += 1
            self._done, self._total = 0, 0
            self._message = "Looking for new or changed articles…"
            self._since = time.monotonic()
            self._outcome = self._result = ""
            self._thread = threading.Thread(target=self._work, name="rag-reindex", daemon=True)
            self._thread.start()
            return True

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _progress(self, done: int, total: int, message: str) -> None:
        with self._lock:
            now = time.monotonic()
            if done > self._done and now > self._since:
                self._rate = max(1.0, (done - self._done) / (now - self._since))
            self._done, self._total, self._message = done, total, message
            self._since = now

    def _work(self) -> None:
        started = time.monotonic()
        try:
            report = self._engine.index(progress=self._progress)
        except IndexBusyError:
            outcome, result = "busy", BUSY
        except RagError as exc:
            outcome, result = "error", str(exc)
        except Exception as exc:  # noqa: BLE001 - a background thread must report, not die
            outcome, result = "error", f"re-indexing failed: {exc}"
        else:
            outcome, result = "ok", report.summary()
            if self._total:
                self._rate = max(1.0, self._total / max(time.monotonic() - started, 1e-3))
        with self._lock:
            self._outcome, self._result = outcome, result

    def state(self) -> JobState:
        with self._lock:
            running = self._thread is not None and self._thread.is_alive()
            fraction, estimated = 0.0, False
            if self._total:
                fraction = self._done / self._total
                if running and self._done < self._total:
                    ahead = (time.monotonic() - self._since) * self._rate / self._total
                    fraction, estimated = min(0.95, fraction + ahead), ahead > 0
            if not running and self._outcome:
                fraction = 1.0
            message = self._message
            if running and self._total and self._done < self._total:
                message = (f"Embedding {self._total:,} passages: about "
                           f"{int(fraction * self._total):,} done")
            return JobState(running, self._run, fraction, message, estimated,
                            "" if running else self._outcome, "" if running else self._result)
