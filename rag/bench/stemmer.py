"""Should BM25 tokenise with PyStemmer? Measures BM25 top-5 source hits on the blind
sets' dev questions with our tokens (`rag.text.terms`) against bm25s's tokenizer with
PyStemmer (Snowball English) and its English stopwords, on the same passages.

    python -m rag.bench.stemmer      # needs the `bench` extra (PyStemmer)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def measure(evals: Path = Path("evals")) -> dict[str, Any]:
    import bm25s
    import Stemmer

    from rag.bench.corpus import folder_chunks
    from rag.evals import blind_sets, corpus_articles, load_set
    from rag.settings import load_settings
    from rag.text import terms

    settings = load_settings()
    stemmer = Stemmer.Stemmer("english")

    def snowball(texts: list[str]) -> Any:
        return bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)

    hits = {"ours": 0, "pystemmer": 0}
    rr = {"ours": 0.0, "pystemmer": 0.0}
    n = 0
    for path in blind_sets(evals):
        chunks = folder_chunks(settings, corpus_articles(path) or settings.seeds_dir)
        texts = [f"{c.title}\n{c.text}" for c in chunks]
        ours = bm25s.BM25(k1=1.5, b=0.75)
        ours.index([terms(t) for t in texts], show_progress=False)
        theirs = bm25s.BM25(k1=1.5, b=0.75)
        theirs.index(snowball(texts), show_progress=False)
        for item in load_set(path):
            if item.split != "dev" or not item.sources:
                continue
            n += 1
            ranked = {
                "ours": ours.retrieve([terms(item.question) or ["_"]], k=5,
                                      show_progress=False)[0][0],
                "pystemmer": theirs.retrieve(snowball([item.question]), k=5,
                                             show_progress=False)[0][0],
            }
            for name, ids in ranked.items():
                first = next((r for r, i in enumerate(ids) if chunks[i].source in item.sources),
                             None)
                hits[name] += first is not None
                rr[name] += 0.0 if first is None else 1.0 / (first + 1)
    return {"questions": n, **{f"{k}_hit_at_5": round(hits[k] / n, 3) for k in hits},
            **{f"{k}_mrr": round(rr[k] / n, 3) for k in rr}}


if __name__ == "__main__":
    print(measure())
