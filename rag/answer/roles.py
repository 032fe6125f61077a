"""A false premise about who someone is: "Chinese foreign ministry spokesman Yury
Ushakov" where the articles call him "the Kremlin's top foreign policy adviser Yury
Ushakov". The question puts a role word before a full name; the retrieved sentences name
that person with another role before the name, and none of the sentences naming them
uses the question's role (or a word for the same job). The answer says what the articles
call them, and quotes the sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.swapped import Swap, retrieved_sentences
from rag.retrieval.hybrid import Passage

# words for one job count as the same role: "leader" and "president", "boss" and "manager"
_JOBS = (
    "spokesman spokeswoman spokesperson",
    "adviser advisor aide",
    "minister secretary",
    "president leader premier chief",
    "chairman chairwoman chair",
    "manager coach boss",
    "headteacher headmaster headmistress principal head",
    "mayor",
    "councillor",
    "captain skipper",
    "striker forward",
    "goalkeeper keeper",
    "director",
    "reporter correspondent journalist editor",
    "ambassador envoy",
)
_ROLE_OF = {w: n for n, group in enumerate(_JOBS) for w in group.split()}
_ROLE = "|".join(sorted(_ROLE_OF, key=len, reverse=True))
_PERSON = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}"
# "spokesman Yury Ushakov", with up to three describing words before the role
_ASKED = re.compile(rf"(?P<desc>(?:\b[\w'’-]+\s+){{0,3}}?)\b(?P<role>(?i:{_ROLE}))\s+"
                    rf"(?P<name>{_PERSON})")
# "the Kremlin's top foreign policy adviser Yury Ushakov", its article kept for the answer
_SAID = (r"(?P<art>\b(?:the|a|an)\s+)?(?P<desc>(?:\b[\w'’-]+\s+){{0,4}}?)\b"
         r"(?P<role>(?i:{roles}))\s+(?:[A-Z][a-z'’-]+\s+)?{name}\b")


def misdescribed(question: str, passages: Sequence[Passage]) -> Swap | None:
    """The role the articles give the person the question describes otherwise; else None."""
    for m in _ASKED.finditer(question):
        role = _ROLE_OF[m.group("role").lower()]
        name = m.group("name").split()
        if name[0].lower() in _ROLE_OF:
            continue  # "spokesman Chief Inspector …"
        surname = re.escape(name[-1])
        said = re.compile(_SAID.format(roles=_ROLE, name=surname))
        found = []
        for n, span, text in retrieved_sentences(passages):
            if not re.search(rf"\b{surname}\b", text):
                continue
            words = {w.lower() for w in re.findall(r"[\w'’-]+", text)}
            if any(_ROLE_OF.get(w) == role for w in words):
                return None  # a sentence about them uses the question's role
            if (hit := said.search(text)) is not None:
                found.append((n, span, hit))
        if found:
            n, span, hit = found[0]
            given = f"{hit.group('art') or ''}{hit.group('desc')}{hit.group('role')}".strip()
            asked = f"{m.group('desc')}{m.group('role')}".strip()
            return Swap(asked, given, " ".join(name), n, span)
    return None
