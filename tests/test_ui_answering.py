"""Issue 18, waiting states: the chat shows the evidence before the answer
(`Engine.ask_stream(on_evidence=...)`), and answers in the background so a question
sent meanwhile is queued, not lost and not restarting the answer."""

from __future__ import annotations

from rag.answer.model import Answer, Citation
from rag.engine import Engine


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
