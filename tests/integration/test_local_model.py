"""The local model, for real: Qwen2.5-Coder-1.5B in-process via llama-cpp-python over
the seed articles (ONNX MiniLM + Chroma). It answers in its own words with citations
that point at exact sentences, declines what the articles don't say, streams, serves
concurrent callers, and falls back to quotes with one clear line when the model file
is damaged. `make test` installs the model first (`rag model install`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rag.core.engine import Engine
from rag.llm.local import LocalModel
from rag.llm.model_files import MODEL_NAME, MODEL_SIZE, check_model, model_path
from rag.schema import Answer, is_declined

pytestmark = [pytest.mark.local, pytest.mark.integration]
ATHLETES = "001_6d39dde49842dcc4.txt"


@pytest.fixture(scope="module")
def local_engine(onnx_engine: Engine) -> Engine:
    path = model_path(None)
    status = check_model(path)
    assert status.ok, f"{status.problem} (make test installs it)"
    settings = onnx_engine.settings.model_copy(update={"llm": "local"})
    return Engine(settings, encoder=onnx_engine.encoder, store=onnx_engine.store)


def _check_citations(answer: Answer) -> None:
    """Every [n] in the text is a citation, and each quotes an exact span."""
    import re

    shown = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert shown == {c.n for c in answer.citations}
    for c in answer.citations:
        assert c.quote_start is not None and c.quote_end is not None
        assert c.snippet[c.quote_start:c.quote_end] == c.quote


def test_answers_a_paraphrase_in_its_own_words(local_engine: Engine) -> None:
    answer = local_engine.ask("How many competitors is Russia sending to the Beijing Games?")
    assert answer.answerer == MODEL_NAME
    assert not is_declined(answer) and "212" in answer.text
    assert ATHLETES in {c.source for c in answer.citations}
    assert all(s.supported for s in answer.sentences)
    assert answer.verification["score"] >= answer.verification["threshold"]
    _check_citations(answer)


def test_declines_a_near_miss(local_engine: Engine) -> None:
    answer = local_engine.ask("How tall is Yury Ushakov?")
    assert is_declined(answer), answer.text
    assert set(answer.verification) == {"p_yes", "coverage", "score", "threshold"}
    assert answer.passages  # the closest passages are still shown


def test_does_not_play_along_with_a_false_premise(local_engine: Engine) -> None:
    answer = local_engine.ask("Why did Putin turn down Xi's invitation to the Beijing Games?")
    assert not is_declined(answer), answer.text
    text = answer.text.lower()
    assert any(w in text for w in ("meet", "attend", "accept")), answer.text
    assert not any(w in text for w in ("turned down", "refus", "declined")), answer.text
    _check_citations(answer)


def test_a_premise_the_model_doubts_is_corrected(local_engine: Engine) -> None:
    """"decline" is no word the opposite-action check knows for "accepted": the model,
    asked whether the facts say Putin declined, doubts it, and the answer quotes what
    the articles say instead. A premise they bear out is answered as asked."""
    answer = local_engine.ask("Why did Putin decline Xi Jinping's invitation to attend the "
                              "Beijing Winter Olympics?")
    assert answer.corrects_premise and not is_declined(answer), answer.text
    assert answer.verification["p_premise"] < 0.6
    assert "accepted the invitation" in answer.text
    _check_citations(answer)
    kept = local_engine.ask("Why did Putin back China in rejecting the Olympic diplomatic "
                            "boycott?")
    assert not kept.corrects_premise and kept.verification["p_premise"] >= 0.6, kept.text


def test_follow_up_is_made_standalone(local_engine: Engine) -> None:
    first = local_engine.ask("Who told reporters about the video call between Putin and Xi?")
    history = [{"role": "user", "content": first.question},
               {"role": "assistant", "content": first.text}]
    answer = local_engine.ask("How long did it last?", history)
    assert answer.standalone_question != "How long did it last?"
    assert "90" in answer.text, answer.text
    _check_citations(answer)


def test_follow_up_resolves_a_pronoun_from_the_previous_answer(local_engine: Engine) -> None:
    """"his" is named only in the earlier answer, not in the earlier question: the
    local model rewrites the follow-up (the heuristic could only copy the question's
    names, and finds the wrong man)."""
    first = local_engine.ask("Who briefed reporters after the Putin-Xi video call?")
    assert "Ushakov" in first.text, first.text
    answer = local_engine.ask("what is his job?", [
        {"role": "user", "content": first.question},
        {"role": "assistant", "content": first.text}])
    assert "Ushakov" in answer.standalone_question, answer.standalone_question
    # The passage that answers is retrieved for the rewritten question. (The model's
    # answer to it, "... adviser of the Russian government [2]", is still declined by
    # grounding today: a known gap of issue 15, not asserted here.)
    assert any("Ushakov" in c.snippet for c in answer.passages), answer.passages


def test_stream_gives_text_then_one_answer(local_engine: Engine) -> None:
    items = list(local_engine.ask_stream("When do the Beijing Winter Olympics open?"))
    pieces, final = items[:-1], items[-1]
    assert isinstance(final, Answer) and len(pieces) >= 2
    assert all(isinstance(p, str) for p in pieces)
    assert "Feb" in "".join(pieces) and not is_declined(final)
    _check_citations(final)


def test_concurrent_questions_queue_safely(local_engine: Engine) -> None:
    questions = ["How many Russian athletes will compete in Beijing?",
                 "Which countries announced a diplomatic boycott of the Beijing Games?"]
    answers: dict[str, Answer] = {}
    errors: list[BaseException] = []

    def ask(q: str) -> None:
        try:
            answers[q] = local_engine.ask(q)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(q,)) for q in questions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert "212" in answers[questions[0]].text
    assert not is_declined(answers[questions[1]])


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_damaged_model_falls_back_to_quotes_with_one_line(
    onnx_engine: Engine, tmp_path: Path, damage: str,
) -> None:
    bad = tmp_path / "model.gguf"
    with bad.open("wb") as fh:
        fh.write(b"GGUF")
        if damage == "garbage":
            fh.truncate(MODEL_SIZE)  # the right size (sparse), but not a model
        else:
            fh.write(b"\0" * 1000)
    engine = Engine(onnx_engine.settings.model_copy(update={"llm": "local"}),
                    encoder=onnx_engine.encoder, store=onnx_engine.store,
                    local_model=LocalModel(bad))
    answer = engine.ask("How many Russian athletes will compete in Beijing?")
    assert answer.answerer == "offline extractive" and "212" in answer.text
    assert "rag model install" in answer.notice and "\n" not in answer.notice


def test_cli_json_shows_the_local_answerer(onnx_engine: Engine) -> None:
    env = {**os.environ, "RAG_LLM": "auto", "RAG_INDEX_DIR": str(onnx_engine.settings.index_dir),
           "RAG_SEEDS_DIR": str(onnx_engine.settings.seeds_dir)}
    done = subprocess.run([sys.executable, "-m", "rag.cli", "ask", "--json",
                           "How many Russian athletes will compete in Beijing?"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["answerer"] == MODEL_NAME and "212" in answer["text"]


def test_the_second_verification_separates_a_near_miss_from_its_answer(
        local_engine: Engine) -> None:
    """Asked about the cited sentence alone, the real model says no to a question about
    the right people that it doesn't answer, and yes to the one it does."""
    from rag.answer.recheck import CITED_DOUBT, p_cited
    from rag.schema import Citation

    said = "Vladimir Putin called Xi Jinping a \u201cdear friend\u201d during the videoconference."
    cite = Citation(n=1, source="a.txt", title="Putin and Xi talk", snippet=said, score=1.0,
                    start=0, end=len(said), chunk_id="a#0", quote=said, quote_start=0,
                    quote_end=len(said))
    answer = Answer(question="q", text="x [1]", supported=True, citations=[cite])
    model = local_engine.local_model
    assert model is not None
    model.load()
    miss = p_cited(model, answer, "What did Xi Jinping say to Putin about Ukraine?")
    hit = p_cited(model, answer, "What did Putin call Xi during their video call?")
    assert miss < CITED_DOUBT <= hit, (miss, hit)
