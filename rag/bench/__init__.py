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

from rag.bench.command import bench_cmd

__all__ = ["bench_cmd"]
