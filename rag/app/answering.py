"""One question answered in a background thread, for the chat: the page polls the
job (evidence found, the text so far, what is happening now) and stays live, so a
question sent meanwhile is queued instead of interrupting and restarting this one.

Stages, in order: "searching" (condensing and retrieval), then with the evidence in
hand "loading" (the local model's first load), "checking" (the local model weighs
the evidence) or "writing" (a server model or the quotes), then "writing" as text
arrives, and "done"."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from rag.errors import RagError
from rag.render.present import checked_stream
from rag.schema import EXTRACTIVE, Answer, Citation

if TYPE_CHECKING:
    from rag.settings import Settings


def stage_text(stage: str, answerer: str) -> str:
    """What the chat says while a question is being answered."""
    match stage:
        case "searching":
            return "Searching the articles…"
        case "loading":
            return "Loading the local model (first question only, a few seconds)…"
        case "checking":
            return "The local model is checking the evidence…"
        case "writing" if answerer == EXTRACTIVE:
            return "Picking the sentences that answer…"
        case "writing":
            return f"{answerer} is writing the answer…"
    return "Done."


class AnswerJob:
    """One question answered through `rag.ask_stream`, the path every interface uses."""

    def __init__(self, settings: Settings, question: str, history: Any,
                 top_k: int | None) -> None:
        import rag

        self.settings = settings
        self.engine = rag.get_engine(settings)  # what `rag.ask_stream` answers with
        self.question = question
        self.evidence: list[Citation] = []
        self.text = ""
        self.stage = "searching"
        self.answer: Answer | None = None
        self.error = ""
        self.done = False
        self._thread = threading.Thread(
            target=self._work, args=(history, top_k), name="rag-answer", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def status(self) -> str:
        local = self.engine.local_model if self.stage == "loading" else None
        if local is not None and local.loaded:
            self.stage = "checking"  # loaded: now it weighs the evidence
        return stage_text(self.stage, str(self.engine.answerer))

    def _evidence(self, passages: list[Citation]) -> None:
        self.evidence = passages
        local = self.engine.local_model if self.engine.provider == "local" else None
        if local is not None and not local.loaded:
            self.stage = "loading"
        elif local is not None:
            self.stage = "checking"
        else:
            self.stage = "writing"

    def _work(self, history: Any, top_k: int | None) -> None:
        try:
            import rag

            for item in checked_stream(rag.ask_stream(
                    self.question, history, top_k=top_k, settings=self.settings,
                    on_evidence=self._evidence)):
                if isinstance(item, Answer):
                    self.answer = item
                    break
                self.text += item
                self.stage = "writing"
        except RagError as exc:
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - a background thread must report, not die
            self.error = f"the answer failed: {exc}"
        finally:
            self.stage = "done"
            self.done = True
