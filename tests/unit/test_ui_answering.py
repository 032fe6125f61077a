"""Issue 18, waiting states: the chat shows the evidence before the answer
(`Engine.ask_stream(on_evidence=...)`), and answers in the background so a question
sent meanwhile is queued, not lost and not restarting the answer."""

from __future__ import annotations

from rag.core.engine import Engine
from rag.schema import Answer, Citation


def test_evidence_comes_before_any_answer_text(hash_engine: Engine) -> None:
    events: list[object] = []

    def seen(passages: list[Citation]) -> None:
        events.append(("evidence", [c.n for c in passages]))

    for item in hash_engine.ask_stream("What did Putin say about the boycott?",
                                       on_evidence=seen):
        events.append("answer" if isinstance(item, Answer) else "text")
    assert events[0] == ("evidence", list(range(1, len(events[0][1]) + 1)))  # type: ignore[index]
    assert len(events[0][1]) >= 1  # type: ignore[index]
    assert events[-1] == "answer" and "text" in events


def test_answer_job_runs_in_the_background_and_reports_its_stage(hash_engine: Engine) -> None:
    from rag.app.answering import AnswerJob, stage_text

    job = AnswerJob(hash_engine.settings, "What did Putin say about the boycott?", None, 3)
    assert job.stage in ("searching", "writing", "done")
    job.wait(60)
    assert job.done and job.answer is not None and not job.error
    assert job.evidence and len(job.evidence) <= 3  # top_k reached the engine
    assert job.answer.answerer == "offline extractive"
    assert stage_text("loading", "x").startswith("Loading the local model")
    assert stage_text("writing", "offline extractive") == "Picking the sentences that answer…"


def test_answer_job_turns_errors_into_a_message(hash_engine: Engine) -> None:
    from rag.app.answering import AnswerJob

    job = AnswerJob(hash_engine.settings, "   ", None, None)  # an empty question
    job.wait(30)
    assert job.done and job.answer is None and "empty" in job.error
