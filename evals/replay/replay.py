"""Replay `harness.py`'s pickles through the current answer checks, the news layer
and the scorer, with the verification threshold as it is in settings; prints the dev
accuracy overall and per kind. Run from the repository root (the seeds index is
`index/`):

    .venv/bin/python evals/replay/replay.py /tmp/h8 [/tmp/failures.md]
"""
import collections
import glob
import pickle
import sys
import time

from rag import get_engine
from rag.answer.evidence import (
    PREMISE_DOUBT,
    build_answer,
    mark_cut,
    top_coverage,
    verdict_score,
)
from rag.answer.extractive import declined, numbered
from rag.answer.premise import doubted, premise_answer, question_premise
from rag.answer.recheck import needs_recheck, rechecked
from rag.evals.scoring import score_answer
from rag.evals.sets import set_name
from rag.evals.stats import aggregate
from rag.settings import Settings

rows = []
raws = []
for path in sorted(glob.glob(f"{sys.argv[1]}/*.pkl")):
    with open(path, "rb") as f:
        data = pickle.load(f)
    engine = get_engine(data["settings"])
    threshold = Settings().verify_threshold  # as the code now has it, not as recorded
    for rec in data["recs"]:
        item, found, facts = rec["item"], rec["found"], rec["facts"]
        related = numbered(found.passages)
        coverage = top_coverage(facts)
        fixed = premise_answer(item.question, found.standalone, found.passages,
                               engine.embed_sentences, data["settings"].grounding_threshold,
                               engine.retriever.keyword.idf)
        if fixed is not None:  # as the engine does: the question-premise check first
            answer = fixed
        elif rec.get("p_premise", 1.0) < PREMISE_DOUBT and (
                premise := question_premise(found.standalone)):  # recorded since round 9;
            # a question the current code reads no premise in is not asked about one
            answer = doubted(item.question, premise, found.passages, engine.embed_sentences)
        elif not facts or verdict_score(rec["p8"], coverage) < threshold:
            answer = declined(item.question, related)
        else:
            answer = build_answer(rec["raw"], item.question, facts, found.passages,
                                  engine.embed_sentences,
                                  data["settings"].grounding_threshold, asked=found.standalone)
            if "p_cited" in rec and needs_recheck(answer, question_premise(found.standalone)):
                answer = rechecked(answer, rec["p_cited"], item.question, found.passages)
            if rec.get("cut"):  # after the second verification, as the engine does
                answer = mark_cut(answer)
            answer = engine._complete(answer, found)  # as the engine does
        answer = engine._finish(answer, found, time.perf_counter())
        rows.append(score_answer(item, answer, 0, set_name(data["path"])))
        raws.append(rec.get("raw", ""))
overall = aggregate(rows)
kinds = collections.defaultdict(list)
for r in rows:
    kinds[r["kind"]].append(r["passed"])
print(f"{len(rows)} questions: accuracy {overall['accuracy']:.3f}, decline recall "
      f"{overall['decline_recall']}, false declines {overall['false_decline_rate']}")
for kind, passed in sorted(kinds.items()):
    print(f"  {kind}: {sum(passed)}/{len(passed)}")
if len(sys.argv) > 2:  # a file to write every failed question to, for reading
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for r, raw in zip(rows, raws, strict=True):
            if not r["passed"]:
                out.write(f"## {r['id']} {r['kind']} | {r['question']}\n"
                          f"expected: {r['expected_answer']}\nmodel: {raw}\n"
                          f"answer: {r['answer']}\nverification: {r['verification']}\n"
                          f"missing: {r.get('missing_facts')}\n\n")
