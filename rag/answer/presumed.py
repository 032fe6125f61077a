"""What a question takes for granted: "Why did X turn down Y?" takes it that X turned
Y down. `question_premise` reads it from the question's shape (why, how come, how did X
manage to, what made X, if/since/given that, a when/after clause in the past, "is it true
that", a figure stated in passing, "how did X celebrate <doing>", "which of the Xs led
…", a win named in passing: "the Gulls' final win over Millbeck"); `rag.answer.premise`
checks it against the articles."""

from __future__ import annotations

import re

from rag.answer.days import MONTH_WORD
from rag.answer.grounding import NOT_NAMES, YEAR
from rag.text import PAST

# "Why did X turn down Y?", "How come X ...?", "How did X manage to Y?", "What made X
# do Y?": the question takes X for granted
_WHY_PREMISE = re.compile(
    r"^(?:why|how\s+come)\s+(?:(?:did|does|do|was|were|is|are|has|have|had|would|will)\s+)?"
    r"(?P<p>.{8,})$", re.IGNORECASE)
_MANAGE = re.compile(r"^how\s+(?:did|does|do|could|was|were)\s+(?P<s>.+?)\s+(?:manage|get)\s+"
                     r"to\s+(?P<v>.+)$", re.IGNORECASE)
# "If X was banned until 2025, how did its athletes compete?": X is taken as given
# "Given that X, did Y …?", "With X falling, have they …?": a yes/no question too
# a clause's text: no comma but the one before a date ("on Saturday, January 11")
_TEXT = rf"(?:[^,]|,\s*(?={MONTH_WORD}\s*\d|\d{{1,2}}\s+{MONTH_WORD}))"
_IF = re.compile(rf"^(?:but\s+|so\s+)?(?:if|since|given\s+that|with)\s+(?P<p>{_TEXT}{{8,}}),\s*"
                 r"(?:(?:on|in|at|by|for|from|to|with|about)\s+)?"
                 r"(?:how|why|what|who|when|where|which|did|does|do|is|was|were|are|has|"
                 r"have|had|will|would|can|could)\b", re.IGNORECASE)
# "After X said Y, what did Z do?", "When X launched Y, how many …?": a leading clause
# with a verb in the past is taken for granted too (checked with `PAST`).
_LEADING = re.compile(rf"^(?:after|when|once|now\s+that)\s+(?P<p>{_TEXT}{{12,}}),\s*"
                      r"(?:roughly\s+|exactly\s+|just\s+)?"
                      r"(?:(?:on|in|at|by|for|from|to|with|about)\s+)?"
                      r"(?:how|why|what|who|whom|whose|when|where|which)\b", re.IGNORECASE)
# "X froze council tax, so where …?", "X admitted it. So what …?", "X was fifth - how
# far off the top were they?": a statement made before the question is taken for
# granted ("ok so what …" is only a way in)
_SO = re.compile(r"^(?!(?:ok(?:ay)?|yo|hey|hi|hmm|well|right|and|but|so|what|who|whom|whose|"
                 r"which|when|where|why|how|did|does|do|is|are|was|were|has|have|had|can|"
                 r"could|will|would|should)\b)(?P<p>[^,.?!]{12,}?)(?:(?:,\s*|\.\s+)so\s+|"
                 r"(?P<dash>\s+[-–—]\s+(?:so\s+)?))"
                 r"(?:how|why|what|who|when|where|which|did|does|do|is|are|was|were|has|have|"
                 r"had|will|would|can|could)\b", re.IGNORECASE)
_RELATIVE = re.compile(r"^(?:\S+\s+){1,4}(?:who|which|that|whose)\s", re.IGNORECASE)
# "Was it Xi who called it a farce?", "It was Tench who won, wasn't it?": a cleft asks
# to have its statement confirmed ("Xi called it a farce")
_CLEFT = re.compile(r"^(?:so\s+|and\s+)?(?:(?:was|wasn['’]t|is|isn['’]t)\s+it|it\s+(?:was|is))\s+"
                    r"(?:really\s+)?(?P<who>[^,]{2,40}?)\s+(?:who|that)\s+(?P<rest>[^,]{6,})$",
                    re.IGNORECASE)
# "Is it true that X?", "Was it right that X?": X is what the reader wants checked
_TRUE = re.compile(r"^(?:so\s+|and\s+)?(?:is|was)\s+it\s+(?:really\s+)?(?:true|right|correct|"
                   r"the\s+case)\s+(?:that\s+)?(?P<p>.{8,})$", re.IGNORECASE)
# "didn't", "wasnt", "won't": the negative auxiliaries a tag question ends with
_NOT_TAG = r"(?:did|does|do|was|were|is|are|has|have|had|would|could|should|wo|ca)n['’]?t"
# "Canada stayed out, didn't it?", "It opens in May, right?": a tag question asks to have
# its statement confirmed, so the statement is taken for granted
_TAG = re.compile(
    r"^(?:so\s+|and\s+)?(?!(?:what|who|whom|whose|which|when|where|why|how|did|does|do|is|are|"
    r"was|were|has|have|had|can|could|will|would|should)\b)(?:(?:because\s+of|after|before|"
    r"following|given|during|since)\s+[^,]{3,80},\s*)?(?P<p>[^,]{8,}?),\s*"
    r"(?:right|correct|true|yes|no|yeah|isn['’]t\s+that\s+so|"
    rf"(?:{_NOT_TAG}|did|does|was|were|is|are|has|have|had|will|would|can|could)\s+"
    r"(?:it|he|she|they|there|we|you|i|that|this))$", re.IGNORECASE)
# "What time did Harbourton hit its record of 38 degrees?": a figure the question states
# in passing is taken for granted (checked only when it has digits, and not a year)
_WH_FIGURE = re.compile(r"^(?:what|which|when|where|who|how)\b(?:\s+[\w'’-]+){0,4}?\s+"
                        r"(?:did|does|do|has|have|had)\s+(?P<p>.{8,})$", re.IGNORECASE)
# a date or a time ("July 17", "17 July", "3pm") states no figure taken for granted
_M = MONTH_WORD
_DATE_OR_TIME = re.compile(rf"\b{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+"
                           rf"(?:of\s+)?{_M}|\b\d{{1,2}}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)",
                           re.IGNORECASE)


def _figures(text: str) -> list[str]:
    """The digit figures of a text, less years, dates and times of day."""
    return [n for n in re.findall(r"\d[\d,.]*\d|\d", _DATE_OR_TIME.sub(" ", text))
            if not YEAR.fullmatch(n)]


# "How did the Gulls celebrate beating Millbeck?", "How did she react to losing her
# seat?": what was celebrated or reacted to is taken for granted
_REACT = re.compile(r"^(?:how|why|when|where)\s+(?:did|do|does|will|would)\s+(?P<s>.+?)\s+"
                    r"(?P<r>celebrate|mark|react\s+to|respond\s+to|cope\s+with|explain)\s+"
                    r"(?P<v>\w+ing\b.{4,})$", re.IGNORECASE)
# "How did they react to the IOC's decision to ban Russian athletes?": that the IOC
# decided so is taken for granted
_DECIDED = {"decision": "decided", "move": "moved", "vote": "voted", "refusal": "refused",
            "promise": "promised", "pledge": "pledged", "choice": "chose"}
_DECISION = re.compile(r"\b(?P<who>(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*|the\s+[a-z][\w-]+)"
                       r"['’]s\s+"
                       r"(?P<n>decision|move|vote|refusal|promise|pledge|choice)\s+to\s+"
                       r"(?P<v>[^,;?]{6,})")
# "Which of the heatwave deaths led the council to …?": that there were such things
_WHICH_OF = re.compile(r"^(?:which|what)\s+(?:one\s+)?of\s+the\s+(?P<p>[^,]{3,60}?\s+(?:led|caused|"
                       r"prompted|made|forced|triggered|sparked)\b.{4,})$", re.IGNORECASE)
_MADE = re.compile(r"^what\s+(?:made|makes|led|leads|caused|causes|prompted|pushed)\s+"
                   r"(?!(?:up|down|out|off|back|to)\b)(?P<p>.{8,})$", re.IGNORECASE)
# "What was the point of Xi going to Kazan for talks?": that he went
_POINT = re.compile(r"^what\s+(?:was|is|were|are)\s+the\s+(?:\w+\s+)?(?:point|purpose|aim|goal|"
                    r"reason|motive|object|idea)\s+(?:of|for|behind)\s+(?P<p>.{8,})$", re.I)
# "when she was sworn in": a subject, then was or were, is past too ("after winning the
# election was she …" asks, its "was" is the question's)
_WAS = re.compile(r"^(?!\w+ing\b)(?:[\w'’-]+\s+){1,4}(?:was|were)\b", re.IGNORECASE)
# "What did X say when she argued against Y?", "Who took over after X left?": a
# question's when/after/once/since clause is taken for granted as much as a why is.
# Only a clause in the past counts ("after the Games" asks plainly).
_CLAUSE = re.compile(r"^(?:what|who|whom|whose|which|how|where|did|was|were)\b.+?\s"
                     r"(?:when|after|once|since|now\s+that|given\s+that)\s+"
                     r"(?P<p>(?!(?:did|was|were|is|are|do|does)\b)\S+(?:\s+\S+){2,})$",
                     re.IGNORECASE)


# "How many goals did he get in the Gulls' cup final win over Millbeck?": a win is
# taken for granted when it is named in passing ("the Gulls beat Millbeck in the final")
_WIN_OVER = re.compile(
    r"\b(?P<who>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*?)(?:['’]s|(?<=s)['’])\s+"
    r"(?P<what>(?:[\w-]+\s+){0,4}?)(?:win|victory|triumph)\s+(?:over|against)\s+"
    r"(?P<other>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)")


def in_past(premise: str) -> bool:
    """Is the premise something done ("beat Millbeck", "she was sworn in")?"""
    return bool(PAST.search(premise) or _WAS.match(premise))


PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][\w'’-]+)+")


def _cleft(text: str) -> str | None:
    """"Was it Xi who called it a farce" -> "Xi called it a farce"; None unless it is a
    cleft about someone or something named ("Is it settled that …" is not)."""
    m = _CLEFT.match(text)
    if m is None or not re.match(r"(?:the|a|an)\s|[A-Z]", m.group("who")) \
            or re.match(r"the\s+case\b", m.group("who")):
        return None
    return f"{m.group('who')} {m.group('rest')}"


# "What time did it shut, wasn't it meant to be open till 8?": a wh-question's trailing
# tag is a second question, not part of what the first takes for granted
_WH_TAG = re.compile(r"^(?P<q>(?:what|which|when|where|who|whom|whose|why|how)\b.{8,}?),\s*"
                     rf"(?:{_NOT_TAG}|was|were|is|are|did)\s+(?:it|he|she|they|there|that|this)"
                     r"\b.*$", re.IGNORECASE)


def _plain(question: str) -> str:
    """The question on one line, without its end mark or the names a condensed
    follow-up carries after it ("… the boycott? (Putin)")."""
    q = re.sub(r"\?\s*\([^()]*\)$", "", " ".join(question.split()))
    return q.rstrip("?!. ")


def question_premise(question: str) -> str | None:
    """What a question takes for granted ("Why did X oppose Y?" -> "X oppose Y"), or
    None when it asks plainly."""
    q = _plain(question)
    q = m.group("q") if (m := _WH_TAG.match(q)) else q
    if m := _MANAGE.match(q):
        return f"{m.group('s')} {m.group('v')}"
    if m := _REACT.match(q):  # "the Gulls celebrated beating Millbeck": a past event
        verb, rest = m.group("r").split(" ", 1) if " " in m.group("r") else (m.group("r"), "")
        past = verb + ("d" if verb.endswith("e") else "ed")
        return " ".join(x for x in (m.group("s"), past, rest, m.group("v")) if x)
    if (m := _MADE.match(q)) or (m := _POINT.match(q)):
        return m.group("p")
    if m := _WHICH_OF.match(q):  # "Which of the heatwave deaths led …": there were some
        return f"the {m.group('p')}"
    if m := _WHY_PREMISE.match(q):
        return m.group("p")
    if m := _IF.match(q):
        return m.group("p")
    if m := _TRUE.match(q):
        return m.group("p")
    if m := _TAG.match(q):
        return _cleft(m.group("p")) or m.group("p")
    if said := _cleft(q):
        return said
    if (m := _SO.match(q)) and not (m.group("dash") and (
            not in_past(m.group("p")) or _RELATIVE.match(m.group("p")))):
        return m.group("p")  # "hosepipe ban thing - when …?" names a topic, states nothing
    if (m := _LEADING.match(q)) and PAST.search(m.group("p")):
        return m.group("p")
    if (m := _WH_FIGURE.match(q)) and _figures(m.group("p")):
        return m.group("p")
    if m := _WIN_OVER.search(q):
        what = m.group("what").strip()
        return f"{m.group('who')} beat {m.group('other')}" + (f" in the {what}" if what else "")
    if (m := _CLAUSE.match(q)) and in_past(m.group("p")):
        clause = m.group("p")
        # "What did Conrad Vell say when he cut …": "he" is who the question names
        who = PERSON.search(q[:m.start("p")])
        pronoun = re.match(r"(?:he|she)\s", clause, re.IGNORECASE)
        if pronoun and who and who.group(0).split()[0] not in NOT_NAMES:
            return f"{who.group(0)} {clause[pronoun.end():]}"
        return clause
    if m := _DECISION.search(q):
        return f"{m.group('who')} {_DECIDED[m.group('n')]} to {m.group('v')}"
    return None


# "the heatwave deaths led …": the things the premise opens with
_SUBJECT = re.compile(r"^the\s+(?P<np>(?:[\w-]+\s+){0,2}[\w-]{4,}s)\b", re.IGNORECASE)


def things_taken(premise: str) -> str:
    """The plural noun a premise opens with ("deaths" in "the heatwave deaths led …"),
    or ""."""
    m = _SUBJECT.match(premise)
    return m.group("np").split()[-1] if m else ""


def none_of(noun: str, source: str) -> bool:
    """Does the source say there were none of them ("no deaths were linked to the heat")?"""
    return bool(re.search(rf"\bno\s+(?:[\w-]+\s+)?{re.escape(noun)}\b", source, re.IGNORECASE))


# "Did the school end up shutting after the vote?", "Was the ferry rejected in March?":
# a yes/no question states what it asks about. It is not taken for granted (the
# model's premise check never sees it), but where the closest sentence says the
# opposite, or another figure, "no" is said with that sentence.
_YES_NO = re.compile(r"^(?:so\s+|and\s+|but\s+)?(?:did|does|do|has|have|had|was|were|is|are)"
                     r"\s+(?P<p>.{8,})$", re.IGNORECASE)
# not a statement: "either … or …", a question about the reports, an unnamed subject
_NOT_STATED = re.compile(r"\b(?:or|either|whether)\b|\b(?:articles?|reports?|papers?|outlets?|"
                         r"sources?|stories|coverage)\b|^(?:it|there|this|that|these|those|any|"
                         r"anyone|anything|anybody|he|she|they|you|we|i)\b", re.IGNORECASE)


# "hey so is china like worried … or nah": chat around a yes/no question
_CHAT_OPEN = re.compile(r"^(?:(?:hey|hi|hiya|yo|ok|okay|um+|uh+|hmm+|well|so|like|quick\s+"
                        r"question)\b[\s,:!-]*)+", re.IGNORECASE)
_OR_NOT = re.compile(r",?\s+or\s+(?:nah|not|no|nope|what|naw)\s*$", re.IGNORECASE)
# "like worried", "really going": a filler before a participle ("like the stand" stays)
_FILLER = re.compile(r"\b(?:like|really|actually|even)\s+(?=\w+(?:ed|ing)\b)", re.IGNORECASE)


def yes_no_premise(question: str) -> str | None:
    """A yes/no question's statement ("Did X close in June?" -> "X close in June"), or
    None for any other question or one that states nothing of a named subject. Chat
    around it ("hey so is X like worried … or nah") is no part of it."""
    q = _OR_NOT.sub("", _CHAT_OPEN.sub("", _plain(question)))
    m = _YES_NO.match(q)
    if m is None or _NOT_STATED.search(m.group("p")):
        return None
    return _FILLER.sub("", m.group("p")) if q != _plain(question) else m.group("p")
