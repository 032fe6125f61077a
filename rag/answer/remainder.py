"""What is left of a total once a part is taken out: "Of the ferry's current budget, how
much is going on things other than the two boats?" No sentence states the answer; two
retrieved sentences state the figures ("risen … to £44.5 million", "a price of £26.5
million for both vessels"). A model given them quotes one, or the remainder of an older
total; so the subtraction is done here, in code, and the answer cites both sentences.

The part is the money figure of the retrieved sentence closest in meaning to what the
question sets aside ("the two boats"); the total, a larger money figure of another
sentence close to the rest of the question. A change ("risen by £6.5 million") is no
total; when the question asks about the sum now ("current", "after the rise"), a new
level ("… to £44.5 million") comes before an older one."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from rag.answer.arithmetic import Figure, figures, written
from rag.answer.extractive import to_citation
from rag.answer.swapped import retrieved_sentences
from rag.retrieval.hybrid import Passage
from rag.schema import Answer, AnswerSentence

_SETS_ASIDE = re.compile(
    r"^(?P<head>.*?\bhow\s+much\b.*?)\s*\b(?:other\s+than|besides|apart\s+from|aside\s+from|"
    r"except(?:\s+for)?|excluding|not\s+counting|beyond)\s+(?P<part>[^?,;]+)", re.I)
# what is split up: a sum ("the budget", "the cost"), or "how much of it"
_TOTAL = re.compile(r"\b(?:budget|cost|costs|total|fund|funds|funding|grant|money|sum|"
                    r"spend|spending|bill|price|allocation|pot)\b|\bhow\s+much\s+of\s+(?:it|that)"
                    r"\b", re.I)
# "the current budget", "after the overrun", "once it rose": the total as it is now
_NOW = re.compile(r"\b(?:current|currently|now|latest|new|after|once|since|rose|risen|"
                  r"increased?|overrun|revised)\b", re.I)
# "risen by £6.5 million", "a rise of £6.5 million" (but "a price of £26.5 million")
_CHANGE = re.compile(r"\b(?:by|(?:rise|increase|overrun|jump|cut|drop|fall)\s+of)\s+"
                     r"(?:about\s+|some\s+|nearly\s+|almost\s+)?$", re.I)
_NEW_LEVEL = re.compile(r"\b(?:rise[ns]?|rose|risen|climb(?:s|ed)?|increase[ds]?|grow[ns]?|"
                        r"grew|gone\s+up|went\s+up|up)\b(?:[^.]|\.\d){0,60}?\bto\s+$", re.I)
_MONEY = ("£", "$", "€")
CLOSE = 0.3  # cosine of a sentence to what the question names, for it to state that figure

Embed = Callable[[list[str]], np.ndarray]


def asks_remainder(question: str) -> tuple[str, str] | None:
    """(what the total is, what is set aside) of a remainder question, else None."""
    m = _SETS_ASIDE.search(question)
    if m is None or not _TOTAL.search(m.group("head")):
        return None
    return m.group("head").strip(), m.group("part").strip()


def _money(text: str) -> list[tuple[Figure, bool, bool]]:
    """The sums of money a sentence states: (figure, is a change, is a new level)."""
    out = []
    for f in figures(text):
        if f.unit not in _MONEY:
            continue
        at = text.rfind(f.unit, 0, f.end)
        before = text[max(0, at - 80):at]
        out.append((f, bool(_CHANGE.search(before)), bool(_NEW_LEVEL.search(before))))
    return out


def remainder_answer(question: str, passages: Sequence[Passage], embed: Embed
                     ) -> Answer | None:
    """The total less the part, worked out from two cited sentences; None when the
    question asks no remainder or the passages don't state both sums."""
    asked = asks_remainder(question)
    if asked is None:
        return None
    head, part = asked
    # a headline states a sum too ("Ferry costs climb to £44.5m"): cited without a quote
    titles = {p.chunk.title: n for n, p in reversed(list(enumerate(passages)))}
    stated: list[tuple[int, tuple[int, int] | None, str]] = [
        *retrieved_sentences(passages), *((n, None, title) for title, n in titles.items())]
    found = [(n, span, text, sums) for n, span, text in stated
             if (sums := [s for s in _money(text) if not s[1]])]
    if not found:
        return None
    vectors = embed([part, head, *(text for _, _, text, _ in found)])
    to_part, to_head = vectors[2:] @ vectors[0], vectors[2:] @ vectors[1]
    best = int(np.argmax(to_part))
    if to_part[best] < CLOSE or len(found[best][3]) != 1:
        return None
    piece = found[best][3][0][0]
    now = bool(_NOW.search(head))
    totals = [(bool(now and level), float(to_head[i]), i, f)
              for i, (_, _, _, sums) in enumerate(found) if i != best
              for f, _, level in sums
              if f.unit == piece.unit and f.value > piece.value and to_head[i] >= CLOSE]
    if not totals:
        return None
    *_, i, total = max(totals, key=lambda t: (t[0], t[1]))
    left = total.value - piece.value
    cites = []
    for k, at in enumerate((i, best), 1):
        n, span, text, _ = found[at]
        cite = to_citation(passages[n], k)
        if span is not None:
            cite.quote, (cite.quote_start, cite.quote_end) = text, span
        cites.append(cite)
    text = (f"About {written(left, total)}: {written(total.value, total)} in all, less "
            f"{written(piece.value, piece)} for {part} (worked out from the figures cited).")
    sentence = AnswerSentence(text=text, citations=[1, 2], supported=True, support=1.0)
    return Answer(question=question, text=f"{text} [1][2]", supported=True, citations=cites,
                  sentences=[sentence])


def with_remainder(answer: Answer, question: str, passages: Sequence[Passage], embed: Embed
                   ) -> Answer:
    """The answer, or the remainder worked out in its place (same question and passages)."""
    worked = remainder_answer(question, passages, embed)
    return answer if worked is None else worked.model_copy(
        update={"question": answer.question, "passages": answer.passages})
