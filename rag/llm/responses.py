"""Close the HTTP responses a model request opened when the request ends, in its thread.

A stream the client library trips over (valid JSON of the wrong shape) is abandoned
mid-read, and its response stays open until the garbage collector finalizes it. httpcore
then closes it under its connection pool's lock, which is not reentrant: when the
collection happens to run inside that lock on the same thread (the next request of the
same client, in `_assign_requests_to_connections`), the thread waits on itself forever
(encode/httpcore#990). Closing every response a request opened as soon as the request
ends, at a point where no pool lock is held, leaves the collector nothing to close.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

_local = threading.local()


def track(response: Any) -> None:
    """An httpx `response` event hook: note the response for `closing_responses`."""
    opened: list[Any] | None = getattr(_local, "opened", None)
    if opened is not None:
        opened.append(response)


@contextlib.contextmanager
def closing_responses() -> Iterator[None]:
    """Close, on leaving, every response `track` saw in this thread inside the block
    (closing a response that was read to its end does nothing)."""
    outer = getattr(_local, "opened", None)
    opened: list[Any] = []
    _local.opened = opened
    try:
        yield
    finally:
        _local.opened = outer
        for response in opened:
            with contextlib.suppress(Exception):  # a broken stream may fail to close too
                response.close()
