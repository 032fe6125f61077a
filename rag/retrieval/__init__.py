"""Finding passages: dense (Chroma) and BM25 (`keyword`, on bm25s), fused by
reciprocal rank (`hybrid`)."""
