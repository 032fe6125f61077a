"""Dev split only: run retrieval, the verification question, one generation and the
second verification (`p_cited`) per question with the local model (a follow-up's
earlier turns are asked first, through `engine.ask`, and their answers are its
history), and pickle everything, so that answer checks and decision rules can be replayed
offline (`replay.py`) on the same model outputs. About 10 s a question on 2 cores.

    FACTS=8 PASSAGES=8 WORDS=40 .venv/bin/python evals/replay/harness.py /tmp/h8
    SETS=evals/blind_seeds_round5.jsonl .venv/bin/python evals/replay/harness.py /tmp/h5

`IDS=a,b` records only those questions (to re-record what a retrieval change moved).
"""
import os
import pickle
import sys
import time
from pathlib import Path

from corpus import engine_for  # evals/replay/corpus.py, beside this script

import rag.answer.evidence as ev
import rag.llm.prompts as prompts
from rag.answer.extractive import rank_sentences
from rag.answer.premise import question_premise
from rag.answer.recheck import needs_recheck, p_cited
from rag.core.condense import history_from_answers
from rag.evals.runner import select
from rag.evals.sets import load_set
from rag.llm.local import CUT, chat_prompt
from rag.llm.prompts import (
    ANSWER_TASK,
    EVIDENCE_SYSTEM,
    PREMISE_TASK,
    VERIFY_TASK,
    evidence_user,
)
from rag.settings import Settings

SETS = os.environ["SETS"].split(",") if os.environ.get("SETS") else [
        "evals/blind_seeds.jsonl", "evals/blind_seeds_round3.jsonl",
        "evals/blind_seeds_round4.jsonl", "evals/corpora/harbourton/questions.jsonl",
        "evals/corpora/harbourton/round3.jsonl", "evals/corpora/harbourton/round4.jsonl"]
IDS = set(filter(None, os.environ.get("IDS", "").split(",")))
FACTS = int(os.environ.get("FACTS", "8"))
PASSAGES = int(os.environ.get("PASSAGES", "8"))
prompts.MAX_FACT_WORDS = int(os.environ.get("WORDS", str(prompts.MAX_FACT_WORDS)))

base = Settings(llm="local", evidence_passages=PASSAGES)
out = Path(sys.argv[1])
out.mkdir(exist_ok=True)
for path in SETS:
    items = [i for i in select(load_set(Path(path)), "dev") if not IDS or i.id in IDS]
    engine = engine_for(Path(path), base)
    settings = engine.settings
    model = engine.local_model
    model.load()
    recs = []
    for item in items:
        started = time.time()
        earlier: list = []
        for turn in item.turns:  # as the eval runner asks a conversation
            earlier.append(engine.ask(turn, history_from_answers(earlier) or None))
        found = engine._retrieve(item.question, history_from_answers(earlier) or None, None)
        ranked, _ = rank_sentences(found.standalone, found.whole.qvec, found.passages,
                                   engine.embed_sentences, engine.retriever.keyword.idf)
        facts = ev.grouped(ev.select_facts(ranked, FACTS), found.passages)
        shown = [(ev._label(found.passages[f.passage]), prompts.short_fact(f.text)) for f in facts]
        rec = {"item": item, "found": found, "facts": facts, "shown": shown}
        if facts:
            rec["p8"] = model.choice_probability(chat_prompt(
                EVIDENCE_SYSTEM, evidence_user(shown, found.standalone, VERIFY_TASK)))
            premise = question_premise(found.standalone)
            if premise is not None:  # the model's premise check, as the engine asks it
                rec["p_premise"] = model.choice_probability(chat_prompt(
                    EVIDENCE_SYSTEM, evidence_user(shown, found.standalone,
                                                   PREMISE_TASK.format(premise=premise))))
            raw = []
            prompt = chat_prompt(EVIDENCE_SYSTEM, evidence_user(shown, found.standalone,
                                                                 ANSWER_TASK))
            for piece in model.stream(prompt, 160, 60):
                if piece == CUT:
                    rec["cut"] = True
                    break
                raw.append(piece)
            rec["raw"] = "".join(raw)
            built = ev.build_answer(rec["raw"], item.question, facts, found.passages,
                                    engine.embed_sentences, settings.grounding_threshold,
                                    asked=found.standalone)
            if needs_recheck(built, premise):  # the second verification, as the engine asks it
                rec["p_cited"] = p_cited(model, built, found.standalone)
        rec["t"] = time.time() - started
        recs.append(rec)
        print(item.id, round(rec["t"], 1), flush=True)
    name = Path(path).stem if Path(path).parent.name == "evals" else \
        f"{Path(path).parent.name}-{Path(path).stem}"
    with open(out / f"{name}.pkl", "wb") as f:
        pickle.dump({"path": path, "settings": settings, "recs": recs}, f)
