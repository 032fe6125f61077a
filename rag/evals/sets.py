"""Question sets: read and validate `evals/*.jsonl` (format in `evals/README.md`).

Two line shapes are read:
- the tagged shape (`kind`, `split`, optional `history`, `decline`): the blind sets;
- the older `type` shape (`fact`, `multi`, `unanswerable`, `false_premise`,
  `conversation`): the regression set, whose type becomes its kind and which has
  no split.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.errors import RagError

# Kinds of the tagged sets (the blind question sets and the news kinds).
KINDS = (
    "factoid", "paraphrase", "noisy", "near_miss", "false_premise", "followup",
    "temporal", "cross", "same_story", "disagreement", "unanswerable",
)
# Kinds whose correct answer is a decline.
DECLINE_KINDS = {"near_miss", "unanswerable"}
# The regression set's types.
QUESTION_TYPES = ("fact", "multi", "unanswerable", "false_premise", "conversation")
SPLITS = ("dev", "test")

TAGGED_FIELDS = {"id", "kind", "split", "question", "answer", "facts", "sources", "decline",
                 "history", "note"}
SINGLE_FIELDS = {"id", "type", "question", "answer", "facts", "sources", "note"}
TURN_FIELDS = {"question", "answer", "facts", "sources", "note"}


class EvalSetError(RagError):
    """A question set that can't be used; names the file, line and field."""


@dataclass(frozen=True)
class EvalItem:
    """One question to ask. `turns` holds the earlier questions of its conversation,
    asked first (in order) so that this one is asked with them as history."""

    id: str
    kind: str
    question: str
    answer: str
    facts: list[list[str]]
    sources: list[str]
    file: str = ""
    line: int = 0
    turns: list[str] = field(default_factory=list)
    split: str = ""  # "dev", "test", or "" for the untagged regression set
    decline: bool = False  # the right answer is "the articles don't say"

    @property
    def type(self) -> str:
        """The older name of `kind` (the regression set's `type`)."""
        return self.kind

    @property
    def answerable(self) -> bool:
        return not self.decline


def load_set(path: Path | str) -> list[EvalItem]:
    """Read and validate a JSONL question set; raise EvalSetError naming file:line."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalSetError(f"{path}: question set not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalSetError(f"{path}: can't be read ({exc})") from exc
    items: list[EvalItem] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalSetError(
                f"{where}: not valid JSON ({exc.msg} at column {exc.colno})"
            ) from None
        if not isinstance(obj, dict):
            raise EvalSetError(f"{where}: each line must be a JSON object")
        new = (_parse_tagged(obj, where, path.name, lineno) if "kind" in obj
               else _parse_typed(obj, where, path.name, lineno))
        for item in new:
            if item.id in seen:
                raise EvalSetError(
                    f"{where}: field 'id': {item.id!r} is already used on line {seen[item.id]}"
                )
            seen[item.id] = lineno
        items.extend(new)
    if not items:
        raise EvalSetError(f"{path}: no questions in the set")
    return items


def _parse_tagged(obj: dict[str, Any], where: str, file: str, line: int) -> list[EvalItem]:
    _no_unknown(obj, TAGGED_FIELDS, where)
    qid = _text(obj, "id", where)
    kind = _text(obj, "kind", where)
    if kind not in KINDS:
        raise EvalSetError(f"{where}: field 'kind': {kind!r} is not one of {', '.join(KINDS)}")
    split = _text(obj, "split", where)
    if split not in SPLITS:
        raise EvalSetError(f"{where}: field 'split': {split!r} is not 'dev' or 'test'")
    decline = obj.get("decline", kind in DECLINE_KINDS)
    if not isinstance(decline, bool):
        raise EvalSetError(f"{where}: field 'decline': must be true or false")
    history = obj.get("history", [])
    if not isinstance(history, list) or not all(isinstance(h, str) and h.strip()
                                                for h in history):
        raise EvalSetError(f"{where}: field 'history': must be a list of earlier questions")
    if kind == "followup" and not history:
        raise EvalSetError(f"{where}: field 'history': a followup needs its earlier questions")
    item = _parse_question(obj, qid, kind, where, file, line, [h.strip() for h in history],
                           decline)
    return [EvalItem(**{**item.__dict__, "split": split})]


def _parse_typed(obj: dict[str, Any], where: str, file: str, line: int) -> list[EvalItem]:
    qid = _text(obj, "id", where)
    qtype = _text(obj, "type", where)
    if qtype not in QUESTION_TYPES:
        raise EvalSetError(
            f"{where}: field 'type': {qtype!r} is not one of {', '.join(QUESTION_TYPES)}"
        )
    if qtype != "conversation":
        _no_unknown(obj, SINGLE_FIELDS, where)
        return [_parse_question(obj, qid, qtype, where, file, line, [],
                                qtype == "unanswerable")]
    _no_unknown(obj, {"id", "type", "turns", "note"}, where)
    turns = obj.get("turns")
    if not isinstance(turns, list) or len(turns) < 2:
        raise EvalSetError(f"{where}: field 'turns': a conversation needs a list of ≥ 2 turns")
    out: list[EvalItem] = []
    for i, turn in enumerate(turns, start=1):
        at = f"{where}: turn {i}"
        if not isinstance(turn, dict):
            raise EvalSetError(f"{at}: each turn must be an object")
        _no_unknown(turn, TURN_FIELDS, at)
        earlier = [t.question for t in out]
        out.append(_parse_question(turn, f"{qid}.{i}", qtype, at, file, line, earlier, False))
    return out


def _parse_question(
    obj: dict[str, Any], qid: str, kind: str, where: str, file: str, line: int,
    turns: list[str], decline: bool,
) -> EvalItem:
    question = _text(obj, "question", where)
    answer = _text(obj, "answer", where)
    facts = _facts(obj.get("facts", []), where)
    sources = obj.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) and s for s in sources):
        raise EvalSetError(f"{where}: field 'sources': must be a list of file names")
    if decline and (sources or facts):
        raise EvalSetError(
            f"{where}: field 'sources': a question the articles can't answer has no "
            "sources or facts"
        )
    if not decline:
        if not sources:
            raise EvalSetError(f"{where}: field 'sources': list at least one expected file")
        if not facts:
            raise EvalSetError(f"{where}: field 'facts': list at least one required fact")
    return EvalItem(qid, kind, question, answer, facts, list(sources), file, line, turns,
                    decline=decline)


def _text(obj: dict[str, Any], name: str, where: str) -> str:
    value = obj.get(name)
    if not isinstance(value, str) or not value.strip():
        raise EvalSetError(f"{where}: field {name!r}: required, a non-empty string")
    return value.strip()


def _facts(value: Any, where: str) -> list[list[str]]:
    """Facts: a list whose entries are a string or a list of alternative strings."""
    if not isinstance(value, list):
        raise EvalSetError(f"{where}: field 'facts': must be a list")
    out: list[list[str]] = []
    for i, fact in enumerate(value):
        alternatives = [fact] if isinstance(fact, str) else fact
        if (
            not isinstance(alternatives, list) or not alternatives
            or not all(isinstance(a, str) and a.strip() for a in alternatives)
        ):
            raise EvalSetError(
                f"{where}: field 'facts'[{i}]: must be a string or a list of strings"
            )
        out.append([a.strip() for a in alternatives])
    return out


def _no_unknown(obj: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise EvalSetError(
            f"{where}: field {unknown[0]!r}: unknown (allowed: {', '.join(sorted(allowed))})"
        )


def set_files(folder: Path | str = "evals") -> list[Path]:
    """The question sets in a folder and in its corpora (`corpora/<name>/*.jsonl`)."""
    root = Path(folder)
    return sorted(root.glob("*.jsonl")) + sorted(root.glob("corpora/*/*.jsonl"))


def blind_sets(folder: Path | str = "evals") -> list[Path]:
    """The default sets (`rag eval` and the Evaluation page): the blind seed sets
    (`blind_seeds*.jsonl`, one per round of writing) and every corpus's questions, not
    the regression set the answerers were tuned on."""
    root = Path(folder)
    return [p for p in [*sorted(root.glob("blind_seeds*.jsonl")),
                        *sorted(root.glob("corpora/*/*.jsonl"))] if p.is_file()]


def corpus_articles(set_path: Path | str) -> Path | None:
    """The articles a set is about when it ships its own corpus (an `articles/`
    folder beside it); None for sets about the configured articles."""
    folder = Path(set_path).resolve().parent / "articles"
    return folder if folder.is_dir() else None


def set_name(set_path: Path | str) -> str:
    """A short, stable name for a set: `blind_seeds`, `harbourton/questions`."""
    path = Path(set_path)
    if corpus_articles(path) is not None:
        return f"{path.parent.name}/{path.stem}"
    return path.stem
