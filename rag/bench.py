"""`rag bench`: ingestion, retrieval and answer speed, measured side by side in one run.

Every stage runs in its own fresh (spawned) process, so its peak memory
(`ru_maxrss`) is its own and no stage warms another's caches. Measured:

1. ingestion: `rag index` (chunk, embed, write Chroma, build BM25) against the raw
   forward pass of the same ONNX model over the same chunk texts (the machine's limit)
   and against llama-index's defaults (`VectorStoreIndex.from_documents` into Chroma,
   same embedding class, llama-index's default `embed_batch_size`);
2. hybrid retrieval latency (top-k 5) at several corpus sizes. Embedding 100k passages
   for real would take ~30 min here, so the large corpora are synthetic: passages made
   of the seed articles' sentences, reshuffled and perturbed (some words swapped for
   Zipf-distributed made-up words, so the vocabulary grows like a real corpus's), each
   passage's vector the normalised mean of its sentences' real MiniLM vectors plus
   small Gaussian noise. They are written through the `Store` API; queries are embedded
   for real by `Retriever.retrieve`;
3. `Engine.ask()` latency (offline answerer, after warm-up) and a real `rag ask`
   subprocess from process start to first answer.

Nothing heavy is imported at module import: `rag.cli` registers this command cheaply.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

if TYPE_CHECKING:
    import numpy as np

    from rag.settings import Settings

DEFAULT_SIZES = (1000, 10000, 100000)
QUICK_SIZES = (1000, 10000)
TOP_K = 5
TARGETS = {
    "ingest_vs_raw": 0.85,  # rag index chunks/s over raw forward-pass chunks/s, at least
    "ingest_vs_llamaindex": 2.0,  # rag index over llama-index defaults, at least
    "retrieve_p50_ms_at_100k": 30.0,  # at most
    "ask_p50_ms": 150.0,  # at most
    "cold_ask_s": 3.0,  # at most
}
SYNTHETIC_METHOD = (
    "synthetic passages: seed-article sentences reshuffled into ~110-word passages, "
    "15% of words replaced by Zipf-distributed made-up words; vector = normalised mean of "
    "the sentences' real MiniLM vectors + N(0, 0.02) noise per dimension, renormalised; "
    "written via Store.write_article; queries embedded for real"
)
QUESTIONS = (
    "What did Putin say about the boycott?",
    "Which countries announced a diplomatic boycott of the Beijing Winter Olympics?",
    "Why was Russia banned from international competitions?",
    "What are the Games of the Future?",
    "When do the Beijing 2022 Winter Olympics open?",
    "What did Xi Jinping and Putin agree on?",
    "Can Russian athletes compete at the Olympics?",
    "What happened at the 2014 Sochi Games?",
    "Who accepted the invitation to attend the winter games?",
    "What values do Russia and China share?",
    "Which sports are in the Games of the Future?",
    "What did the West say about human rights in China?",
)


# --- running a stage in a fresh process ------------------------------------------
def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def _child(fn_name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = globals()[fn_name](**kwargs)
    result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return result


def run_stage(fn: Callable[..., dict[str, Any]], **kwargs: Any) -> dict[str, Any]:
    """Run a stage function in a new spawned process; its result gains `peak_rss_mb`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(_child, fn.__name__, kwargs).result()


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    import numpy as np

    arr = np.asarray(samples_ms, dtype=np.float64)
    return {
        "p50_ms": round(float(np.percentile(arr, 50)), 2),
        "p95_ms": round(float(np.percentile(arr, 95)), 2),
        "mean_ms": round(float(arr.mean()), 2),
        "n": int(arr.size),
    }


# --- corpus helpers ---------------------------------------------------------------
def make_ingest_corpus(seeds: Path, dest: Path, copies: int) -> Path:
    """The seed articles, `copies` times over (distinct file names, same text)."""
    from rag.articles import article_paths

    dest.mkdir(parents=True, exist_ok=True)
    for k in range(copies):
        for path in article_paths(seeds):
            shutil.copyfile(path, dest / f"c{k:02d}_{path.name}")
    return dest


def seed_chunks(settings: Settings, folder: Path) -> list[str]:
    """The chunk texts `rag index` embeds for a folder."""
    from rag.chunking import chunk_article
    from rag.ingest import read_folder

    articles, _ = read_folder(folder)
    return [
        c.text
        for a in articles
        for c in chunk_article(a, settings.chunk_words, settings.chunk_overlap_sentences)
    ]


def seed_sentences(folder: Path) -> list[str]:
    """Unique sentences of the seed articles (the synthetic corpora's raw material)."""
    from rag.ingest import read_folder
    from rag.text import sentence_spans

    articles, _ = read_folder(folder)
    seen: dict[str, None] = {}
    for a in articles:
        for s, e in sentence_spans(a.text):
            sentence = " ".join(a.text[s:e].split())
            if len(sentence.split()) >= 4:
                seen.setdefault(sentence, None)
    return list(seen)


def synthetic_passages(
    sentences: list[str], vectors: np.ndarray, n: int, seed: int = 0,
    target_words: int = 110, replace: float = 0.15, noise: float = 0.02,
) -> tuple[list[str], np.ndarray]:
    """n passages of reshuffled, perturbed seed sentences and their derived vectors."""
    import numpy as np

    rng = np.random.default_rng(seed)
    tokens = [s.split() for s in sentences]
    lengths = np.array([len(t) for t in tokens])
    texts: list[str] = []
    out = np.empty((n, vectors.shape[1]), dtype=np.float32)
    # Made-up words, Zipf-distributed so a few are common and most are rare.
    zipf = rng.zipf(1.3, size=n * target_words // 4 + 16)
    z = 0
    for i in range(n):
        picked: list[int] = []
        count = 0
        while count < 0.7 * target_words:
            j = int(rng.integers(len(sentences)))
            if count + lengths[j] > target_words and picked:
                break
            picked.append(j)
            count += int(lengths[j])
        words: list[str] = []
        for j in picked:
            for w in tokens[j]:
                if rng.random() < replace:
                    words.append(f"q{int(zipf[z % zipf.size]):x}x")
                    z += 1
                else:
                    words.append(w)
        texts.append(" ".join(words))
        vec = vectors[picked].mean(axis=0) + rng.normal(0.0, noise, vectors.shape[1])
        out[i] = vec / (np.linalg.norm(vec) or 1.0)
    return texts, out


# --- stages (each runs in its own process) ------------------------------------------
def stage_ingest_raw(settings: Settings, texts: list[str]) -> dict[str, Any]:
    """Raw forward pass: tokenise + ONNX session over length-sorted batches, nothing else."""
    from rag.embed import build_encoder

    t0 = time.perf_counter()
    embed = build_encoder(settings).embed
    load_s = time.perf_counter() - t0
    embed(texts[:4])  # warm-up
    t0 = time.perf_counter()
    embed(texts)
    seconds = time.perf_counter() - t0
    return {"chunks": len(texts), "seconds": round(seconds, 3),
            "chunks_per_s": round(len(texts) / seconds, 2), "model_load_s": round(load_s, 3)}


def stage_ingest_rag(settings: Settings, folder: str) -> dict[str, Any]:
    """`rag index` as the CLI runs it (Engine.index: chunk, embed, upsert, BM25)."""
    from rag.embed import build_encoder
    from rag.engine import Engine

    t0 = time.perf_counter()
    encoder = build_encoder(settings)
    load_s = time.perf_counter() - t0
    engine = Engine(settings, encoder)
    engine.embedder.get_text_embedding_batch(["warm up the session"])
    t0 = time.perf_counter()
    report = engine.index(Path(folder))
    seconds = time.perf_counter() - t0
    chunks = report.chunks_embedded
    return {"chunks": chunks, "seconds": round(seconds, 3),
            "chunks_per_s": round(chunks / seconds, 2), "model_load_s": round(load_s, 3)}


def stage_ingest_llamaindex(settings: Settings, texts: list[str]) -> dict[str, Any]:
    """llama-index defaults: `VectorStoreIndex.from_documents` into Chroma, the same
    embedding class at llama-index's default batch size. Each of our chunks is one
    Document, so both pipelines embed exactly the same texts."""
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.constants import DEFAULT_EMBED_BATCH_SIZE
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from rag.embed import build_embedding
    from rag.store import make_client

    t0 = time.perf_counter()
    embedder = build_embedding(settings)
    load_s = time.perf_counter() - t0
    embedder.embed_batch_size = DEFAULT_EMBED_BATCH_SIZE
    embedder.get_text_embedding_batch(["warm up the session"])
    collection = make_client(settings).get_or_create_collection(
        "llamaindex", metadata={"hnsw:space": "cosine"}, embedding_function=None
    )
    docs = [Document(text=t) for t in texts]
    t0 = time.perf_counter()
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(
        chroma_collection=collection))
    VectorStoreIndex.from_documents(docs, storage_context=storage, embed_model=embedder)
    seconds = time.perf_counter() - t0
    return {"chunks": int(collection.count()), "seconds": round(seconds, 3),
            "chunks_per_s": round(len(texts) / seconds, 2), "model_load_s": round(load_s, 3),
            "embed_batch_size": DEFAULT_EMBED_BATCH_SIZE}


def stage_embed_sentences(settings: Settings, sentences: list[str]) -> dict[str, Any]:
    from rag.embed import build_encoder

    encoder = build_encoder(settings)
    return {"vectors": encoder.embed(sentences), "model_id": encoder.model_name,
            "dim": encoder.dim}


def stage_build_corpus(
    settings: Settings, size: int, sentences: list[str], vectors: np.ndarray,
    model_id: str, dim: int, per_article: int = 500,
) -> dict[str, Any]:
    """Write a synthetic corpus through the Store API, then build + persist BM25."""
    import hashlib

    from rag.chunking import Chunk, chunk_id
    from rag.retrieve import Retriever
    from rag.store import Store

    t0 = time.perf_counter()
    texts, vecs = synthetic_passages(sentences, vectors, size, seed=size)
    gen_s = time.perf_counter() - t0
    store = Store(settings, model_id, dim)
    t0 = time.perf_counter()
    for a, start in enumerate(range(0, size, per_article)):
        source = f"synthetic_{a:05d}.txt"
        body = texts[start:start + per_article]
        digest = hashlib.sha256("\n".join(body).encode()).hexdigest()
        chunks = [
            Chunk(id=chunk_id(source, n), source=source, n=n, text=t, start=0, end=len(t),
                  title=f"Synthetic article {a}", date=None, sha256=digest)
            for n, t in enumerate(body)
        ]
        store.write_article(chunks, vecs[start:start + len(body)], f"Synthetic article {a}", 0)
    write_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    retriever = Retriever(settings, cast(Any, _NoEmbedder()), store)  # builds + saves BM25
    bm25_s = time.perf_counter() - t0
    return {"chunks": store.count(), "generate_s": round(gen_s, 2),
            "write_s": round(write_s, 2), "bm25_build_s": round(bm25_s, 2),
            "vocab": len(retriever.keyword.vocab)}


class _NoEmbedder:
    """Stands in for the embedder where only the keyword index is built."""

    model_name = "none"


def stage_retrieve(settings: Settings, queries: list[str], rounds: int) -> dict[str, Any]:
    """A fresh process opening a built index: BM25 load time, then retrieval latency."""
    from rag.embed import build_encoder
    from rag.retrieve import Retriever
    from rag.store import Store
    from rag.text import terms

    encoder = build_encoder(settings)
    t0 = time.perf_counter()
    store = Store(settings, encoder.model_name, encoder.dim)
    retriever = Retriever(settings, encoder, store)
    open_s = time.perf_counter() - t0
    for q in queries[:3]:
        retriever.retrieve(q, TOP_K)  # warm-up
    samples: list[float] = []
    parts: dict[str, list[float]] = {"embed": [], "dense": [], "bm25": [], "fetch": []}
    n = max(settings.candidates, TOP_K)
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            _, passages = retriever.retrieve(q, TOP_K)
            samples.append((time.perf_counter() - t0) * 1000)
            assert len(passages) == TOP_K
    for q in queries:  # where the time goes
        t0 = time.perf_counter()
        qvec = retriever.embed_query(q)
        t1 = time.perf_counter()
        dense = store.dense(qvec.tolist(), n)
        t2 = time.perf_counter()
        retriever.keyword.search(terms(q), n)
        t3 = time.perf_counter()
        store.get([cid for cid, _ in dense[: TOP_K * 2]])
        t4 = time.perf_counter()
        for key, a, b in (("embed", t0, t1), ("dense", t1, t2), ("bm25", t2, t3),
                          ("fetch", t3, t4)):
            parts[key].append((b - a) * 1000)
    result: dict[str, Any] = dict(percentiles(samples))
    result.update({
        "chunks": store.count(),
        "open_s": round(open_s, 3),
        "breakdown_mean_ms": {k: round(sum(v) / len(v), 2) for k, v in parts.items()},
    })
    return result


def stage_ask(settings: Settings, questions: list[str], rounds: int) -> dict[str, Any]:
    """Engine.ask() on the seed index, offline answerer, after warm-up."""
    from rag.engine import Engine

    engine = Engine.from_settings(settings)
    for q in questions[:3]:
        engine.ask(q)  # warm-up: model, BM25, caches
    samples: list[float] = []
    for _ in range(rounds):
        for q in questions:
            t0 = time.perf_counter()
            engine.ask(q)
            samples.append((time.perf_counter() - t0) * 1000)
    return percentiles(samples)


def cold_ask(settings: Settings, question: str, runs: int) -> dict[str, Any]:
    """Wall time of a real `rag ask` process, start to exit after printing the answer."""
    exe = Path(sys.executable).with_name("rag")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from rag.cli import main; main()"]
    cmd += ["ask", question, "--index", str(settings.index_dir),
            "--seeds", str(settings.seeds_dir)]
    env = dict(os.environ)
    env.update({"RAG_EMBED": settings.embed, "RAG_COLLECTION": settings.collection})
    times: list[float] = []
    peak = 0.0
    for _ in range(runs):
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
            _, status, usage = os.wait4(proc.pid, 0)  # wait4: the child's own peak memory
            times.append(time.perf_counter() - t0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            if proc.returncode != 0 or not out.read().strip():
                raise click.ClickException(f"`rag ask` failed: {err.read().decode()[-500:]}")
        peak = max(peak, usage.ru_maxrss / 1024.0)
    times.sort()
    return {"median_s": round(times[len(times) // 2], 3), "max_s": round(times[-1], 3),
            "runs": runs, "peak_rss_mb": round(peak, 1)}


# --- the whole benchmark ----------------------------------------------------------------
def run_bench(
    settings: Settings, work: Path, sizes: Sequence[int], *, copies: int = 8,
    queries: int = 3, asks: int = 2, cold_runs: int = 3, ingest_rounds: int = 3,
    echo: Callable[[str], None] = lambda _m: None,
) -> dict[str, Any]:
    """Run every stage; return the results (the JSON that `rag bench` saves)."""
    seeds = settings.seeds_dir
    result: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "processor": platform.processor()},
        "settings": {"embed": settings.embed, "embed_batch_size": settings.embed_batch_size,
                     "embed_threads": settings.embed_threads or os.cpu_count(),
                     "top_k": TOP_K, "candidates": settings.candidates},
        "targets": TARGETS,
    }
    corpus = make_ingest_corpus(seeds, work / "ingest-corpus", copies)
    texts = seed_chunks(settings, corpus)
    echo(f"ingestion: {len(texts)} chunks (seed articles x{copies}), {ingest_rounds} rounds")
    result["ingest"] = {
        "corpus": f"seed articles x{copies} ({len(texts)} chunks)",
        **ingest_rounds_result(settings, work, corpus, texts, ingest_rounds),
    }

    sentences = seed_sentences(seeds)
    echo(f"retrieval: embedding {len(sentences)} unique seed sentences")
    emb = run_stage(stage_embed_sentences, settings=settings, sentences=sentences)
    retrieval: list[dict[str, Any]] = []
    question_list = list(QUESTIONS)
    for size in sizes:
        echo(f"retrieval: building {size:,} synthetic passages")
        sized = settings.model_copy(update={"index_dir": work / f"retrieve-{size}"})
        built = run_stage(stage_build_corpus, settings=sized, size=size, sentences=sentences,
                          vectors=emb["vectors"], model_id=emb["model_id"], dim=emb["dim"])
        echo(f"retrieval: timing {size:,}")
        timed = run_stage(stage_retrieve, settings=sized, queries=question_list,
                          rounds=queries)
        retrieval.append({"size": size, "build": built, "query": timed})
        shutil.rmtree(sized.index_dir, ignore_errors=True)
    result["retrieval"] = {"method": SYNTHETIC_METHOD, "sentences": len(sentences),
                           "runs": retrieval}

    echo("answers: seed index")
    seed_settings = settings.model_copy(update={"index_dir": work / "seed-index"})
    run_stage(stage_ingest_rag, settings=seed_settings, folder=str(seeds))
    asked = run_stage(stage_ask, settings=seed_settings, questions=question_list, rounds=asks)
    cold = cold_ask(seed_settings, QUESTIONS[0], cold_runs)
    result["answer"] = {"ask": asked, "cold_rag_ask": cold}
    result["verdict"] = verdict(result)
    return result


def ingest_rounds_result(
    settings: Settings, work: Path, corpus: Path, texts: list[str], rounds: int
) -> dict[str, Any]:
    """The three ingestion stages, `rounds` times in rotating order (so none always runs
    first or last on a drifting machine). Each pipeline's figure is its median round;
    the ratios are medians of the ratios within a round."""
    import statistics

    stages: dict[str, Callable[[int], dict[str, Any]]] = {
        "raw_forward": lambda r: run_stage(stage_ingest_raw, settings=settings, texts=texts),
        "rag_index": lambda r: run_stage(stage_ingest_rag, settings=settings.model_copy(
            update={"index_dir": work / f"ingest-rag-{r}"}), folder=str(corpus)),
        "llamaindex_defaults": lambda r: run_stage(
            stage_ingest_llamaindex, settings=settings.model_copy(
                update={"index_dir": work / f"ingest-llamaindex-{r}"}), texts=texts),
    }
    names = list(stages)
    runs: list[dict[str, dict[str, Any]]] = []
    for r in range(rounds):
        order = names[r % 3:] + names[:r % 3]
        runs.append({name: stages[name](r) for name in order})

    def median_run(name: str) -> dict[str, Any]:
        ranked = sorted((run[name] for run in runs), key=lambda x: x["chunks_per_s"])
        return {**ranked[len(ranked) // 2], "rounds_chunks_per_s": [
            run[name]["chunks_per_s"] for run in runs]}

    def ratio(a: str, b: str) -> float:
        return round(statistics.median(
            run[a]["chunks_per_s"] / run[b]["chunks_per_s"] for run in runs), 3)

    return {
        **{name: median_run(name) for name in names},
        "rounds": rounds,
        "ratio_vs_raw": ratio("rag_index", "raw_forward"),
        "ratio_vs_llamaindex": ratio("rag_index", "llamaindex_defaults"),
    }


def verdict(result: dict[str, Any]) -> dict[str, bool | None]:
    ingest, answer = result["ingest"], result["answer"]
    at_100k = [r for r in result["retrieval"]["runs"] if r["size"] >= 100_000]
    return {
        "ingest_vs_raw": ingest["ratio_vs_raw"] >= TARGETS["ingest_vs_raw"],
        "ingest_vs_llamaindex": ingest["ratio_vs_llamaindex"] >= TARGETS["ingest_vs_llamaindex"],
        "retrieve_p50_ms_at_100k": (
            at_100k[0]["query"]["p50_ms"] <= TARGETS["retrieve_p50_ms_at_100k"]
            if at_100k else None
        ),
        "ask_p50_ms": answer["ask"]["p50_ms"] <= TARGETS["ask_p50_ms"],
        "cold_ask_s": answer["cold_rag_ask"]["median_s"] <= TARGETS["cold_ask_s"],
    }


def table(result: dict[str, Any]) -> str:
    """The results as a plain-text table."""
    ok = result["verdict"]

    def mark(key: str) -> str:
        return {True: "met", False: "MISSED", None: "n/a"}[ok[key]]

    ing = result["ingest"]
    lines = [
        f"Machine: {result['machine']['cpus']} CPUs, Python {result['machine']['python']}; "
        f"embedding {result['settings']['embed']}",
        "",
        f"Ingestion ({ing['corpus']}; median of {ing.get('rounds', 1)} rounds)",
        f"  {'':<34}{'chunks/s':>9}{'seconds':>10}{'peak MB':>9}  each round (chunks/s)",
    ]
    for label, key in (("raw ONNX forward pass", "raw_forward"),
                       ("rag index", "rag_index"),
                       ("llama-index defaults", "llamaindex_defaults")):
        r = ing[key]
        each = " / ".join(f"{x:.1f}" for x in r.get("rounds_chunks_per_s", []))
        lines.append(f"  {label:<34}{r['chunks_per_s']:>9.1f}{r['seconds']:>10.2f}"
                     f"{r['peak_rss_mb']:>9.0f}  {each}")
    lines += [
        f"  rag index / raw         = {ing['ratio_vs_raw']:.2f}  (target >= "
        f"{TARGETS['ingest_vs_raw']}: {mark('ingest_vs_raw')})",
        f"  rag index / llama-index = {ing['ratio_vs_llamaindex']:.2f}  (target >= "
        f"{TARGETS['ingest_vs_llamaindex']}: {mark('ingest_vs_llamaindex')})",
        "",
        "Hybrid retrieval, top-k 5   p50 ms  p95 ms  open s  BM25 build s  peak MB  "
        "(embed/dense/bm25/fetch ms)",
    ]
    for run in result["retrieval"]["runs"]:
        q, b = run["query"], run["build"]
        br = q["breakdown_mean_ms"]
        lines.append(
            f"  {run['size']:>9,} chunks       {q['p50_ms']:>7.1f}{q['p95_ms']:>8.1f}"
            f"{q['open_s']:>8.2f}{b['bm25_build_s']:>14.1f}{q['peak_rss_mb']:>9.0f}  "
            f"({br['embed']:.1f}/{br['dense']:.1f}/{br['bm25']:.1f}/{br['fetch']:.1f})"
        )
    lines.append(f"  p50 at 100k target <= {TARGETS['retrieve_p50_ms_at_100k']} ms: "
                 f"{mark('retrieve_p50_ms_at_100k')}")
    lines.append(f"  corpora: {result['retrieval']['method']}")
    ask, cold = result["answer"]["ask"], result["answer"]["cold_rag_ask"]
    lines += [
        "",
        f"ask() offline, seed index: p50 {ask['p50_ms']:.1f} ms, p95 {ask['p95_ms']:.1f} ms, "
        f"peak {ask['peak_rss_mb']:.0f} MB (target p50 <= {TARGETS['ask_p50_ms']} ms: "
        f"{mark('ask_p50_ms')})",
        f"`rag ask` process start to answer: median {cold['median_s']:.2f} s, max "
        f"{cold['max_s']:.2f} s, peak {cold['peak_rss_mb']:.0f} MB (target <= "
        f"{TARGETS['cold_ask_s']} s: {mark('cold_ask_s')})",
    ]
    return "\n".join(lines)


def plot(result: dict[str, Any], path: Path) -> None:
    """Retrieval latency growth curve and ingestion rates, one PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = result["retrieval"]["runs"]
    sizes = [r["size"] for r in runs]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.plot(sizes, [r["query"]["p50_ms"] for r in runs], "o-", label="p50")
    left.plot(sizes, [r["query"]["p95_ms"] for r in runs], "s--", label="p95")
    left.axhline(TARGETS["retrieve_p50_ms_at_100k"], color="grey", lw=0.8, ls=":",
                 label="p50 target at 100k")
    left.set_xscale("log")
    left.set_xlabel("passages in the index")
    left.set_ylabel("hybrid retrieval latency (ms)")
    left.set_title("Retrieval latency (top-k 5)")
    left.set_ylim(bottom=0)
    left.legend()
    ing = result["ingest"]
    labels = ["raw ONNX", "rag index", "llama-index\ndefaults"]
    rates = [ing[k]["chunks_per_s"] for k in ("raw_forward", "rag_index", "llamaindex_defaults")]
    right.bar(labels, rates, color=["#999999", "#1f77b4", "#ff7f0e"])
    right.set_ylabel("chunks / s")
    right.set_title(f"Ingestion, {ing['corpus']}")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def save(result: dict[str, Any], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    json_path, png_path = out / "bench.json", out / "bench.png"
    json_path.write_text(json.dumps(result, indent=2))
    plot(result, png_path)
    return json_path, png_path


def _parse_sizes(value: str) -> list[int]:
    try:
        sizes = sorted({int(v.replace("_", "")) for v in value.split(",") if v.strip()})
    except ValueError:
        raise click.BadParameter("use comma-separated integers, e.g. 1000,10000") from None
    if not sizes or sizes[0] < 50:
        raise click.BadParameter("sizes must be at least 50 passages")
    return sizes


@click.command("bench")
@click.option("--sizes", default=None, help="Retrieval corpus sizes, comma-separated "
              "(default 1000,10000,100000; with --quick 1000,10000).")
@click.option("--quick", is_flag=True, help="Smaller runs: fewer copies, sizes and repeats.")
@click.option("--seeds", type=click.Path(path_type=Path, file_okay=False),
              help="Seed articles folder (default: seeds/).")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              default=Path("bench-results"), show_default=True)
@click.option("--keep", is_flag=True, help="Keep the scratch indexes (printed at the end).")
@click.option("--llm", "llm_only", is_flag=True,
              help="Only the local model's section (load, first token, total, raw overhead).")
def bench_cmd(sizes: str | None, quick: bool, seeds: Path | None, out: Path, keep: bool,
              llm_only: bool) -> None:
    """Benchmark ingestion, retrieval and answers; print a table, save JSON + PNG."""
    from rag.errors import RagError
    from rag.settings import load_settings

    settings = load_settings(**({"seeds_dir": seeds} if seeds else {}))
    if not settings.seeds_dir.is_dir():
        raise click.ClickException(f"seed articles folder not found: {settings.seeds_dir}")
    if llm_only:
        from rag.bench_llm import run_local_bench
        from rag.bench_llm import table as llm_table

        try:
            local = run_local_bench(settings, rounds=1 if quick else 2)
        except RagError as exc:
            raise click.ClickException(str(exc)) from exc
        out.mkdir(parents=True, exist_ok=True)
        (out / "bench_llm.json").write_text(json.dumps(local, indent=2) + "\n")
        click.echo(llm_table(local))
        click.echo(f"\nSaved {out / 'bench_llm.json'}")
        return
    chosen = _parse_sizes(sizes) if sizes else list(QUICK_SIZES if quick else DEFAULT_SIZES)
    work = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    started = time.perf_counter()
    try:
        result = run_bench(
            settings, work, chosen, copies=2 if quick else 8, queries=1 if quick else 3,
            asks=1 if quick else 3, cold_runs=1 if quick else 3,
            ingest_rounds=1 if quick else 3,
            echo=lambda m: click.echo(f"  {m}", err=True),
        )
    except RagError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    result["total_s"] = round(time.perf_counter() - started, 1)
    json_path, png_path = save(result, out)
    click.echo(table(result))
    click.echo(f"\nSaved {json_path} and {png_path} ({result['total_s']:.0f} s"
               + (f"; scratch kept in {work})" if keep else ")"))
