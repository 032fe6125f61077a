"""The frames of coverage questions ("how many articles report X", "did any other
outlet cover X", "is X covered by more than one paper"): the patterns that recognise
them and the helpers that take the topic out of its verb frame. `questions` reads them."""

from __future__ import annotations

import re

from rag.news.phrases import clean as _clean

COVERAGE = re.compile(
    r"^(?:(?:in|across|among)\s+)?(?:(?P<count>how\s+many)|(?P<which>which|what))\s+"
    r"(?:(?:separate|different|distinct|individual)\s+)?(?:of\s+th(?:e|ese|ose)\s+(?:\w+\s+)?)?(?:news\s+)?"
    r"(?P<what>articles?|outlets?|reports?|stories|sources|papers?|newspapers?|pieces(?!\s+of)|"
    r"reporters?|journalists?|correspondents?|writers?)\b"
    r"(?:['’]s\s+(?:reporters?|journalists?|correspondents?|writers?))?"
    r"(?:\s+(?:\w+\s+){0,2}?(?P<verb>report(?:ed|s)?|mention(?:ed|s)?|cover(?:ed|s)?|name[sd]?|"
    r"say|said|describe[sd]?|carr(?:y|ied)|wrote\s+(?:about|up)|write\s+(?:about|up)|"
    r"ran\s+(?:a\s+)?(?:story|stories|piece|report|item)s?\s+(?:on|about)|ran|publish(?:ed)?|"
    r"gives?|gave|state[sd]?|list(?:s|ed)?|"
    r"quote[sd]?|cite[sd]?|put|refer(?:s|red)?\s+to|talk(?:s|ed)?\s+about))?\s+(?P<rest>.+)$", re.I)
OTHER = re.compile(
    r"\b(?:did|does|do|has|have)\s+(?:any\s+)?other\s+(?:news\s+)?(?:outlets?|articles?|papers?|"
    r"newspapers?|sources?|reports?)(?P<aside>\s+(?:besides|apart\s+from|other\s+than|"
    r"except(?:\s+for)?)\s+[^,?]{2,40}?)?\s+(?:also\s+)?(?:report|cover|carry|mention|write)"
    r"(?:s|ed)?(?:\s+(?:about|up|on))?", re.I)
# "… report it?", "… cover the same story": the topic is before the question
BACK = re.compile(r"^(?:it|this|that|them|the\s+same(?:\s+\w+)?|so|too|as\s+well)?$", re.I)
SET_ASIDE = re.compile(r"^(?:besides|apart\s+from|aside\s+from|other\s+than|except)\b", re.I)
COVERED_BY = re.compile(
    r"^(?:is|was|were|are)\s+(?P<rest>.+?)\s+(?:covered|reported|mentioned)\s+(?:by|in)\s+"
    r"(?P<more>more\s+than\s+one|several|multiple|other|any\s+other)", re.I)

# "Did more than one outlet report X?", "Have several papers covered X?"; THERE_MORE:
# "Is there more than one report of X?", "Are there several articles about X?"
_SEVERAL = r"(?:more\s+than\s+one|several|multiple|two\s+or\s+more)"
MORE_REPORT = re.compile(
    rf"^(?:did|do|does|has|have|had)\s+{_SEVERAL}\s+(?:news\s+)?(?:outlets?|articles?|papers?|"
    r"newspapers?|sources?|reports?|publications?|stories)\s+(?:also\s+)?(?:report(?:ed)?|"
    r"cover(?:ed)?|carr(?:y|ied)|mention(?:ed)?|write\s+(?:about|up)|written\s+(?:about|up)|"
    r"run|ran)\s+(?P<rest>.+)$", re.I)
THERE_MORE = re.compile(
    rf"^(?:is|are|was|were)\s+there\s+{_SEVERAL}\s+(?:news\s+)?(?:reports?|articles?|stories|"
    r"story|accounts?|pieces?|write-?ups?)\s+(?:of|about|on|covering)\s+(?P<rest>[^?]+)", re.I)

_AND_WHICH_OUTLETS = re.compile(r",?\s+and\s+(?:from\s+|in\s+|by\s+)?(?:which|what)\s+(?:papers?|"
                                r"outlets?|newspapers?|sources?|publications?)\b.*$", re.I)


# "several outlets", "how many papers": a count of who published, not of articles
OUTLETS = re.compile(r"\b(?:outlets?|papers?|newspapers?|publications?|broadcasters?|"
                     r"stations?|news\s+organi[sz]ations?)\b", re.I)


def outlets_counted(m: re.Match[str], q: str) -> bool:
    """The noun counted: "did several papers cover X", "X reported by several outlets"."""
    noun = q[:m.start("rest")] if m.re is MORE_REPORT else \
        " ".join(q[m.end():].split()[:4])  # "… by several [of the news] outlets"
    return bool(OUTLETS.search(noun))


# "In how many articles does X come up?": the verb frame around X, not X
AUX = re.compile(r"^(?:does|do|did|is|are|was|were|has|have|had)\s+", re.I)
_SHOWS_UP = re.compile(r"\s+(?:come\s+up|came\s+up|appear(?:s|ed)?|feature[sd]?|get\s+mentioned|"
                       r"(?:get|got|gets|was|were|is|are|been)\s+(?:mentioned|covered|reported|"
                       r"discussed)|mentioned|covered|reported|discussed)$", re.I)


_IN_SET = re.compile(r"\s+(?:(?:are|were|is)\s+)?(?:there|(?:in|among)\s+(?:the|this|these)\s+"
                     r"(?:collection|set|corpus|articles))$", re.I)


# verbs under which a reference in passing counts ("mention", "name"), unlike words said
# ("quote", "say", "explain"), which must read close to the question's
_PASSING_VERBS = r"mention|name|refer|talk|list"
_PASSING = re.compile(rf"(?:{_PASSING_VERBS})", re.I)
# verbs of saying or naming: a count of the articles that do, not of one story's reports
_MENTION = re.compile(rf"(?:{_PASSING_VERBS}|say|said|quote|cite|give|gave|state|put|describe)",
                      re.I)


# what someone said ("Putin's line", "Russia's denial that ..."): retold in many stories
SAYING = re.compile(r"^(?:\w+['’]s\s+|the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?(?:\w+\s+)?"
                    r"(?:denial|claim|line|quote|quotation|remark|comment|statement|words|"
                    r"warning|accusation|pledge|promise|assertion|insistence|description)s?\b",
                    re.I)


# "How many articles explain that …": a point made, counted in each article that makes it
_SAY_THAT = re.compile(r"(?:explain|note|stress|point\s+out|suggest|claim|argue|add|"
                       r"acknowledge|admit|insist|warn|remind|recall)(?:s|ed)?\b", re.I)


def in_passing(verb: str | None, rest: str, topic: str) -> bool:
    """Does a count of mentions take a passing reference ("how many articles mention
    X", "in how many does X come up")? A quote or a point made does not."""
    if SAYING.search(topic) or _SAY_THAT.match(rest):
        return False
    return bool(_PASSING.match(verb)) if verb else mentions(verb, rest, topic)


def mentions(verb: str | None, rest: str, topic: str) -> bool:
    """Does a coverage question count mentions ("quote", "does X appear") rather than
    one event's reports ("report", "cover", "is X covered")? `topic` is `rest`'s."""
    if verb and _MENTION.match(verb) or SAYING.search(topic) or _SAY_THAT.match(rest):
        return True
    if verb:
        return False
    shows = _SHOWS_UP.search(_clean(rest))
    return bool(shows and not re.search(r"covered|reported", shows.group(0), re.I))


def topic_of(part: str) -> str:
    """What a coverage question is about, without its verb frame."""
    part = _clean(_AND_WHICH_OUTLETS.sub("", part))  # the count names its outlets anyway
    if AUX.match(part) and _SHOWS_UP.search(part):
        part = _SHOWS_UP.sub("", AUX.sub("", part))
    part = re.sub(r"^(?:are|were|is)\s+there\s+", "", part, flags=re.I)  # "reports are there on"
    part = _IN_SET.sub("", re.sub(r"^(?:of|on|about)\s+", "", part, flags=re.I))
    return part.removeprefix("the ").strip()
