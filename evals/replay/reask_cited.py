"""Ask the second verification again where the current `cited_facts` shows the model
other text than it was shown when `harness.py` recorded the run (round 21: a cited
sentence that points back is shown with the one before it). Writes each recorded set to
OUT with those records' `p_cited` replaced; replay OUT with `replay.py`.

    .venv/bin/python evals/replay/reask_cited.py /tmp/h21 /tmp/h21-reasked
"""
import glob
import os
import pickle
import sys

from rag import get_engine
from rag.answer.evidence import build_answer, top_coverage, verdict_score
from rag.answer.premise import question_premise
from rag.answer.recheck import cited_facts, needs_recheck, p_cited
from rag.llm.prompts import short_fact
from rag.settings import Settings

os.makedirs(sys.argv[2], exist_ok=True)
asked = 0
for path in sorted(glob.glob(f"{sys.argv[1]}/*.pkl")):
    with open(path, "rb") as f:
        data = pickle.load(f)
    engine = get_engine(data["settings"])
    threshold = Settings().verify_threshold
    recs = []
    for rec in data["recs"]:
        recs.append(rec)
        item, found, facts = rec["item"], rec["found"], rec["facts"]
        if "p_cited" not in rec or not facts or \
                verdict_score(rec["p8"], top_coverage(facts)) < threshold:
            continue
        answer = build_answer(rec["raw"], item.question, facts, found.passages,
                              engine.embed_sentences, data["settings"].grounding_threshold,
                              asked=found.standalone)
        if not needs_recheck(answer, question_premise(found.standalone)):
            continue
        shown_then = list(dict.fromkeys(t for t in (short_fact(c.quote or "")
                                                    for c in answer.citations) if t))
        if [t for _, t in cited_facts(answer)] == shown_then:
            continue
        p_new = p_cited(engine.local_model, answer, found.standalone)
        print(item.id, round(rec["p_cited"], 3), "->", round(p_new, 3), flush=True)
        recs[-1] = {**rec, "p_cited": p_new}
        asked += 1
    with open(os.path.join(sys.argv[2], os.path.basename(path)), "wb") as f:
        pickle.dump({**data, "recs": recs}, f)
print("asked again:", asked)
