"""Follow-up questions made standalone for retrieval: "What did he say about the
boycott?" after a question about Putin must find the Putin passages.

With a language model (a server model, or the local one run in-process), the model
rewrites the question from the recent turns: it knows that "his" is the adviser the
previous answer named, and that "how many turned up?" still means the launch. With
no model (or when its rewrite fails), a heuristic: if the question leans on the
conversation (pronouns, "what about ...", almost no content words), append the names
(or, failing that, the key words) of the previous question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rag.errors import LLMError
from rag.settings import Settings
from rag.text import STOPWORDS, forms, has_form, terms, words

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

    from rag.llm.local import LocalModel

Turn = tuple[str, str]  # (role, content), role "user" or "assistant"

_PRONOUN = re.compile(
    r"\b(he|she|him|her|his|hers|they|them|their|theirs|it|its|this|that|these|those|"
    r"there|then|former|latter)\b",
    re.IGNORECASE,
)
_FOLLOW_UP_START = re.compile(
    r"^\s*(and|but|also|so|what about|how about|and what|why|why not|how come|really)\b",
    re.IGNORECASE,
)
# Words that open a question ("what", "did", ...): never key words of a question, and
# what marks the start of a second question in "..., and how ...".
_ASK_WORDS = (
    "what", "who", "whom", "whose", "when", "where", "why", "how", "which", "did", "does",
    "do", "is", "are", "was", "were", "will", "would", "can", "could", "has", "have", "had",
)
_QUESTION_WORDS = frozenset(_ASK_WORDS) | {"should", "tell", "please", "and", "but", "so", "also"}
_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of\s+the\s+|of\s+|de\s+|the\s+)?[A-Z][\w'’.-]*)*")
MAX_TURNS = 6
# "by how many votes?", "and by how much?": the margin of what the last question asked,
# which a model's rewrite turns into a count ("How many votes did Tench win?")
_BY_HOW = re.compile(r"^\W*(?:and\s+|so\s+)?by\s+how\s+(?:many|much)\b[^?.]{0,40}\??\s*$",
                     re.IGNORECASE)


def history_from_answers(answers: Iterable[Any]) -> list[dict[str, str]]:
    """The one history shape every interface passes: for each earlier turn, the
    question as it was understood (standalone) and the answer's text. The CLI chat, the
    chat UI and the evals all build it here, so the same conversation makes the same
    standalone question wherever it is asked."""
    messages: list[dict[str, str]] = []
    for a in answers:
        messages.append({"role": "user", "content": a.standalone_question or a.question})
        messages.append({"role": "assistant", "content": a.text})
    return messages


def turns_from_history(history: Iterable[Any] | None) -> list[Turn]:
    """Accept the three shapes callers pass: chat messages `{"role", "content"}`,
    `Answer` objects, and `Answer.model_dump()` dicts (`question` / `text`)."""
    turns: list[Turn] = []
    for item in history or []:
        data = item if isinstance(item, dict) else getattr(item, "__dict__", {})
        if hasattr(item, "model_dump"):
            data = item.model_dump()
        if not isinstance(data, dict):
            continue
        role, content = data.get("role"), data.get("content")
        if role in ("user", "assistant") and isinstance(content, str):
            turns.append((str(role), content))
            continue
        q, text = data.get("standalone_question") or data.get("question"), data.get("text")
        if isinstance(q, str) and q.strip():
            turns.append(("user", q))
        if isinstance(text, str) and text.strip():
            turns.append(("assistant", text))
    return turns


def condense(
    question: str, history: Iterable[Any] | None, llm: LLM | None = None,
    settings: Settings | None = None, local: LocalModel | None = None,
) -> str:
    """A standalone version of `question` (unchanged when there is no history)."""
    turns = turns_from_history(history)[-MAX_TURNS:]
    if not any(role == "user" for role, _ in turns):
        return question
    if _BY_HOW.match(question):  # "Who won the election?" - "by how many votes?": the margin
        previous = next(content for role, content in reversed(turns) if role == "user")
        margin = re.sub(r"^\W*(?:and|so)\s+", "", question.strip(), flags=re.IGNORECASE)
        return f"{previous.strip().rstrip('?').strip()} {margin}"
    if llm is not None:
        rewrite = _condense_llm(llm, turns, question, settings)
    elif local is not None:
        rewrite = condense_local(local, turns, question, settings)
    else:
        return condense_offline(question, turns)
    if rewrite and not set(terms(rewrite)) - set(terms(question)):
        # "Where were the talks held?" for "where were those talks held?": a rewrite with
        # no word the question lacks resolved nothing, and the heuristic, which appends
        # the names of the turn before, finds more (dev follow-ups answered by quotes)
        rewrite = ""
    return _kept_names(rewrite, question, turns) if rewrite else condense_offline(
        question, turns)


def _condense_llm(llm: LLM, turns: list[Turn], question: str, settings: Settings | None
                  ) -> str:
    """The server model's rewrite; empty when it doesn't look like one. A failed call
    raises (a server that is down is worth saying so)."""
    from rag.llm.prompts import condense_messages
    from rag.llm.providers import llm_error, llm_failures

    try:
        reply = llm.chat(condense_messages(turns, question))
    except llm_failures() as exc:
        if settings is None:
            raise LLMError(f"the language model failed: {exc}") from exc
        raise llm_error(exc, settings) from exc
    return _clean_rewrite(reply.message.content or "", question)


_THING = re.compile(r"\b(?:that|it|this|those|these|there|then)\b", re.IGNORECASE)


def _kept_names(rewrite: str, question: str, turns: list[Turn]) -> str:
    """A model's rewrite of "Who was that against?" that keeps the previous question's
    subject ("the Gulls' first goal") but drops its other names ("in the Regional
    Premier League") gets them back in brackets, as the heuristic adds them; one that
    keeps none changed the subject ("What about Marsh?") and stands as it is."""
    if not _THING.search(question):
        return rewrite  # "what did he say about the boycott?": a new object, not the old one
    previous = next((content for role, content in reversed(turns) if role == "user"), "")
    have = set(terms(f"{rewrite} {question}"))
    keys = forms(have)
    names = _names(previous)
    # a name is kept in any of its forms ("Russian" in "Russia")
    dropped = [n for n in names if not all(t in have or has_form(t, keys) for t in terms(n))]
    if dropped and len(dropped) < len(names):
        return f"{rewrite} ({', '.join(dropped[:3])})"
    return rewrite


def condense_local(
    model: LocalModel, turns: list[Turn], question: str, settings: Settings | None = None,
) -> str:
    """The local model's rewrite (greedy, at most 60 tokens, under the request
    deadline); empty when it fails or runs out of time, so the caller falls back to
    the heuristic rather than to a half-written question."""
    from rag.errors import RagError
    from rag.llm.local import CUT, chat_prompt
    from rag.llm.prompts import condense_messages

    system, user = (m.content or "" for m in condense_messages(turns, question))
    deadline = settings.llm_timeout if settings is not None else 30.0
    try:
        pieces = list(model.stream(chat_prompt(system, user), 60, deadline))
    except RagError:
        return ""
    if CUT in pieces:
        return ""
    return _clean_rewrite("".join(pieces), question)


def _clean_rewrite(text: str, question: str) -> str:
    """First non-empty line, without a "Standalone question:" label or quotes; empty
    when the model's output doesn't look like a question rewrite."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        return ""
    line = re.sub(r"^(standalone\s+question|question|rewritten)\s*:\s*", "", lines[0], flags=re.I)
    line = line.strip().strip("\"'“”*` ").strip()
    if len(line) < 3 or len(line) > max(300, 3 * len(question)):
        return ""
    return _kept_wh(line, question)


# "What did he say …?" rewritten "Who did Ushakov say …?": the pronoun resolved, but it
# leaked into the question word; what/who before the same auxiliary is put back
_WH_AUX = re.compile(r"^\W*(?:and\s+|so\s+)?(?P<wh>what|who)\s+(?P<aux>did|does|do|is|was|are|"
                     r"were|has|have|had|will|would|can|could)\b", re.I)


def _kept_wh(rewrite: str, question: str) -> str:
    q, r = _WH_AUX.match(question), _WH_AUX.match(rewrite)
    if not (q and r) or q.group("aux").lower() != r.group("aux").lower() \
            or q.group("wh").lower() == r.group("wh").lower():
        return rewrite
    wh = q.group("wh").lower()
    wh = wh.capitalize() if r.group("wh")[0].isupper() else wh
    return rewrite[:r.start("wh")] + wh + rewrite[r.end("wh"):]


def is_follow_up(question: str) -> bool:
    """Does the question lean on the conversation to be understood?"""
    return bool(
        _PRONOUN.search(question) or _FOLLOW_UP_START.search(question)
        or len(set(terms(question))) <= 1
    )


_PERSONAL = re.compile(r"\b(?:he|she|him|her|his|hers)\b", re.IGNORECASE)
_ASKED_WHO = re.compile(r"^\s*(?:and\s+)?(?:who|which\s+\w+)\b", re.IGNORECASE)


def condense_offline(question: str, turns: list[Turn]) -> str:
    """Append the previous question's names (or key words) to a follow-up; after
    "Who …?", a "he" or "she" is whom the answer named, so its names come first."""
    if not is_follow_up(question):
        return question
    have = {w.lower() for w in words(question)}
    answered = _answered_who(turns) if _PERSONAL.search(question) else []
    if keys := [k for k in answered if k.lower() not in have]:
        return f"{question} ({', '.join(keys[:4])})"
    previous = [content for role, content in reversed(turns) if role == "user"]
    for prev in previous[:3]:
        keys = [k for k in key_phrases(prev) if k.lower() not in have]
        if keys:
            return f"{question} ({', '.join(keys[:4])})"
    return question


def _answered_who(turns: list[Turn]) -> list[str]:
    """The names the last answer's first sentence gives, when the question before it
    asked who ("Which councillor represents Saltmarsh?" -> "Bernadette Quill"), less
    the names the question itself gave; a question between that says "she" again
    keeps pointing at her."""
    for k in range(len(turns) - 1, 0, -1):
        if turns[k][0] == "assistant" and turns[k - 1][0] == "user":
            asked, said = turns[k - 1][1], turns[k][1]
            if not _ASKED_WHO.match(asked):
                if _PERSONAL.search(asked):
                    continue
                return []
            first = re.split(r"(?<=[.!?])\s|\[\d+\]", said, maxsplit=1)[0]
            given = {n.lower() for n in key_phrases(asked)}
            return [n for n in _names(first) if n.lower() not in given]
    return []


def _names(text: str) -> list[str]:
    out: list[str] = []
    for m in _NAME.finditer(text):
        parts = m.group().strip(".,;:!?").split()
        while parts and _skip(parts[0]):
            parts.pop(0)
        while parts and _skip(parts[-1]):
            parts.pop()
        if parts and " ".join(parts) not in out:
            out.append(" ".join(parts))
    return out


def key_phrases(text: str) -> list[str]:
    """Names first (runs of capitalised words, not the question's opening word), else
    the content words in order."""
    names = _names(text)
    if names:
        return names
    seen: list[str] = []
    for w in re.findall(r"[\w'’-]+", text):
        if not _skip(w) and len(w) > 2 and w not in seen:
            seen.append(w)
    return seen


def _skip(word: str) -> bool:
    w = word.lower().strip(".,;:!?'’")
    return w in STOPWORDS or w in _QUESTION_WORDS


# "..., and what/how/when ...": a second question joined to the first. An optional
# preposition may lead it ("and on what condition ...").
_ASKING = "|".join(_ASK_WORDS)
_LEAD = r"(?:(?:on|in|at|for|from|to|with|by|under|since|until)\s+)?"  # "on what ..."
_JOIN = re.compile(rf"(?:,\s*|\s+)(?:and|but|also)\s+(?={_LEAD}(?:{_ASKING})\b)", re.IGNORECASE)
_SEPARATE = re.compile(r"(?<=\?)\s+(?=\S)")  # "Who is X? What did he say?"
_ASKS = re.compile(rf"^(?:and\s+|but\s+|also\s+)?{_LEAD}(?:{_ASKING}|tell)\b", re.IGNORECASE)
MAX_PARTS = 3


def split_question(question: str) -> list[str]:
    """The questions a compound question asks, each with what it leans on from the
    parts before it ("how did Beijing and Moscow see it?" gets the first part's names),
    so each part can be retrieved and answered on its own. One part when it isn't
    compound; parts too short to stand alone stay joined."""
    parts: list[str] = []
    for sentence in _SEPARATE.split(question):
        for k, piece in enumerate(_JOIN.split(sentence)):
            piece = piece.strip(" ,;")
            if not piece.strip("?"):
                continue
            if k and parts and not terms(piece):
                parts[-1] = f"{parts[-1]} and {piece}"  # "who won, and how?": one question
            elif not k and parts and not _ASKS.match(piece):
                parts[-1] = f"{parts[-1]} {piece}"  # "... run? (Beijing)": not a question
            else:
                parts.append(piece)
    if len(parts) < 2 or len(parts) > MAX_PARTS:
        return [question]
    parts = [p[0].upper() + p[1:].rstrip(".!") + ("" if p.endswith("?") else "?") for p in parts]
    standalone = [parts[0]]
    for k, part in enumerate(parts[1:], start=1):
        standalone.append(condense_offline(part, [("user", p) for p in parts[:k]]))
    if not all(terms(p) for p in standalone):
        return [question]  # "Really? OK?": nothing to look up on its own
    return standalone
