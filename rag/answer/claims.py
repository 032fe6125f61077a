"""Why a generated sentence is not borne out beyond its support score: its polarity
against a source sentence ("did not" against "did"), a figure the source gives for
something else ("212 Chinese athletes" against "212 Russian athletes"; "the Trust
pays £4.2 million" where the Trust's sum is £900,000), or a name no passage uses. The
local answerer and the OpenAI-compatible one both ask `claim_note`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.days import MONTH_WORD
from rag.answer.grounding import (
    NUMBER_TOKEN,
    missing_names,
    names,
    normalise_number,
    polarity_note,
)
from rag.answer.opposites import opposite_note
from rag.schema import AnswerSentence
from rag.text import forms, has_form, sentence_spans, terms

# --- figures: a number the source gives for something else ("212 Chinese athletes"
# where the source says "212 Russian athletes") is not supported by it.
_YEARISH = re.compile(r"1[89]\d\d|20\d\d")


def _counted(text: str) -> dict[str, list[tuple[set[str], set[str]]]]:
    """Each figure (digits; years left out) and, per occurrence, what the three words
    after it say it counts: their content words, and the names among them."""
    out: dict[str, list[tuple[set[str], set[str]]]] = {}
    for m in NUMBER_TOKEN.finditer(text):
        n = normalise_number(m.group())
        if _YEARISH.fullmatch(n):
            continue
        after = re.findall(r"[^\W\d_]+", text[m.end():m.end() + 40])[:3]
        named = {w.lower() for w in after if w[0].isupper()}
        out.setdefault(n, []).append((set(terms(" ".join(after))), named))
    return out


def figure_note(claim: str, sources: Sequence[str]) -> str:
    """Why a claim's figure is not the source's, or "": a number the source sentences
    give only of something named differently ("212 Chinese athletes" against "212
    Russian athletes"; "1-1 at Kilbride" against "1-1 against Corrin Bay"). A
    paraphrased count ("212 competitors" for "212 Russian athletes") is left alone:
    only names conflict."""
    said, source = _counted(claim), _counted(" ".join(sources))

    def conflict(ours: tuple[set[str], set[str]], theirs: tuple[set[str], set[str]]) -> bool:
        (_, our_names), (their_terms, their_names) = ours, theirs
        return bool(their_names) and bool(
            {n for n in our_names if n not in their_names and not set(terms(n)) & their_terms})

    wrong = sorted(n for n, heads in said.items() if n in source
                   and all(conflict(a, b) for a in heads for b in source[n]))
    if not wrong:
        return ""
    return f"{', '.join(wrong)} counts something else in the cited source"


# "The Hallworth Trust is paying £4.2 million" where the source says "budgeted at £4.2
# million, most of it from the council, with £900,000 from the Hallworth Trust": the
# name a claim gives its one figure to stands beside another figure in the source.
OWNER_CHARS = 40  # how near a name must be to a figure to be whose it is


def _names_near(text: str, spans: Sequence[tuple[int, int]]) -> set[str]:
    """The terms of the names within OWNER_CHARS of any of the spans."""
    near = " ".join(text[max(0, a - OWNER_CHARS):b + OWNER_CHARS] for a, b in spans)
    return set(terms(" ".join(names(near))))


# a day of the month ("until Feb. 20", "on 4 February") is a date, not a figure of anyone's
_DAY_OF_MONTH = re.compile(rf"\b{MONTH_WORD}\s*\d{{1,2}}\b|\b\d{{1,2}}\s+(?:of\s+)?{MONTH_WORD}",
                           re.IGNORECASE)


def _figures(text: str) -> dict[str, list[tuple[int, int]]]:
    """Each figure (not a year or a day of the month) and where it stands."""
    text = _DAY_OF_MONTH.sub(lambda m: " " * len(m.group()), text)
    out: dict[str, list[tuple[int, int]]] = {}
    for m in NUMBER_TOKEN.finditer(text):
        if not _YEARISH.fullmatch(n := normalise_number(m.group())):
            out.setdefault(n, []).append(m.span())
    return out


def owner_note(claim: str, sources: Sequence[str]) -> str:
    """Why a claim's one figure belongs to someone else, or "": the names beside it in
    the claim are beside another figure in a cited sentence, and not beside this one."""
    said = _figures(claim)
    if len(said) != 1:
        return ""
    (n, spans), = said.items()
    owners = _names_near(claim, spans)
    for source in sources:
        theirs = _figures(source)
        if n not in theirs or len(theirs) < 2 or owners & _names_near(source, theirs[n]):
            continue
        if any(m != n and owners & _names_near(source, at) for m, at in theirs.items()):
            return f"{n} is said of something else in the cited source"
    return ""


def claim_note(claim: str, sources: Sequence[str], context: str) -> str:
    """Why a claim fails beyond its support score, or "": its polarity against one of
    the source sentences it rests on, a figure those sentences give for something
    else, then names `context` (`passages_context`) never uses. The local answerer
    and the OpenAI-compatible one both ask this."""
    note = next((n for src in sources if (n := polarity_note(claim, src))), "")
    if note:
        return note
    note = figure_note(claim, sources) or owner_note(claim, sources) or next(
        (n for src in sources if (n := hedge_note(claim, src))), "")
    if note:
        return note
    unknown = missing_names(claim, context)
    if unknown:
        return f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not in the sources"
    return gainsaid(claim, context)


# "Why did …?", "did they beat …": the question, at the head of a claim's context
_ASKING = re.compile(r"^\W*(?:why|how|what|who|when|where|which|did|do|does|was|were|is|are|"
                     r"has|have|had)\b|\?\W*$", re.I)
SAME_EVENT = 0.5  # share of a claim's words a sentence must hold to be about its event


def gainsaid(claim: str, context: str) -> str:
    """A sentence of the retrieved passages (`context`) that says the opposite of the
    claim about the same event ("the Gulls lost the County Cup final to Millbeck"
    against "they beat Millbeck in the County Cup final"), named; or ""."""
    wanted = set(terms(claim))
    if not names(claim) or not wanted:
        return ""
    for a, b in sentence_spans(context):
        sentence = context[a:b]
        have = set(terms(sentence))
        keys = forms(have)
        if _ASKING.search(sentence) or sum(t in have or has_form(t, keys) for t in wanted) \
                < SAME_EVENT * len(wanted):
            continue
        if opposite_note(claim, sentence):
            return f"a passage says the opposite: \u201c{sentence.strip()}\u201d"
    return ""


# "could return", "hopes to": something that may happen, not that did ("will visit" is
# an arrangement the article reports, and often one that took place: dev lost two
# right answers to it)
_HEDGE = re.compile(r"\b(?:could|(?-i:may)|might|hopes?\s+to|(?:is|are|was|were)\s+likely\s+"
                    r"to)\b", re.I)  # "may", not the month "May"
_WISH = re.compile(r"\b(?:want(?:s|ed)?|wish(?:es|ed)?|hope[sd]?|hoping|aim(?:s|ed)?|"
                   r"intend(?:s|ed)?|seek(?:s)?|sought|would\s+like)\s+(?:\w+\s+){0,4}?to\b", re.I)
_CLAUSE_END = re.compile(r"[,;:.!?]|\s(?:but|although|though|while)\s")
HEDGED = 0.6  # share of the words a claim shares with its source that the hedge governs


def hedge_note(claim: str, source: str) -> str:
    """A claim stated as fact ("Whitlock played in the Boxing Day derby") where its
    source only says it may happen ("could return for the Boxing Day derby")."""
    if _HEDGE.search(claim) or _WISH.search(claim):
        return ""  # the claim hedges too, or reports a wish ("they wanted sport to foster …")
    shared = set(terms(claim)) & set(terms(source))
    if len(shared) < 2:
        return ""
    for m in _HEDGE.finditer(source):
        end = _CLAUSE_END.search(source, m.end())
        scope = set(terms(source[m.end():end.start() if end else len(source)])) & shared
        if len(scope) >= 2 and len(scope) >= HEDGED * len(shared):
            return "the source says it may happen, not that it did"
    return ""


_YES_NO = re.compile(r"^\W*(?:so\s+)?(?:did|does|do|was|were|is|are|has|have|had|will|would|"
                     r"can|could)\b", re.I)
_REPLY = re.compile(r"^\W*(?:yes|no)\b", re.I)


def reply_unborne(question: str, sentences: Sequence[AnswerSentence]) -> bool:
    """A yes/no question whose reply ("Yes, Whitlock played …") the sources don't bear
    out: the sentences after it elaborate an answer that was never given."""
    first = next((s for s in sentences if not s.declined), None)
    return bool(first and _YES_NO.match(question) and _REPLY.match(first.text)
                and not first.supported)
