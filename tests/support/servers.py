"""Start a real server process for a test (Streamlit, `chroma run`, llama.cpp's
server), wait a bounded time until it answers, and always stop it."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(url: str, expect: str | None = None) -> Callable[[], bool]:
    """A readiness probe: GET `url` is 200 (and its body contains `expect`)."""

    def probe() -> bool:
        with urllib.request.urlopen(url, timeout=2) as resp:
            body = resp.read().decode(errors="replace")
            return resp.status == 200 and (expect is None or expect in body)

    return probe


@contextmanager
def serving(
    name: str, cmd: list[str], log: Path, ready: Callable[[], bool], timeout_s: float,
    env: Mapping[str, str] | None = None, cwd: Path | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `cmd` (output to `log`) until the block ends; fail the test with the log's
    tail if it exits early or isn't ready within `timeout_s`."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    try:
        deadline = time.monotonic() + timeout_s
        while not _ok(ready):
            if proc.poll() is not None:
                pytest.fail(f"{name} exited ({proc.returncode}):\n{_tail(log)}")
            if time.monotonic() > deadline:
                pytest.fail(f"{name} not ready after {timeout_s:.0f} s:\n{_tail(log)}")
            time.sleep(0.3)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _ok(ready: Callable[[], bool]) -> bool:
    try:
        return ready()
    except (OSError, ValueError):
        return False


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:]
