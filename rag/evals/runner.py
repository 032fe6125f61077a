"""Running question sets through `rag.ask` (the path the CLI and the chat use).

A set that ships its own articles (`evals/corpora/<name>/articles/`) is asked of a
temporary index built from them, so the answerer meets text it was never tuned on.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rag.core.condense import history_from_answers
from rag.evals.scoring import score_answer
from rag.evals.sets import EvalItem, corpus_articles, load_set, set_name
from rag.evals.stats import aggregate, groups, mean
from rag.schema import Answer, is_declined

if TYPE_CHECKING:
    from rag.settings import Settings

RESULT_VERSION = 2
Progress = Callable[[int, int, str], None]


class Asker(Protocol):
    def ask(self, question: str, history: Any = None) -> Answer: ...


class Core:
    """Asks through `rag.ask` with these settings: what `run_sets` (so `rag eval` and
    the Evaluation page) asks, the same call the CLI and the chat make."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def ask(self, question: str, history: Any = None) -> Answer:
        import rag

        return rag.ask(question, history, settings=self.settings)


def select(items: Sequence[EvalItem], split: str = "all",
           kinds: Sequence[str] = ()) -> list[EvalItem]:
    """The items of one split (`dev`, `test`; `all` keeps every item, untagged too)
    and, when given, of the named kinds."""
    return [i for i in items
            if (split == "all" or i.split == split) and (not kinds or i.kind in kinds)]


def ask_items(
    engine: Asker, items: Sequence[EvalItem], name: str = "",
    progress: Progress | None = None, offset: int = 0, total: int | None = None,
) -> tuple[list[dict[str, Any]], list[Answer]]:
    """Ask every item; an item with earlier turns is asked after them, each turn with
    the questions and answers before it as history. Returns scored rows and answers."""
    rows: list[dict[str, Any]] = []
    answers: list[Answer] = []
    total = total if total is not None else len(items)
    for i, item in enumerate(items):
        if progress:
            progress(offset + i, total, f"{item.id}: {item.question}")
        earlier_answers: list[Answer] = []
        for earlier in item.turns:
            earlier_answers.append(
                engine.ask(earlier, history_from_answers(earlier_answers) or None))
        started = time.perf_counter()
        answer = engine.ask(item.question, history_from_answers(earlier_answers) or None)
        elapsed = (time.perf_counter() - started) * 1000
        rows.append(score_answer(item, answer, elapsed, name))
        answers.append(answer)
    return rows, answers


def build_result(
    rows: list[dict[str, Any]], sets: list[dict[str, Any]], answerer: str,
    split: str = "all", kinds: Sequence[str] = (),
) -> dict[str, Any]:
    kinds_seen = list(dict.fromkeys(r["kind"] for r in rows))
    return {
        "version": RESULT_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "set": ", ".join(s["path"] for s in sets),
        "sets": sets,
        "split": split,
        "kinds": list(kinds),
        "answerer": answerer,
        "overall": aggregate(rows),
        "by_type": {k: aggregate([r for r in rows if r["kind"] == k]) for k in kinds_seen},
        "groups": groups(rows),
        "items": rows,
        "judge": None,
    }


def run_eval(
    engine: Asker,
    items: Sequence[EvalItem],
    progress: Progress | None = None,
    judge_llm: Any | None = None,
    set_path: Path | str | None = None,
    answerer: str = "",
) -> dict[str, Any]:
    """Ask one set's items of one engine and return the result (metrics overall, per
    kind and per set/kind/split group, and one row per question)."""
    name = set_name(set_path) if set_path else ""
    rows, answers = ask_items(engine, items, name, progress)
    if progress:
        progress(len(items), len(items), "scoring")
    sets = [{"path": str(set_path or ""), "name": name, "sha256": items_digest(items),
             "questions": len(items)}]
    result = build_result(rows, sets, answerer or getattr(engine, "answerer", ""))
    if judge_llm is not None:
        result["judge"] = judge(judge_llm, items, answers, progress)
    return result


def run_sets(
    settings: Settings, set_paths: Sequence[Path], split: str = "all",
    kinds: Sequence[str] = (), progress: Progress | None = None,
    judge_llm: Any | None = None, notice: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run several sets in one result, every question through `rag.ask`. Sets about
    the configured articles use its index (built first if empty); a set with its own
    corpus gets a temporary index of its articles."""
    from rag import get_engine

    chosen = [(p, select(load_set(p), split, kinds)) for p in set_paths]  # fail fast
    total = sum(len(items) for _, items in chosen)
    rows: list[dict[str, Any]] = []
    answers: list[Answer] = []
    all_items: list[EvalItem] = []
    sets: list[dict[str, Any]] = []
    answerer = ""
    for path, items in chosen:
        if not items:
            continue
        articles = corpus_articles(path)
        name = set_name(path)
        with tempfile.TemporaryDirectory(prefix="rag-eval-") as tmp:
            if articles is not None:
                if notice:
                    notice(f"Indexing {articles} into a temporary index…")
                corpus_settings = settings.model_copy(update={
                    "seeds_dir": articles, "index_dir": Path(tmp) / "index",
                    "data_dir": Path(tmp) / "data", "chroma_host": None,
                })
                eng = get_engine(corpus_settings)
                eng.index()
            else:
                corpus_settings = settings
                eng = get_engine(settings)
                eng.ensure_index(notice)
            new_rows, new_answers = ask_items(Core(corpus_settings), items, name, progress,
                                              len(rows), total)
            answerer = answerer or eng.answerer
        rows += new_rows
        answers += new_answers
        all_items += items
        sets.append({"path": str(path), "name": name, "sha256": items_digest(items),
                     "questions": len(items), "corpus": str(articles) if articles else ""})
    if progress:
        progress(total, total, "scoring")
    result = build_result(rows, sets, answerer, split, kinds)
    if judge_llm is not None:
        result["judge"] = judge(judge_llm, all_items, answers, progress)
    return result


def items_digest(items: Sequence[EvalItem]) -> str:
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
    errors: list[dict[str, str]] = []
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
                errors.append({"id": item.id, "metric": name, "error": str(exc)[:200]})
                continue
            scores[name].append(float(bool(res.passing)))
    return {
        "faithfulness": mean(scores["faithfulness"]),
        "relevancy": mean(scores["relevancy"]),
        "judged": len(todo),
        "errors": errors,
    }


def failures(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in result["items"] if not r["passed"]]
