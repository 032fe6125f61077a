"""Crash safety with real processes: `kill -9` of `rag index` while it embeds leaves
the previous index answering exactly as before, and the next run completes
(reusing what the killed run had embedded). Two runs at once: the second waits
(`--wait`) or exits with a clear message; the store is never corrupted."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from rag.core.engine import Engine
from rag.ingest.articles import load_article
from rag.ingest.chunking import chunk_article
from rag.ingest.indexer import index_lock
from rag.text import sentence_spans

RAG = str(Path(sys.executable).parent / "rag")

QUESTIONS = [
    "What did Putin say about the boycott?",
    "Where will the Games of the Future take place?",
    "Which countries announced a diplomatic boycott of the Beijing Olympics?",
    "Who won the downhill?",
]

ANSWERS = """
import json, sys
from rag.core.engine import Engine
from rag.settings import Settings
s = Settings(index_dir=sys.argv[1], seeds_dir=sys.argv[2], embed=sys.argv[3], embed_threads=1,
             _env_file=None)
engine = Engine.from_settings(s)
out = {"count": engine.store.count(),
       "files": {r.source: r.sha256 for r in engine.articles()},
       "answers": [engine.ask(q).model_dump(exclude={"timings_ms"}) for q in sys.argv[4:]]}
print(json.dumps(out, sort_keys=True))
"""


def env(embed: str, **extra: str) -> dict[str, str]:
    e = dict(os.environ)
    e.update({"RAG_EMBED": embed, "RAG_EMBED_THREADS": "1", "ANONYMIZED_TELEMETRY": "False",
              "PYTHONUNBUFFERED": "1", **extra})
    return e


def answers(index: Path, seeds: Path, embed: str) -> dict[str, object]:
    """Answers from a fresh process: nothing cached from an earlier engine."""
    out = subprocess.run(
        [sys.executable, "-c", ANSWERS, str(index), str(seeds), embed, *QUESTIONS],
        cwd=index.parent, env=env(embed), capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def generate_articles(seeds: Path, n: int) -> None:
    """n extra articles made of shuffled seed sentences: real text, real embedding work."""
    sentences = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text()
        sentences += [text[a:b] for a, b in sentence_spans(text) if len(text[a:b].split()) > 6]
    rng = random.Random(7)
    for i in range(n):
        picked = rng.sample(sentences, min(12, len(sentences)))
        body = "\n\n".join(" ".join(picked[k:k + 3]) for k in range(0, len(picked), 3))
        head = f"Digest number {i} of the winter news"
        (seeds / f"extra_{i:03d}.txt").write_text(f"{head}\n\n{body}\n")


def wait_for(proc: subprocess.Popen[str], pattern: str, timeout: float = 300) -> list[str]:
    """Read stderr lines until one matches (the process must still be running)."""
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            pytest.fail(f"rag index ended before {pattern!r}: {''.join(lines)}")
        lines.append(line)
        if re.search(pattern, line):
            return lines
    pytest.fail(f"no {pattern!r} within {timeout} s: {''.join(lines)}")


@pytest.mark.integration
def test_kill_9_while_embedding_keeps_previous_index_and_next_run_completes(
    seeds: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    base = ["--seeds", str(seeds), "--index", str(index)]
    first = subprocess.run([RAG, "index", *base], cwd=tmp_path, env=env("onnx"),
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    before = answers(index, seeds, "onnx")
    assert before["answers"][0]["supported"]  # a real answer, not only declines

    # Many new articles plus a changed and a deleted one: several embedding groups.
    generate_articles(seeds, 200)
    changed = seeds / "004_8a2d9f9cd888087d.txt"
    changed.write_text(changed.read_text() + "\nThe organisers added a late statement.\n")
    (seeds / "001_6d39dde49842dcc4.txt").unlink()

    proc = subprocess.Popen(
        [RAG, "index", *base], cwd=tmp_path, env=env(
            "onnx", RAG_INDEX_GROUP_PASSAGES="32", RAG_EMBED_BATCH_SIZE="8"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        seen = wait_for(proc, r"embedded \d+/\d+ passages")
        # A second run while the first holds the lock: a clear message, no damage.
        second = subprocess.run([RAG, "index", *base], cwd=tmp_path, env=env("onnx"),
                                capture_output=True, text=True, timeout=300)
        assert second.returncode == 1
        assert re.fullmatch(
            rf"Error: another `rag index` \(pid {proc.pid}\) is running on .*\n", second.stderr
        ), second.stderr
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert proc.stderr is not None
    log = "".join(seen) + proc.stderr.read()
    assert "writing" not in log, "killed after embedding ended: the test proves nothing"
    done, total = map(int, re.findall(r"embedded (\d+)/(\d+)", log)[-1])
    assert 0 < done < total

    # The previous index answers exactly as before, from a fresh process.
    assert answers(index, seeds, "onnx") == before

    # The next run reuses the staged vectors; kill it too, this time while it writes.
    proc = subprocess.Popen([RAG, "index", *base], cwd=tmp_path, env=env("onnx"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        seen = wait_for(proc, r"writing \d+ articles to the index", timeout=600)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert re.search(r"reused \d+ passages embedded by an interrupted run", "".join(seen))

    # Whatever the second kill interrupted, the run after it completes.
    nxt = subprocess.run([RAG, "index", *base], cwd=tmp_path, env=env("onnx"),
                         capture_output=True, text=True, timeout=600)
    assert nxt.returncode == 0, nxt.stderr
    if proc.returncode == -signal.SIGKILL:  # (not if the writes beat the kill)
        assert re.search(r"Indexed \d+ new, [01] changed, removed 1", nxt.stdout), nxt.stdout
    assert not (index / ".rag-staging").exists()
    after = answers(index, seeds, "onnx")
    assert len(after["files"]) == 204
    assert "001_6d39dde49842dcc4.txt" not in after["files"]
    for a in after["answers"]:
        assert "Traceback" not in a["text"]
        assert all(c["source"] in after["files"] for c in a["citations"])
    # A further run finds nothing to do: the store is consistent.
    again = subprocess.run([RAG, "index", *base], cwd=tmp_path, env=env("onnx"),
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "Index up to date: 204 articles unchanged" in again.stdout


def test_second_index_run_waits_for_the_lock_then_completes(seeds: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    base = ["--seeds", str(seeds), "--index", str(index)]
    with index_lock(index):  # this process holds the real flock
        busy = subprocess.run([RAG, "index", *base], cwd=tmp_path, env=env("hash"),
                              capture_output=True, text=True, timeout=300)
        assert busy.returncode == 1
        assert busy.stderr.startswith("Error: another `rag index`")
        assert f"(pid {os.getpid()})" in busy.stderr and "--wait" in busy.stderr
        assert "Traceback" not in busy.stderr
        waiting = subprocess.Popen([RAG, "index", *base, "--wait", "300"], cwd=tmp_path,
                                   env=env("hash"), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        time.sleep(8)  # long enough to import and reach the lock
        assert waiting.poll() is None, "the waiting run did not wait"
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "Indexed 5 new" in out


def test_failure_mid_embedding_writes_nothing_and_next_run_resumes(
    seeds: Path, engine_factory: Callable[..., Engine]
) -> None:
    """In-process twin of the kill test (hash embedder): the embedder dies on its
    third group; the store is untouched and the next run embeds only the rest."""
    engine = engine_factory(seeds, embed="hash", index_group_passages=8)
    engine.index()
    before = engine.store.chunks.get(include=["documents"])
    generate_articles(seeds, 12)
    calls: list[int] = []
    original = engine.embedder._get_text_embeddings

    def dying(texts: list[str]) -> list[list[float]]:
        calls.append(len(texts))
        if len(calls) == 3:
            raise KeyboardInterrupt  # what Ctrl-C does mid-run
        return original(texts)

    object.__setattr__(engine.embedder, "_get_text_embeddings", dying)
    with pytest.raises(KeyboardInterrupt):
        engine.index()
    assert engine.store.chunks.get(include=["documents"]) == before
    assert len(list((engine.settings.index_dir / ".rag-staging").glob("*.npz"))) == 2
    total = sum(len(chunk_article(load_article(p), 110, 1)) for p in seeds.glob("extra_*.txt"))
    report = engine.index()
    assert report.added == sorted(p.name for p in seeds.glob("extra_*.txt"))
    assert sum(calls[3:]) == total - sum(calls[:2])  # only the unstaged passages
    assert not (engine.settings.index_dir / ".rag-staging").exists()
    assert engine.store.count() == len(before["ids"]) + total
