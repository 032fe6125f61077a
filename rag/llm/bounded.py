"""One wall-clock deadline and one output cap for a model request, streaming or not.

The `openai` client's timeout bounds each read, not the request: a server that sends a
byte or an SSE chunk every few seconds never trips it, and a server that ignores
`max_tokens` can send megabytes. So the request runs in a worker thread and the
caller reads its text from a queue, waiting at most until the deadline; past it, or
past the cap, the caller stops reading, tells the worker to stop, and goes on with
what arrived (marked cut) or, when nothing did, with a timeout error. Retries happen
here too (quick failures only, before any text arrived, within the same deadline).
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

# What a worker puts on the queue: ("text", str), ("end", None), ("error", exception).
_Item = tuple[str, object]


@dataclass(frozen=True)
class Cut:
    """The last item of a bounded stream whose text was cut: why ("time", "length")."""

    reason: str


@dataclass(frozen=True)
class Limits:
    deadline_s: float  # the whole request, retries included
    max_chars: int  # the most text taken from the model
    retries: int = 0
    backoff_s: float = 0.5


class RequestFailed(Exception):  # noqa: N818 - a wrapper, not an error kind of its own
    """A worker's exception, with whether text had already arrived (a broken stream)."""

    def __init__(self, cause: BaseException, mid_reply: bool) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.mid_reply = mid_reply


class TimedOut(Exception):  # noqa: N818
    """The deadline passed before any text arrived."""


def bounded(
    produce: Callable[[], Iterable[str]], limits: Limits,
    retryable: Callable[[BaseException], bool] = lambda exc: False,
) -> Iterator[str | Cut]:
    """The text pieces `produce()` yields, within `limits`; ends with a `Cut` when the
    deadline or the cap stopped it. Raises `TimedOut` when no text came in time and
    `RequestFailed` for the producer's own failure (after retrying retryable ones)."""
    started = time.monotonic()
    deadline = started + limits.deadline_s
    items: queue.Queue[_Item] = queue.Queue()
    stop = threading.Event()
    worker = threading.Thread(target=_work, args=(produce, limits, deadline, retryable,
                                                  items, stop), daemon=True,
                              name="rag-llm-request")
    worker.start()
    taken = 0
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                if taken:
                    yield Cut("time")
                    return
                raise TimedOut()
            try:
                kind, value = items.get(timeout=left)
            except queue.Empty:
                continue
            if kind == "end":
                return
            if kind == "error":
                assert isinstance(value, BaseException)
                raise RequestFailed(value, mid_reply=taken > 0)
            text = str(value)
            if taken + len(text) > limits.max_chars:
                yield text[: limits.max_chars - taken]
                yield Cut("length")
                return
            taken += len(text)
            if text:
                yield text
    finally:
        stop.set()  # the worker stops at its next piece; it is a daemon, never joined


def _work(
    produce: Callable[[], Iterable[str]], limits: Limits, deadline: float,
    retryable: Callable[[BaseException], bool], items: queue.Queue[_Item],
    stop: threading.Event,
) -> None:
    for attempt in range(limits.retries + 1):
        sent = False
        pieces: Iterator[str] = iter(())
        try:
            pieces = iter(produce())
            for piece in pieces:
                if stop.is_set():
                    return
                sent = sent or bool(piece)
                items.put(("text", piece))
            items.put(("end", None))
            return
        except Exception as exc:  # noqa: BLE001 - every failure reaches the caller
            pause = limits.backoff_s * 2**attempt
            again = (attempt < limits.retries and not sent and retryable(exc)
                     and time.monotonic() + pause < deadline)
            if not again:
                items.put(("error", exc))
                return
            if stop.wait(pause):
                return
        finally:
            _close(pieces)


def _close(pieces: Iterator[str]) -> None:
    """Close a generator the caller stopped reading, so its response is closed too."""
    close = getattr(pieces, "close", None)
    if close is not None:
        with contextlib.suppress(Exception):  # closing a broken stream may fail too
            close()
