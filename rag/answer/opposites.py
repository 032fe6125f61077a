"""Opposites: a claim that says "opposed" where its source says "backed".

Embeddings and word overlap score "X opposed the plan" as close to "X backed the
plan": they share every word but one. A false premise is often exactly that ("Why
did X turn down the invitation?" when X accepted it), and a small model repeats it.
So a claim whose action has its opposite in the source, and not itself, is flagged.
The pairs are general news verbs (support and opposition, admitting and denying,
winning and losing, opening and closing, allowing and barring, success and failure,
rising and falling, early and late, staying and leaving, attending and pulling out,
highs and lows, selling out and struggling to sell, freezing and raising or cutting,
having one's own and being deprived of it); a word the text negates ("did
not back") is left out, as the negation check owns it.
"""

from __future__ import annotations

import re

from rag.text import terms


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


# (one side, the other side): word patterns, matched on the raw text
PAIRS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (_words(r"accept\w*", r"agree[ds]?", r"agreeing", r"approv\w*", r"back(?:s|ed|ing)",
            r"(?:to|will|would|did|does|do)\s+back",
            r"endors\w*", r"in\s+favou?r", r"welcom\w*", r"embrac\w*", r"prais\w*",
            r"support(?:s|ed|ing)?"),
     _words(r"reject\w*", r"refus\w*", r"oppos\w*", r"vot\w*\s+against", r"condemn\w*",
            r"(?:came|come|comes|coming|spoke|speak\w*)\s+out\s+against",
            r"(?:argu|campaign|protest)\w*\s+against",
            r"denounc\w*", r"critici[sz]\w*", r"veto\w*", r"turn(?:s|ed|ing)?\s+down",
            r"threw\s+out", r"throw(?:s|n|ing)?\s+out", r"snub\w*", r"vot\w*\s+down")),
    (_words(r"(?<!re-)(?<!re)admit(?:s|ted|ting)?", r"acknowledg\w*"),
     _words(r"den(?:y|ies|ied|ying|ial)")),
    (_words(r"won", r"wins?", r"winning", r"beat(?:s|en|ing)?", r"victor\w*"),
     _words(r"lost", r"los(?:e|es|ing)")),
    (_words(r"open(?:s|ed)?", r"reopen\w*", r"stay\w*\s+open", r"remain\w*\s+open",
            r"kept\s+open"),
     _words(r"clos(?:e|es|ed|ure|ures)", r"shut(?:s|ting)?", r"shut\s+down")),
    (_words(r"allow\w*", r"permit(?:s|ted|ting)?", r"re-?admit\w*", r"let\s+\w+\s+(?:back|in)"),
     _words(r"ban(?:s|ned|ning)?", r"barr(?:ed|ing)", r"exclud\w*", r"prohibit\w*",
            r"kept\s+\w+\s+out", r"keep(?:s|ing)?\s+\w+\s+out")),
    (_words(r"(?<!un)succe(?:ss|ssful|eded|eds?)", r"secured?"),
     _words(r"fail(?:s|ed|ure)?", r"unsuccessful")),
    (_words(r"ris(?:e|es|ing|en)", r"rose", r"increas\w*", r"grew", r"grow(?:s|n|ing)?",
            r"climb\w*", r"went\s+up", r"up\s+from"),
     _words(r"f[ae]ll(?:s|ing|en)?", r"drop(?:s|ped|ping)?", r"declin\w*", r"decreas\w*",
            r"went\s+down", r"down\s+from", r"shrank", r"shrink\w*")),
    (_words(r"ahead\s+of\s+schedule", r"early", r"earlier\s+than\s+(?:planned|expected)",
            r"on\s+(?:time|schedule)"),
     _words(r"late", r"behind\s+schedule", r"overr[au]n\w*", r"delay(?:s|ed)?",
            r"later\s+than\s+(?:planned|expected)")),
    (_words(r"stay(?:s|ed|ing)?\s+on", r"extend\w*", r"extension", r"re-?signed",
            r"remain(?:s|ed)?\s+(?:at|in|with)"),
     _words(r"left", r"quit(?:s|ting)?", r"resign\w*", r"depart\w*", r"sacked",
            r"fired", r"step(?:s|ped)?\s+down")),
    (_words(r"attend\w*", r"turn(?:s|ed)?\s+up", r"show(?:s|ed)?\s+up", r"be\s+present"),
     _words(r"pull(?:s|ed|ing)?\s+out", r"withdr[ae]w\w*", r"skip(?:s|ped|ping)?",
            r"stay(?:s|ed|ing)?\s+away")),
    (_words(r"(?:record|all-time|unprecedented|new)\s+highs?", r"high(?:er|est)?\s+level"),
     _words(r"(?:record|all-time|unprecedented|new)\s+lows?", r"low(?:er|est)?\s+level",
            r"(?:sunk|sank|sink\w*|fallen|fell)\s+to\s+\w*\s*\w*\s*lows?")),
    (_words(r"froze", r"frozen", r"freez\w*", r"held\s+(?:flat|steady)", r"unchanged"),
     _words(r"ris(?:e|es|ing|en)", r"rose", r"increas\w*", r"rais(?:e|es|ed|ing)", r"hike[sd]?",
            r"went\s+up", r"cut(?:s|ting)?", r"reduc\w*")),
    (_words(r"under\s+(?:its|their|his|her)\s+own", r"with\s+(?:its|their|his|her)\s+own"),
     _words(r"depriv\w*\s+of", r"stripp\w*\s+of", r"without\s+(?:its|their|his|her)",
            r"(?:lost|loses|losing|lose)\s+(?:its|their|his|her)")),
    (_words(r"sold\s+out", r"sell(?:s|ing)?\s+out", r"sell-out", r"fully\s+booked",
            r"oversubscribed", r"booked\s+up"),
     _words(r"struggl\w*\s+to\s+(?:sell|fill|attract)", r"unsold", r"poorly\s+attended",
            r"half[\s-]empty", r"(?:slow|poor|weak)\s+(?:ticket\s+)?sales")),
)

# "did not back", and "refused to back", "rejected its closure": a word turned down
_NEGATION = re.compile(r"\b(?:not|never|no|n't|without|reject(?:s|ed|ing)?|refus(?:e|es|ed|ing)"
                       r"(?:\s+to)?|oppos(?:e|es|ed|ing))\s+(?:\w+\s+){0,2}?$", re.IGNORECASE)


def _said(pattern: re.Pattern[str], text: str) -> bool:
    """Does the text use one of the pattern's words, not under a negation?"""
    for m in pattern.finditer(text):
        before = text[max(0, m.start() - 30):m.start()]
        if not _NEGATION.search(before) and not before.rstrip().endswith("n't"):
            return True
    return False


_WITHOUT = re.compile(r"\bwithout\s+(?:\S+\s+){0,3}\S+", re.IGNORECASE)


def _goes_without(pattern: re.Pattern[str], claim: str, source: str) -> bool:
    """Does the source go without what the claim's action is about? "Allowed to compete
    without the Russian flag" says what "barred from using their flag" says."""
    m = pattern.search(claim)
    about = set(terms(claim[m.end():])) if m else set()
    return any(about & set(terms(w.group(0))) for w in _WITHOUT.finditer(source))


def opposite_note(claim: str, source: str) -> str:
    """Why a claim's action is the opposite of its source's, or "" when it isn't: the
    claim uses a word whose opposite the source uses, and the source never uses the
    claim's word (nor the claim the source's, nor goes without what it is about)."""
    for one, other in PAIRS:
        for mine, theirs in ((one, other), (other, one)):
            if (_said(mine, claim) and not _said(theirs, claim)
                    and _said(theirs, source) and not _said(mine, source)
                    and not _goes_without(mine, claim, source)):
                word = next(m.group(0) for m in theirs.finditer(source))
                return f"the source says the opposite (\u201c{word.lower()}\u201d)"
    return ""


def speaks_to(claim: str, source: str) -> bool:
    """Does the source use either side of a pair whose side the claim takes ("will stay
    open" speaks to "closed"; "will face them in the final" does not speak to "beat")?"""
    return any((_said(one, claim) or _said(other, claim))
               and (_said(one, source) or _said(other, source)) for one, other in PAIRS)
