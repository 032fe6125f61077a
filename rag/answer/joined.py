"""A sentence that joins two facts and cites one: each half is checked on its own.

A small model often writes "212 athletes are going, and they had to prove their record
was clean [3]", where [3] states only the first half. Judged whole against any single
sentence, such a claim scores low and is flagged, and an answer whose every sentence
is flagged is a decline, though each half is in the articles. So a flagged sentence
joined by ", and", ", but" or ";" is split in two, and when each half is borne out by
some retrieved sentence (support, numbers, polarity, names), the sentence stands,
citing both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.answer.claims import claim_note
from rag.answer.grounding import Embed, Grounder, Support, numbers
from rag.text import terms

_JOINER = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+|\s+(?:and|but)\s+", re.I)
_MARKS = re.compile(r"\s*\[\d+\](?:\s*,?\s*\[\d+\])*")
MIN_WORDS = 4  # each half a clause of its own, not "Putin and Xi"


def own_numbers(checked: frozenset[str], text: str) -> frozenset[str]:
    """The checked numbers of a claim that one half of it states."""
    return checked & frozenset(numbers(text))


def halves(sentence: str) -> list[str]:
    """The two clauses a sentence joins (the first joiner that leaves two of them),
    or [] when it joins none."""
    body = _MARKS.sub("", sentence).strip().rstrip(".")
    for m in sorted(_JOINER.finditer(body), key=lambda m: "," not in m.group(0)
                    and ";" not in m.group(0)):
        left, right = body[:m.start()].strip(), body[m.end():].strip()
        if len(left.split()) >= MIN_WORDS and len(right.split()) >= MIN_WORDS:
            return [left, right]
    return []


def halves_support(
    sentence: str, grounder: Grounder, embed: Embed, given: set[str],
    numbers_of: Callable[[str], frozenset[str]], threshold: float, context: str,
    cited: Sequence[int] | None = None,
) -> list[Support]:
    """Each half's support by the retrieved sentence that bears it out best (among the
    `cited` passages, when given), or [] when the sentence joins nothing or some half
    is not borne out. `given`: terms the question gives (context, not claims);
    `numbers_of`: a half's checked numbers."""
    parts = halves(sentence)
    if not parts:
        return []
    found = []
    for part, vec in zip(parts, embed(parts), strict=True):
        wanted, own = set(terms(part)) - given, numbers_of(part)
        best = (grounder.best(vec, wanted, own) if cited is None
                else grounder.support(vec, wanted, cited, own))
        if best.span is None or best.score < threshold or best.missing:
            return []
        source = grounder.text(best)
        if claim_note(part, [source], context):
            return []
        found.append(best)
    return found
