"""A sentence that restates the question and adds nothing ("China's foreign ministry
spoke for China's foreign ministry" for "who spoke for China's foreign ministry?")
answers no wh-question: it is flagged, not shown as supported.

A sentence that restates the question and adds only a figure ("The man who owns the
boat-supplies shop and is standing to lead the city is 54 years old [2]") echoes a
paraphrase the articles never use, so its meaning is far from the sentence it cites
("Marsh, 54, has represented Quayside ward ..."). Its claim is the figure: borne out
when the cited facts state it and it adds no other word of its own."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.claims import owner_note
from rag.answer.grounding import numbers
from rag.text import terms

# words a figure comes with ("54 years old", "12 per cent", "3 million people")
_WITH_FIGURES = frozenset(terms(
    "year years old aged age month months week weeks day days hour hours minute minutes "
    "per cent percent million billion thousand about around nearly almost some roughly "
    "total number figure people"))


def restates_with_figure(claim: str, claim_terms: set[str], claim_numbers: frozenset[str],
                         cited: Sequence[str]) -> bool:
    """Does the claim add to the question's words only figures the cited facts state
    (each said of what the claim says it is)?"""
    if not claim_numbers or owner_note(claim, cited):
        return False
    said = " ".join(cited)
    if not claim_numbers <= numbers(said, source=True):
        return False
    return not (claim_terms - claim_numbers - set(terms(said)) - _WITH_FIGURES)


RESTATES = "it only restates the question"
_WH = re.compile(r"^\W*(?:and\s+|so\s+)?(?:who|whom|whose|what|which|when|where|how)\b", re.I)
_CHOICE = re.compile(r"\bor\b", re.I)  # "A or B?": naming one of them answers


def only_restates(question: str, claim_terms: set[str], claim_numbers: frozenset[str]) -> bool:
    """Does a sentence answering a wh-question give no word and no figure of its own
    (`claim_terms` and `claim_numbers` are already less the question's)?"""
    return (bool(_WH.match(question)) and not _CHOICE.search(question)
            and not claim_terms and not claim_numbers)
