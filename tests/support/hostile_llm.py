"""A hostile OpenAI-compatible server for tests: a small threaded `http.server` on
127.0.0.1 that speaks `/v1/chat/completions`, plain JSON and SSE streaming, and
misbehaves in the way the base URL asks for.

The behaviour is chosen by the first path segment, so one server serves every case:
`RAG_LLM_BASE_URL=http://127.0.0.1:PORT/<behaviour>/v1`. Behaviours:

- `reply`: a well-formed reply with the text registered for the base URL
  (`server.reply_with(text)` returns such a URL; a fresh one per text).
- `hang`: reads the request and never answers.
- `trickle`: headers at once, then one byte (plain) or one SSE chunk (stream) every
  `TRICKLE_S` seconds, `TRICKLE_PIECES` times (so a client without a deadline is
  slow, not stuck forever), then silence (plain) or the stream's end.
- `truncated`: a 200 whose JSON (plain) or SSE event (stream) is cut in the middle.
- `status429`, `status500`: that status with an OpenAI-style error body
  (`status429` also says `Retry-After: 30`).
- `cut`: a stream (plain: a body) that stops halfway: the connection is closed without
  the rest of the declared body.
- `huge`: about 10 MB of distinct sentences, as one JSON reply or as SSE chunks.
- `empty`: a 200 with a reply whose content is empty.
- `shape`: a 200 with valid JSON of the wrong shape (no choices; a delta that is a
  number), which the client library trips over.

Every request is counted per behaviour (`server.hits`), so tests can check retries.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TRICKLE_S = 2.0
TRICKLE_PIECES = 10
HUGE_BYTES = 10 * 1024 * 1024


def _sentence(i: int) -> str:
    return f"Sentence number {i} says something new about item {i * 7919 % 100003}. "


def completion(text: str) -> bytes:
    return json.dumps({
        "id": "chatcmpl-hostile", "object": "chat.completion", "created": 0, "model": "hostile",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }).encode()


def chunk(delta: str) -> bytes:
    body = json.dumps({
        "id": "chatcmpl-hostile", "object": "chat.completion.chunk", "created": 0,
        "model": "hostile",
        "choices": [{"index": 0, "delta": {"content": delta}, "finish_reason": None}],
    })
    return f"data: {body}\n\n".encode()


DONE = b"data: [DONE]\n\n"


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: dict[str, str] = {}
        self.hits: Counter[str] = Counter()
        self.errors: list[str] = []
        self.stopping = threading.Event()
        self._ids = itertools.count(1)
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, behaviour: str) -> str:
        """The base URL (for RAG_LLM_BASE_URL) of one behaviour."""
        return f"{self.root}/{behaviour}/v1"

    def reply_with(self, text: str) -> str:
        """A base URL whose server answers `text` (plain or streamed in small pieces)."""
        key = f"reply{next(self._ids)}"
        self.replies[key] = text
        return self.url(key)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Keep a handler's failure (a client that hung up mid-write) off stderr, which
        the tests read for the client's own messages."""
        import sys

        self.errors.append(repr(sys.exc_info()[1]))

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: HostileServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib's name
        self._send(200, b'{"object": "list", "data": [{"id": "hostile"}]}')

    def do_POST(self) -> None:  # noqa: N802 - stdlib's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        behaviour = self.path.strip("/").split("/")[0]
        self.server.hits[behaviour] += 1
        try:
            stream = bool(json.loads(body or b"{}").get("stream"))
        except ValueError:
            stream = False
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            self._misbehave(behaviour, stream)

    # --- behaviours --------------------------------------------------------------------
    def _misbehave(self, behaviour: str, stream: bool) -> None:
        stopping = self.server.stopping
        if behaviour in self.server.replies:
            text = self.server.replies[behaviour]
            if stream:
                self._sse([chunk(text[i:i + 7]) for i in range(0, len(text), 7)] + [DONE])
            else:
                self._send(200, completion(text))
        elif behaviour == "empty":
            if stream:
                self._sse([chunk(""), DONE])
            else:
                self._send(200, completion(""))
        elif behaviour == "shape":
            if stream:
                self._sse([b'data: {"object": "chat.completion.chunk", "choices": '
                           b'[{"index": 0, "delta": 5}]}\n\n', DONE])
            else:
                self._send(200, b'{"object": "chat.completion", "choices": []}')
        elif behaviour == "hang":
            stopping.wait(300)
        elif behaviour == "trickle":
            self._trickle(stream)
        elif behaviour == "truncated":
            if stream:
                whole = chunk("Putin rejected the boycott [1].")
                self._sse([whole[: len(whole) // 2] + b"\n\n", DONE])
            else:
                whole = completion("Putin rejected the boycott [1].")
                self._send(200, whole[: len(whole) // 2])
        elif behaviour in ("status429", "status500"):
            code = int(behaviour[-3:])
            error = {"error": {"message": f"hostile {code}", "type": "server_error",
                               "code": code}}
            extra = {"Retry-After": "30"} if code == 429 else {}
            self._send(code, json.dumps(error).encode(), extra)
        elif behaviour == "cut":
            self._cut(stream)
        elif behaviour == "huge":
            self._huge(stream)
        else:
            self._send(404, b'{"error": {"message": "no such behaviour"}}')

    def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _start_chunked(self, content_type: str = "text/event-stream") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _sse(self, events: list[bytes]) -> None:
        self._start_chunked()
        for event in events:
            self._write_chunk(event)
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _trickle(self, stream: bool) -> None:
        stopping = self.server.stopping
        if stream:
            self._start_chunked()
            for i in range(TRICKLE_PIECES):
                self._write_chunk(chunk(f"Word{i} "))
                if stopping.wait(TRICKLE_S):
                    return
            self._write_chunk(DONE)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
            return
        body = completion("Putin rejected the boycott [1]. " * 50)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for byte in body[:TRICKLE_PIECES]:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            if stopping.wait(TRICKLE_S):
                return
        stopping.wait(300)

    def _cut(self, stream: bool) -> None:
        if stream:
            self._start_chunked()
            for piece in ("Putin ", "rejected ", "the "):
                self._write_chunk(chunk(piece))
        else:
            body = completion("Putin rejected the boycott [1].")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        time.sleep(0.2)
        self.close_connection = True
        self.connection.close()  # mid-body: the rest never comes

    def _huge(self, stream: bool) -> None:
        if not stream:
            text, i = [], 0
            size = 0
            while size < HUGE_BYTES:
                text.append(_sentence(i))
                size += len(text[-1])
                i += 1
            self._send(200, completion("".join(text)))
            return
        self._start_chunked()
        sent = 0
        for i in itertools.count():
            if sent >= HUGE_BYTES or self.server.stopping.is_set():
                break
            event = chunk(_sentence(i))
            self._write_chunk(event)
            sent += len(event)
        self._write_chunk(DONE)
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
