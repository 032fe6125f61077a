"""The bench's stages; each runs in its own process (`rag.bench.process.run_stage`)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from rag.bench.corpus import synthetic_passages
from rag.bench.process import percentiles

if TYPE_CHECKING:
    import numpy as np

    from rag.settings import Settings

TOP_K = 5


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
    from rag.core.engine import Engine
    from rag.embed import build_encoder

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

    from rag.ingest.chunking import Chunk, chunk_id
    from rag.retrieval.hybrid import Retriever
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
    disk = sum(f.stat().st_size for f in settings.index_dir.rglob("*") if f.is_file())
    return {"chunks": store.count(), "generate_s": round(gen_s, 2),
            "write_s": round(write_s, 2), "bm25_build_s": round(bm25_s, 2),
            "disk_mb": round(disk / 2**20, 1),
            "vocab": len(retriever.keyword.vocab)}


class _NoEmbedder:
    """Stands in for the embedder where only the keyword index is built."""

    model_name = "none"


def stage_retrieve(settings: Settings, queries: list[str], rounds: int) -> dict[str, Any]:
    """A fresh process opening a built index: BM25 load time, then retrieval latency."""
    from rag.embed import build_encoder
    from rag.retrieval.hybrid import Retriever
    from rag.store import Store
    from rag.text import terms

    encoder = build_encoder(settings)
    t0 = time.perf_counter()
    store = Store(settings, encoder.model_name, encoder.dim)
    store.dense([1.0] + [0.0] * (encoder.dim - 1), 1)  # Chroma loads HNSW on first search
    store_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    retriever = Retriever(settings, encoder, store)
    bm25_load_s = time.perf_counter() - t0
    open_s = store_s + bm25_load_s
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
        "store_open_s": round(store_s, 3),
        "bm25_load_s": round(bm25_load_s, 3),
        "breakdown_mean_ms": {k: round(sum(v) / len(v), 2) for k, v in parts.items()},
    })
    return result


def stage_ask(settings: Settings, questions: list[str], rounds: int) -> dict[str, Any]:
    """Engine.ask() on the seed index, offline answerer, after warm-up."""
    from rag.core.engine import Engine

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
