"""Evaluation: load question sets (`evals/*.jsonl`), run every question through
`Engine.ask` (the path the UI uses), score retrieval and answers, and gate against a
saved baseline. The format is documented in `evals/README.md`.

Everything here works on plain dicts so a result can be saved as JSON, committed as
a baseline and compared later without the code that produced it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from rag.answer.model import Answer, is_declined
from rag.errors import RagError

QUESTION_TYPES = ("fact", "multi", "unanswerable", "false_premise", "conversation")
SINGLE_FIELDS = {"id", "type", "question", "answer", "facts", "sources", "note"}
TURN_FIELDS = {"question", "answer", "facts", "sources", "note"}
RESULT_VERSION = 1
DEFAULT_TOLERANCE = 0.05

# Higher is better for every metric except these (a rise is a regression).
LOWER_IS_BETTER = {"false_decline_rate"}
# Timings vary by machine: reported, never gated.
NOT_GATED = {"latency_p50_ms", "latency_p95_ms", "questions"}
METRICS = (
    "hit@1", "hit@3", "mrr", "source_recall", "citation_hit@3", "facts_accuracy",
    "citation_precision", "grounded_rate", "decline_accuracy", "false_decline_rate",
    "latency_p50_ms", "latency_p95_ms",
)

Progress = Callable[[int, int, str], None]


class EvalSetError(RagError):
    """A question set that can't be used; names the file, line and field."""


class Asker(Protocol):
    def ask(self, question: str, history: Any = None) -> Answer: ...


@dataclass(frozen=True)
class EvalItem:
    """One question to ask. Conversation turns become one item each, and `turns`
    holds the earlier questions of the same conversation (asked first, as history)."""

    id: str
    type: str
    question: str
    answer: str
    facts: list[list[str]]
    sources: list[str]
    file: str = ""
    line: int = 0
    turns: list[str] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"


# --- loading -----------------------------------------------------------------
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
        new = _parse_entry(obj, where, path.name, lineno)
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


def _parse_entry(obj: dict[str, Any], where: str, file: str, line: int) -> list[EvalItem]:
    qid = _text(obj, "id", where)
    qtype = _text(obj, "type", where)
    if qtype not in QUESTION_TYPES:
        raise EvalSetError(
            f"{where}: field 'type': {qtype!r} is not one of {', '.join(QUESTION_TYPES)}"
        )
    if qtype != "conversation":
        _no_unknown(obj, SINGLE_FIELDS, where)
        return [_parse_question(obj, qid, qtype, where, file, line, [])]
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
        out.append(_parse_question(turn, f"{qid}.{i}", qtype, at, file, line, earlier))
    return out


def _parse_question(
    obj: dict[str, Any], qid: str, qtype: str, where: str, file: str, line: int,
    turns: list[str],
) -> EvalItem:
    question = _text(obj, "question", where)
    answer = _text(obj, "answer", where)
    facts = _facts(obj.get("facts", []), where)
    sources = obj.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) and s for s in sources):
        raise EvalSetError(f"{where}: field 'sources': must be a list of file names")
    if qtype == "unanswerable" and (sources or facts):
        raise EvalSetError(
            f"{where}: field 'sources': an unanswerable question has no sources or facts"
        )
    if qtype != "unanswerable":
        if not sources:
            raise EvalSetError(f"{where}: field 'sources': list at least one expected file")
        if not facts:
            raise EvalSetError(f"{where}: field 'facts': list at least one required fact")
    return EvalItem(qid, qtype, question, answer, facts, list(sources), file, line, turns)


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
    """The question sets in a folder."""
    return sorted(Path(folder).glob("*.jsonl"))


# --- scoring one answer ------------------------------------------------------
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalize(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip().lower()


def missing_facts(text: str, facts: Sequence[Sequence[str]]) -> list[str]:
    """The required facts none of whose alternatives appear in text (case-insensitive)."""
    norm = normalize(text)
    return [" | ".join(alts) for alts in facts if not any(normalize(a) in norm for a in alts)]


def score_answer(item: EvalItem, answer: Answer, latency_ms: float) -> dict[str, Any]:
    """Per-question scores. Retrieval scores use `answer.passages` (what was found,
    best first); citation scores use `answer.citations` (what the answer cites)."""
    expected = set(item.sources)
    retrieved = list(dict.fromkeys(p.source for p in answer.passages))
    cited = list(dict.fromkeys(c.source for c in answer.citations))
    declined = is_declined(answer)
    row: dict[str, Any] = {
        "id": item.id, "type": item.type, "question": item.question,
        "expected_answer": item.answer, "expected_sources": item.sources,
        "answer": answer.text, "declined": declined,
        "cited": cited, "retrieved": retrieved,
        "standalone_question": answer.standalone_question,
        "latency_ms": round(latency_ms, 1),
    }
    if expected:
        rank = next((i for i, s in enumerate(retrieved, start=1) if s in expected), None)
        row["hit@1"] = float(rank == 1)
        row["hit@3"] = float(rank is not None and rank <= 3)
        row["mrr"] = 1.0 / rank if rank else 0.0
        row["source_recall"] = len(expected & set(retrieved)) / len(expected)
        row["citation_hit@3"] = float(bool(expected & set(cited[:3])))
    if cited:
        row["citation_precision"] = sum(s in expected for s in cited) / len(cited)
    if not declined and answer.sentences:
        grounded = [s.supported and bool(s.citations) for s in answer.sentences]
        row["grounded"], row["sentences"] = sum(grounded), len(grounded)
    if item.answerable:
        missing = [] if declined else missing_facts(answer.text, item.facts)
        if declined:
            missing = [" | ".join(alts) for alts in item.facts]
        row["missing_facts"] = missing
        row["facts_ok"] = not missing
        row["passed"] = not declined and not missing and bool(row.get("citation_hit@3"))
    else:
        row["passed"] = declined
    return row


# --- aggregating ---------------------------------------------------------------
def _mean(values: Iterable[float]) -> float | None:
    vals = list(values)
    return round(sum(vals) / len(vals), 4) if vals else None


def _percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo), 1)


def aggregate(rows: Sequence[dict[str, Any]]) -> dict[str, float | None]:
    """Metrics over a group of scored rows; None where a metric doesn't apply."""
    answerable = [r for r in rows if r["type"] != "unanswerable"]
    unanswerable = [r for r in rows if r["type"] == "unanswerable"]
    sentences = sum(r.get("sentences", 0) for r in rows)
    latencies = [r["latency_ms"] for r in rows]
    out: dict[str, float | None] = {"questions": float(len(rows))}
    for key in ("hit@1", "hit@3", "mrr", "source_recall", "citation_hit@3",
                "citation_precision"):
        out[key] = _mean(r[key] for r in rows if key in r)
    out["facts_accuracy"] = _mean(float(r["facts_ok"]) for r in answerable)
    out["grounded_rate"] = (
        round(sum(r.get("grounded", 0) for r in rows) / sentences, 4) if sentences else None
    )
    out["decline_accuracy"] = _mean(float(r["declined"]) for r in unanswerable)
    out["false_decline_rate"] = _mean(float(r["declined"]) for r in answerable)
    out["latency_p50_ms"] = _percentile(latencies, 0.5)
    out["latency_p95_ms"] = _percentile(latencies, 0.95)
    return out


# --- running ---------------------------------------------------------------------
def run_eval(
    engine: Asker,
    items: Sequence[EvalItem],
    progress: Progress | None = None,
    judge_llm: Any | None = None,
    set_path: Path | str | None = None,
    answerer: str = "",
) -> dict[str, Any]:
    """Ask every question (conversation turns with their earlier turns as history)
    and return the result: metrics overall and per type, and one row per question."""
    rows: list[dict[str, Any]] = []
    answers: list[Answer] = []
    history: list[dict[str, str]] = []
    for i, item in enumerate(items):
        if progress:
            progress(i, len(items), f"{item.id}: {item.question}")
        if not item.turns:
            history = []
        started = time.perf_counter()
        answer = engine.ask(item.question, list(history) if item.turns else None)
        elapsed = (time.perf_counter() - started) * 1000
        rows.append(score_answer(item, answer, elapsed))
        answers.append(answer)
        if item.type == "conversation":
            history += [{"role": "user", "content": item.question},
                        {"role": "assistant", "content": answer.text}]
    if progress:
        progress(len(items), len(items), "scoring")
    by_type = {t: aggregate([r for r in rows if r["type"] == t])
               for t in QUESTION_TYPES if any(r["type"] == t for r in rows)}
    result: dict[str, Any] = {
        "version": RESULT_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "set": str(set_path) if set_path else "",
        "set_sha256": _items_digest(items),
        "answerer": answerer or getattr(engine, "answerer", ""),
        "overall": aggregate(rows),
        "by_type": by_type,
        "items": rows,
        "judge": None,
    }
    if judge_llm is not None:
        result["judge"] = judge(judge_llm, items, answers, progress)
    return result


def _items_digest(items: Sequence[EvalItem]) -> str:
    payload = json.dumps([asdict(i) | {"file": "", "line": 0} for i in items], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def judge(
    llm: Any, items: Sequence[EvalItem], answers: Sequence[Answer],
    progress: Progress | None = None,
) -> dict[str, Any]:
    """LLM-judged faithfulness (answer supported by its cited passages) and relevancy
    (answer and passages address the question), via llama-index evaluators.
    Only answered (not declined) questions are judged."""
    from llama_index.core.evaluation import FaithfulnessEvaluator, RelevancyEvaluator

    faith, relevancy = FaithfulnessEvaluator(llm=llm), RelevancyEvaluator(llm=llm)
    scores: dict[str, list[float]] = {"faithfulness": [], "relevancy": []}
    failures: list[dict[str, str]] = []
    todo = [(i, a) for i, a in zip(items, answers, strict=True) if not is_declined(a)]
    for n, (item, answer) in enumerate(todo):
        if progress:
            progress(n, len(todo), f"judging {item.id}")
        contexts = [c.snippet for c in answer.citations] or [p.snippet for p in answer.passages]
        for name, evaluator in (("faithfulness", faith), ("relevancy", relevancy)):
            try:
                res = evaluator.evaluate(query=item.question, response=answer.text,
                                         contexts=contexts)
            except Exception as exc:  # a judge failure is reported, not fatal
                failures.append({"id": item.id, "metric": name, "error": str(exc)[:200]})
                continue
            scores[name].append(float(bool(res.passing)))
    return {
        "faithfulness": _mean(scores["faithfulness"]),
        "relevancy": _mean(scores["relevancy"]),
        "judged": len(todo),
        "errors": failures,
    }


def failures(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in result["items"] if not r["passed"]]


# --- baseline gate -------------------------------------------------------------
@dataclass(frozen=True)
class Regression:
    scope: str  # "overall" or a question type
    metric: str
    baseline: float
    current: float | None

    def __str__(self) -> str:
        now = "n/a" if self.current is None else f"{self.current:.3f}"
        return f"{self.scope} {self.metric}: {self.baseline:.3f} -> {now}"


def compare(
    result: dict[str, Any], baseline: dict[str, Any], tolerance: float = DEFAULT_TOLERANCE,
) -> list[Regression]:
    """Metrics (overall and per question type) that got worse than the baseline by
    more than `tolerance`. Latency is not compared: it depends on the machine."""
    out: list[Regression] = []
    scopes = [("overall", baseline.get("overall", {}), result.get("overall", {}))]
    for qtype, metrics in baseline.get("by_type", {}).items():
        scopes.append((qtype, metrics, result.get("by_type", {}).get(qtype, {})))
    for scope, before, now in scopes:
        for metric, base in before.items():
            if metric in NOT_GATED or base is None:
                continue
            cur = now.get(metric)
            if cur is None:
                out.append(Regression(scope, metric, base, None))
                continue
            drop = cur - base if metric in LOWER_IS_BETTER else base - cur
            if drop > tolerance + 1e-9:
                out.append(Regression(scope, metric, base, cur))
    return out


def load_result(path: Path | str) -> dict[str, Any]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalSetError(f"{path}: result file not found") from None
    except (OSError, ValueError) as exc:
        raise EvalSetError(f"{path}: not a readable eval result ({exc})") from exc
    if not isinstance(data, dict) or "overall" not in data:
        raise EvalSetError(f"{path}: not an eval result (no 'overall' metrics)")
    return data


def save_result(result: dict[str, Any], path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
