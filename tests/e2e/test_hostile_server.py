"""`rag ask` against a hostile OpenAI-compatible server (tests/support/hostile_llm.py,
a real threaded HTTP server on 127.0.0.1 speaking plain JSON and SSE): one that hangs,
trickles, sends truncated JSON, 429s and 500s, breaks off mid-stream, sends 10 MB,
cites sources that don't exist, writes markup, or answers from its own knowledge.

Each case runs the real command (click's runner, in-process, so the wall-time bounds
measure the request rather than interpreter start-up; one case runs `rag ask` as a
process too) with and without `--stream`, and checks the exit code, that a failure
is exactly one `Error:` line naming the server (no traceback), the wall time, and that
the index still lists every article afterwards. The index uses the hash embedder."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

import rag
from rag.cli import main
from tests.support.common import SEEDS
from tests.support.hostile_llm import HostileServer

QUESTION = "What did Putin say about the boycott?"
TIMEOUT_S = 3  # RAG_LLM_TIMEOUT in every case
# Retrieval, grounding and click on a shared, loaded 2-core machine, on top of the
# deadline itself.
SLACK_S = 4.0
STREAM = pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    hostile = HostileServer().start()
    yield hostile
    hostile.stop()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, server: HostileServer) -> dict[str, str]:
    """A small hash-embedded index of the seed articles, built once, and one healthy
    question (so the cases' wall times don't include first-time imports)."""
    tmp = tmp_path_factory.mktemp("hostile")
    seeds = tmp / "seeds"
    shutil.copytree(SEEDS, seeds)
    values = {
        "RAG_EMBED": "hash", "RAG_SEEDS_DIR": str(seeds), "RAG_INDEX_DIR": str(tmp / "index"),
        "RAG_DATA_DIR": str(tmp / "data"), "RAG_TOP_K": "3", "RAG_LLM": "openai_like",
        "RAG_LLM_TIMEOUT": str(TIMEOUT_S), "RAG_LLM_MAX_RETRIES": "0",
        "RAG_LLM_MAX_TOKENS": "512", "RAG_LLM_BASE_URL": "",
    }
    done = CliRunner().invoke(main, ["index"], env={**values, "RAG_LLM": "extractive"})
    assert done.exit_code == 0, done.output
    healthy = ask(values, server.reply_with("Putin rejected the boycott [1]."))
    assert healthy.exit_code == 0, healthy.stderr
    assert healthy.stdout.startswith("Putin rejected the boycott. [1]\n")
    return values


def article_count(env: dict[str, str]) -> int:
    done = CliRunner().invoke(main, ["articles", "--json"], env={**env, "RAG_LLM": "extractive"})
    assert done.exit_code == 0, done.output
    return len(json.loads(done.stdout))


@pytest.fixture(autouse=True)
def nothing_indexed_is_lost(env: dict[str, str]) -> Iterator[None]:
    before = article_count(env)
    assert before == len(list((SEEDS).iterdir()))
    yield
    assert article_count(env) == before


def ask(env: dict[str, str], url: str, *flags: str, **settings: str) -> Run:
    extra = {f"RAG_{k.upper()}": v for k, v in settings.items()}
    started = time.monotonic()
    done = CliRunner().invoke(main, ["ask", QUESTION, *flags],
                              env={**env, "RAG_LLM_BASE_URL": url, **extra})
    return Run(done.exit_code, done.stdout, done.stderr, time.monotonic() - started)


def one_error(run: Run, url: str, *fragments: str) -> str:
    """Exit 1 and exactly one line on stderr: `Error: …` naming the server."""
    assert run.exit_code == 1, (run.stdout, run.stderr)
    assert "Traceback" not in run.stdout + run.stderr
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, run.stderr
    line = lines[0]
    assert line.startswith("Error: ") and url in line, line
    for fragment in fragments:
        assert fragment in line, line
    return line


def flags(stream: bool) -> list[str]:
    return ["--stream"] if stream else []


def answer_json(env: dict[str, str], url: str) -> dict[str, object]:
    run = ask(env, url, "--json")
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    assert isinstance(data, dict)
    return data


# --- no answer in time ------------------------------------------------------------------

@STREAM
def test_server_that_hangs(server: HostileServer, env: dict[str, str], stream: bool) -> None:
    url = server.url("hang")
    run = ask(env, url, *flags(stream))
    one_error(run, url, f"did not answer within {TIMEOUT_S} s", "RAG_LLM_TIMEOUT")
    assert run.seconds < TIMEOUT_S + SLACK_S


@STREAM
def test_trickled_reply_is_cut_at_the_deadline(server: HostileServer, env: dict[str, str],
                                               stream: bool) -> None:
    """One SSE chunk every 2 s never trips a per-read timeout of 3 s: the deadline does,
    and what arrived in time is shown, marked as cut. `rag ask` without --stream takes
    the same path (`ask` is the last event of `ask_stream`), so it ends the same way."""
    run = ask(env, server.url("trickle"), *flags(stream))
    assert run.exit_code == 0, run.stderr
    assert run.seconds < TIMEOUT_S + SLACK_S
    assert run.stdout.startswith("Word0 ")
    assert f"cut off: the model ran past its {TIMEOUT_S} s time limit" in run.stdout
    assert "Traceback" not in run.stderr


def test_trickle_as_a_process_ends_in_time(server: HostileServer, env: dict[str, str]) -> None:
    """The issue's case as a user runs it: `rag ask` with RAG_LLM_TIMEOUT=3 and no
    retries against a trickling server ends about 3 s after a healthy one would."""
    base = {**os.environ, **env}

    def rag_ask(url: str, *extra: str) -> tuple[subprocess.CompletedProcess[str], float]:
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "rag.cli", "ask", QUESTION, *extra],
                              env={**base, "RAG_LLM_BASE_URL": url}, capture_output=True,
                              text=True, timeout=60)
        return done, time.monotonic() - started

    healthy, baseline = rag_ask(server.reply_with("Putin rejected the boycott [1]."))
    assert healthy.returncode == 0, healthy.stderr
    done, seconds = rag_ask(server.url("trickle"), "--stream")
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    assert "cut off" in done.stdout
    assert seconds < baseline + TIMEOUT_S + SLACK_S, (seconds, baseline)


# --- malformed and failed replies ---------------------------------------------------------

@STREAM
def test_truncated_json(server: HostileServer, env: dict[str, str], stream: bool) -> None:
    url = server.url("truncated")
    one_error(ask(env, url, *flags(stream)), url, "isn't valid JSON")


@STREAM
def test_reply_of_the_wrong_shape(server: HostileServer, env: dict[str, str],
                                  stream: bool) -> None:
    """Valid JSON the client library trips over (an unexpected exception inside it)."""
    url = server.url("shape")
    one_error(ask(env, url, *flags(stream)), url, "couldn't be read")


def test_a_tripped_stream_leaves_the_collector_nothing_to_close(
        server: HostileServer, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """encode/httpcore#990: a stream the client library trips over was left open for the
    garbage collector, which closes it under the connection pool's lock; when a
    collection ran inside that lock on the next request of the same engine, the thread
    waited on itself to the deadline (the streamed wrong-shape case after the plain one,
    from round 10). Here the collector runs inside the lock, as it may in httpcore."""
    url = server.url("shape")
    for name, value in {**env, "RAG_LLM_BASE_URL": url}.items():
        monkeypatch.setenv(name, value)
    gc.disable()  # what the failed request left stays until the collection below
    try:
        one_error(ask(env, url), url, "couldn't be read")
        pool = rag.get_engine().llm._client._client._transport._pool  # type: ignore[union-attr]
        assert not pool._requests  # the tripped request was closed when it failed
        collected = threading.Event()

        def collect_inside_the_pool_lock() -> None:
            with pool._optional_thread_lock:
                gc.collect()
            collected.set()

        threading.Thread(target=collect_inside_the_pool_lock, daemon=True).start()
        assert collected.wait(10), "a response left open was closed inside the pool's lock"
    finally:
        gc.enable()


@STREAM
@pytest.mark.parametrize("status, says", [
    ("status429", "rate-limiting requests or the quota is used up (429)"),
    ("status500", "failed with HTTP 500"),
])
def test_error_status(server: HostileServer, env: dict[str, str], stream: bool,
                      status: str, says: str) -> None:
    """Retried once (RAG_LLM_MAX_RETRIES=1), without sleeping out `Retry-After: 30`."""
    url = server.url(status)
    before = server.hits[status]
    run = ask(env, url, *flags(stream), llm_max_retries="1")
    one_error(run, url, says)
    assert server.hits[status] - before == 2
    assert run.seconds < TIMEOUT_S + SLACK_S


@STREAM
def test_reply_cut_off_halfway(server: HostileServer, env: dict[str, str], stream: bool) -> None:
    """The server was reached: the message says it broke off, not that it's down."""
    url = server.url("cut")
    run = ask(env, url, *flags(stream))
    line = one_error(run, url, "closed the connection before its reply was complete")
    assert "can't reach" not in line
    if stream:
        assert run.stdout == "Putin rejected the \n"  # what came, then a clean line end


@STREAM
def test_empty_reply_is_never_silent(server: HostileServer, env: dict[str, str],
                                     stream: bool) -> None:
    run = ask(env, server.url("empty"), *flags(stream))
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0] == "The language model returned no answer; try asking again."


# --- too much output ---------------------------------------------------------------------

@STREAM
def test_huge_reply_is_capped_and_marked_cut(server: HostileServer, env: dict[str, str],
                                             stream: bool) -> None:
    """10 MB of distinct sentences: cut at 8 x RAG_LLM_MAX_TOKENS characters."""
    url = server.url("huge")
    run = ask(env, url, *flags(stream), llm_max_tokens="64")
    assert run.exit_code == 0, run.stderr
    assert run.seconds < TIMEOUT_S + SLACK_S
    assert "cut off: the model ran past its length limit (512 characters)" in run.stdout
    assert len(run.stdout) < 5_000
    if not stream:
        data = answer_json({**env, "RAG_LLM_MAX_TOKENS": "64"}, url)
        assert data["cut"] is True
        assert len(str(data["text"])) < 512 + 200


# --- what the model writes ---------------------------------------------------------------

@STREAM
def test_out_of_range_citations_are_dropped(server: HostileServer, env: dict[str, str],
                                            stream: bool) -> None:
    url = server.reply_with("Putin rejected the politicisation of sport [7]. "
                            "Russia is sending athletes to Beijing [2][9].")
    run = ask(env, url, *flags(stream))
    assert run.exit_code == 0, run.stderr
    assert "[7]" not in run.stdout and "[9]" not in run.stdout
    data = answer_json(env, url)
    n_passages = len(data["passages"])  # type: ignore[arg-type]
    assert n_passages == 3
    for c in data["citations"]:  # type: ignore[attr-defined]
        assert 1 <= c["n"] <= n_passages
    for s in data["sentences"]:  # type: ignore[attr-defined]
        assert all(1 <= n <= n_passages for n in s["citations"])


MARKUP = ("Putin rejected the boycott <script>alert('x')</script> [1]. "
          "<img src=x onerror=alert(1)>He spoke to reporters ![x](http://evil.example/p.png) "
          "[here](javascript:alert(2)) \x1b]0;pwned\x07\x1b[31mred[1].")
FORBIDDEN = ("<script", "</script", "<img", "onerror", "![", "evil.example", "javascript:",
             "\x1b", "\x07")


@STREAM
def test_markup_never_reaches_the_output(server: HostileServer, env: dict[str, str],
                                         stream: bool) -> None:
    url = server.reply_with(MARKUP)
    run = ask(env, url, *flags(stream))
    assert run.exit_code == 0, run.stderr
    for bad in FORBIDDEN:
        assert bad not in run.stdout, (bad, run.stdout)
    assert "Putin rejected the boycott" in run.stdout and "here" in run.stdout
    if not stream:
        data = answer_json(env, url)
        shown = json.dumps([data["text"], [s["text"] for s in data["sentences"]]])  # type: ignore[attr-defined]
        for bad in FORBIDDEN:
            assert bad not in json.loads(shown)[0] and bad not in shown, bad


@STREAM
def test_own_knowledge_is_flagged_never_supported(server: HostileServer, env: dict[str, str],
                                                  stream: bool) -> None:
    """Uncited sentences no passage supports are flagged, and an answer made only of
    them is not `supported`."""
    eiffel = "The Eiffel Tower is 330 metres tall."
    mixed = server.reply_with(f"Putin rejected the boycott [1]. {eiffel}")
    run = ask(env, mixed, *flags(stream))
    assert run.exit_code == 0, run.stderr
    assert f"(not supported by its sources [no retrieved passage supports it]: {eiffel})" \
        in run.stdout
    data = answer_json(env, mixed)
    tower = [s for s in data["sentences"] if "Eiffel" in s["text"]]  # type: ignore[attr-defined]
    assert tower and not any(s["supported"] for s in tower)
    assert all(not s["citations"] for s in tower)

    only = answer_json(env, server.reply_with(f"{eiffel} Paris hosted the 1924 Games."))
    assert only["supported"] is False
    assert not any(s["supported"] for s in only["sentences"])  # type: ignore[attr-defined]
