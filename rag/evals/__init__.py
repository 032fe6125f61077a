"""Evaluation: question sets (`sets`), scoring one answer (`scoring`), aggregates and
confidence intervals (`stats`), running sets through the engine (`runner`), the
baseline gate (`gate`) and the reports (`report`)."""

from rag.evals.gate import DEFAULT_TOLERANCE, Regression, compare, load_result, save_result
from rag.evals.runner import failures, judge, run_eval, run_sets, select
from rag.evals.scoring import missing_facts, normalize, score_answer
from rag.evals.sets import (
    DECLINE_KINDS,
    KINDS,
    QUESTION_TYPES,
    SPLITS,
    EvalItem,
    EvalSetError,
    blind_sets,
    corpus_articles,
    load_set,
    set_files,
    set_name,
)
from rag.evals.stats import METRICS, aggregate, groups, wilson

__all__ = [
    "DECLINE_KINDS", "DEFAULT_TOLERANCE", "KINDS", "METRICS", "QUESTION_TYPES", "SPLITS",
    "EvalItem", "EvalSetError", "Regression", "aggregate", "blind_sets", "compare",
    "corpus_articles",
    "failures", "groups", "judge", "load_result", "load_set", "missing_facts", "normalize",
    "run_eval", "run_sets", "save_result", "score_answer", "select", "set_files", "set_name",
    "wilson",
]
