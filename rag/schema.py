"""The `Answer` every caller gets: text with `[n]` markers, the citations they point
at, and per-sentence grounding. Field names are a public contract (UI, CLI, evals)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

# what `Answer.answerer` says when the answer quotes sentences rather than a model's words
EXTRACTIVE = "offline extractive"


class Citation(BaseModel):
    """A cited passage. `start`/`end` are its offsets in the cleaned article text;
    `quote_start`/`quote_end` locate the cited sentence inside `snippet`."""

    n: int
    source: str
    title: str
    date: str | None = None
    snippet: str
    score: float
    start: int
    end: int
    chunk_id: str = ""
    quote: str = ""
    quote_start: int | None = None
    quote_end: int | None = None
    # The article's date with its provenance ("2021-12-15 (inferred from …)"), and the
    # dated phrases of the snippet resolved ({"text": "on Wednesday", "date": …}).
    date_provenance: str = ""
    date_label: str = ""
    times: list[dict[str, Any]] = Field(default_factory=list)
    also_reported_by: list[str] = Field(
        default_factory=list, description="other articles of the same story (rag.news)")


class AnswerSentence(BaseModel):
    """One sentence of the answer, the citations it carries, and whether the cited
    passages support it (`support` in 0..1)."""

    text: str
    citations: list[int] = Field(default_factory=list)
    supported: bool = True
    support: float = 1.0
    note: str = ""  # why an unsupported sentence is flagged, when there is a specific reason
    declined: bool = False  # says the articles don't cover (part of) the question


class Answer(BaseModel):
    """What `ask()` returns."""

    question: str
    text: str
    supported: bool
    citations: list[Citation] = Field(default_factory=list)
    sentences: list[AnswerSentence] = Field(default_factory=list)
    answerer: str = EXTRACTIVE
    standalone_question: str = ""
    passages: list[Citation] = Field(
        default_factory=list, description="retrieved passages, best first (cited or not)"
    )
    timings_ms: dict[str, float] = Field(default_factory=dict)
    verification: dict[str, float] = Field(
        default_factory=dict, description="the answer-or-decline check's inputs and score"
    )
    notice: str = ""  # e.g. why the local model could not write this answer
    article_dates: dict[str, str] = Field(
        default_factory=dict, description="each cited article's date with its provenance"
    )
    cut: bool = False  # the model's output was cut at its time or length limit
    corrects_premise: bool = False  # it says the articles contradict what was assumed

    def citation(self, n: int) -> Citation | None:
        return next((c for c in self.citations if c.n == n), None)

    @property
    def quoted(self) -> bool:
        """Written by quoting the closest sentences, not in a model's words."""
        return self.answerer == EXTRACTIVE


def is_declined(answer: Answer) -> bool:
    """A decline ("the articles don't say") asserts nothing from the articles: no
    citations and not supported. The UI, the exports and the evals all ask this."""
    return not answer.citations and not answer.supported
