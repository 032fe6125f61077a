"""Which questions of a split does the question-premise check fire on? Retrieval as
the quotes answerer does it, then `premise_answer`; one line per firing, with the
question's kind, so false corrections (kinds other than false_premise) stand out.

    .venv/bin/python evals/replay/premscan.py dev
"""
import sys
from pathlib import Path

from corpus import engine_for  # evals/replay/corpus.py, beside this script

from rag.answer.premise import premise_answer, question_premise
from rag.evals.runner import select
from rag.evals.sets import blind_sets, load_set
from rag.settings import Settings

split = sys.argv[1] if len(sys.argv) > 1 else "dev"
base = Settings(llm="extractive")
parsed = {True: 0, False: 0}
for path in blind_sets(Path("evals")):
    engine = engine_for(path, base)
    for item in select(load_set(path), split):
        if item.turns:
            continue
        found = engine._retrieve(item.question, None, None)
        if question_premise(found.standalone):
            parsed[item.kind == "false_premise"] += 1
        answer = premise_answer(item.question, found.standalone, found.passages,
                                engine.embed_sentences, engine.settings.grounding_threshold,
                                engine.retriever.keyword.idf)
        if answer is not None:
            print(path.name, item.id, item.kind, "|", item.question[:100], "|",
                  answer.text[:160], flush=True)
print(f"premises parsed: {parsed[True]} false-premise questions, {parsed[False]} others")
