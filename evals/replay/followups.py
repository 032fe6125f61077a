"""Every dev follow-up of the blind sets: its standalone form by the heuristic
(`condense_offline`) and by the local model (`condense`), each answered by the quoting
answerer (a proxy for what the standalone form retrieves) and scored. Earlier turns are
asked with the quoting answerer. About 4 minutes on 2 cores.

    .venv/bin/python evals/replay/followups.py > /tmp/followups.log
"""
import json
from pathlib import Path

from corpus import engine_for  # evals/replay/corpus.py, beside this script

from rag.core.condense import condense, condense_offline, history_from_answers, turns_from_history
from rag.evals.runner import select
from rag.evals.scoring import score_answer
from rag.evals.sets import blind_sets, load_set
from rag.settings import Settings

base = Settings(llm="extractive")
rows = []
for path in blind_sets(Path("evals")):
    items = [i for i in select(load_set(path), "dev") if i.turns]
    if not items:
        continue
    e = engine_for(path, base)
    lm = engine_for(path, base.model_copy(update={"llm": "local"})).local_model
    for it in items:
        earlier = []
        for t in it.turns:
            earlier.append(e.ask(t, history_from_answers(earlier) or None))
        hist = history_from_answers(earlier)
        turns = turns_from_history(hist)
        off = condense_offline(it.question, turns)
        loc = condense(it.question, hist, None, e.settings, lm)
        r = {"id": it.id, "q": it.question, "hist": it.turns, "off": off, "loc": loc}
        for k in ("off", "loc"):
            a = e.ask(r[k])
            r[k + "_ok"] = bool(score_answer(it, a, 0, "x")["passed"])
        rows.append(r)
        print(json.dumps(r), flush=True)
print("offline", sum(r["off_ok"] for r in rows), "local", sum(r["loc_ok"] for r in rows),
      "of", len(rows))
