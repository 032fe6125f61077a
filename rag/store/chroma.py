"""The Chroma store: one collection of passages (llama-index `ChromaVectorStore`
format, cosine space) and one of indexed files (the manifest incremental indexing
reads). Embedded `PersistentClient` at `index_dir`, or a Chroma server when
`chroma_host` is set. The passages collection records which embedding model built it.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.errors import IndexMismatchError, RagError, StoreError
from rag.ingest.chunking import Chunk
from rag.settings import Settings
from rag.store.guard import PASS_THROUGH, REBUILD_HINT, guarded, reason, repair_hint, store_place

if TYPE_CHECKING:
    from llama_index.core.schema import TextNode

@dataclass(frozen=True)
class FileRecord:
    """What the manifest knows about one indexed article."""

    source: str
    sha256: str
    title: str
    date: str | None
    chunks: int
    indexed_at: float
    recipe: str = ""  # how it was cleaned and chunked; another recipe re-indexes it
    stale: str = ""  # why the file could not be read again (the indexed version is kept)


@dataclass(frozen=True)
class ArticleWrite:
    """One article's new passages and vectors, ready to replace what the store holds."""

    chunks: Sequence[Chunk]
    vectors: np.ndarray
    text: str
    old_count: int  # passages the store holds for it now (stale ones get deleted)
    recipe: str = ""


def _mean(vectors: np.ndarray) -> list[float]:
    """The article's own vector (normalised mean of its passages')."""
    mean = vectors.mean(axis=0)
    return list((mean / (np.linalg.norm(mean) or 1.0)).tolist())


@dataclass(frozen=True)
class StoredChunk:
    """A passage as read back from the store."""

    id: str
    source: str
    title: str
    date: str | None
    text: str
    start: int
    end: int


def make_client(settings: Settings) -> Any:
    """Chroma client for the settings, telemetry off; never downloads anything."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(
                host=settings.chroma_host,
                port=settings.chroma_port,
                ssl=settings.chroma_ssl,
                settings=chroma_settings,
            )
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)
    except (RagError, *PASS_THROUGH):
        raise
    except BaseException as exc:  # plain ValueError/ConnectionError, sqlite, Rust panics
        raise StoreError(f"can't open {store_place(settings)}: {reason(exc)}; "
                         f"{repair_hint(settings)}") from exc


class Store:
    """Passages + manifest for one embedding model."""

    def __init__(self, settings: Settings, model_id: str, dim: int, client: Any = None) -> None:
        self.client = client if client is not None else make_client(settings)
        self.place = store_place(settings)
        self.hint = repair_hint(settings)
        self.model_id = model_id
        self.dim = dim
        self.name = settings.collection
        try:
            self.chunks = self.client.get_or_create_collection(
                self.name,
                metadata={"hnsw:space": "cosine", "embed_model": model_id, "embed_dim": dim},
                embedding_function=None,
            )
            self.files = self.client.get_or_create_collection(
                f"{self.name}-files",
                metadata={"hnsw:space": "cosine", "embed_model": model_id, "embed_dim": dim},
                embedding_function=None,
            )
        except (RagError, *PASS_THROUGH):
            raise
        except BaseException as exc:
            raise StoreError(f"can't open collection {self.name!r} in {self.place}: "
                             f"{reason(exc)}; {self.hint}") from exc
        self._check_model()

    def failure(self, what: str, exc: BaseException) -> StoreError:
        return StoreError(f"{what} failed on {self.place}: {reason(exc)}; {self.hint}")

    @functools.cached_property
    def vector_store(self) -> Any:
        """The passages as a llama-index `ChromaVectorStore`, for llama-index callers
        (e.g. `VectorStoreIndex.from_vector_store(store.vector_store, embed_model=...)`)."""
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.chunks)

    def _check_model(self) -> None:
        meta = self.chunks.metadata or {}
        built_with = (meta.get("embed_model"), meta.get("embed_dim"))
        if built_with != (self.model_id, self.dim):
            raise IndexMismatchError(
                f"the index was built with embedding model {built_with[0]!r} "
                f"(dimension {built_with[1]}), but {self.model_id!r} (dimension {self.dim}) "
                f"is configured; {REBUILD_HINT}"
            )

    @property
    def max_batch(self) -> int:
        try:
            return max(1, int(self.client.get_max_batch_size()))
        except Exception:
            return 1000

    # --- manifest -------------------------------------------------------------
    @guarded("reading the list of indexed articles")
    def manifest(self) -> dict[str, FileRecord]:
        got = self.files.get(include=["metadatas"])
        out: dict[str, FileRecord] = {}
        for fid, meta in zip(got["ids"], got["metadatas"] or [], strict=False):
            out[fid] = FileRecord(
                source=fid,
                sha256=str(meta.get("sha256", "")),
                title=str(meta.get("title", "")),
                date=(str(meta["date"]) if meta.get("date") else None),
                chunks=int(meta.get("chunks", 0)),
                indexed_at=float(meta.get("indexed_at", 0.0)),
                recipe=str(meta.get("recipe", "")),
                stale=str(meta.get("stale", "") or ""),
            )
        return out

    @guarded("reading an article")
    def article_text(self, source: str) -> str | None:
        got = self.files.get(ids=[source], include=["documents"])
        docs = got.get("documents") or []
        return docs[0] if docs else None

    # --- writes ---------------------------------------------------------------
    def write_article(
        self, chunks: Sequence[Chunk], vectors: np.ndarray, text: str, old_count: int,
        recipe: str = "",
    ) -> None:
        """Upsert one article's passages, drop its stale ones, then record it."""
        self.write_articles([ArticleWrite(chunks, vectors, text, old_count, recipe)])

    @guarded("writing to the index")
    def write_articles(self, writes: Sequence[ArticleWrite]) -> None:
        """Upsert the articles' passages in as few Chroma batches as the client allows,
        drop stale passages, then record the articles.

        The manifest is written last, so a crash part-way makes the next run redo
        these files; an id always holds either its old or its new passage.
        """
        from llama_index.core.vector_stores.utils import node_to_metadata_dict

        writes = [w for w in writes if w.chunks]
        nodes = [
            _to_node(c, v) for w in writes for c, v in zip(w.chunks, w.vectors, strict=True)
        ]
        size = self.max_batch
        for k in range(0, len(nodes), size):
            batch = nodes[k:k + size]
            self.chunks.upsert(
                ids=[n.node_id for n in batch],
                embeddings=[n.get_embedding() for n in batch],
                documents=[n.text for n in batch],
                metadatas=[node_to_metadata_dict(n, remove_text=True) for n in batch],
            )
        stale = [
            f"{w.chunks[0].source}#{n}" for w in writes for n in range(len(w.chunks), w.old_count)
        ]
        self.delete_ids(stale)
        now = time.time()
        for k in range(0, len(writes), size):
            group = writes[k:k + size]
            self.files.upsert(
                ids=[w.chunks[0].source for w in group],
                embeddings=[_mean(w.vectors) for w in group],
                documents=[w.text for w in group],
                metadatas=[{
                    "sha256": w.chunks[0].sha256,
                    "title": w.chunks[0].title,
                    "date": w.chunks[0].date or "",
                    "chunks": len(w.chunks),
                    "indexed_at": now,
                    "recipe": w.recipe,
                    "stale": "",  # upsert merges metadata: clear an earlier stale mark
                } for w in group],
            )

    @guarded("removing an article")
    def delete_article(self, source: str) -> None:
        self.chunks.delete(where={"source": source})
        self.files.delete(ids=[source])

    # --- reads ----------------------------------------------------------------
    @guarded("counting passages")
    def count(self) -> int:
        return int(self.chunks.count())

    @guarded("searching the index")
    def dense(self, query_vector: Sequence[float], k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest passages.

        Asks Chroma for ids and distances only: the hot path of every question, where
        rebuilding llama-index nodes for candidates that fusion may drop is wasted work.
        The collection stays in llama-index's format (see `vector_store`).
        """
        if k <= 0:
            return []
        result = self.chunks.query(
            query_embeddings=[list(query_vector)], n_results=k, include=["distances"]
        )
        ids = (result.get("ids") or [[]])[0]
        distances = (result.get("distances") or [[]])[0]
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=False)]

    @guarded("reading passages")
    def get(self, ids: Sequence[str]) -> dict[str, tuple[StoredChunk, np.ndarray]]:
        if not ids:
            return {}
        got = self.chunks.get(ids=list(ids), include=["documents", "metadatas", "embeddings"])
        out = {}
        for cid, doc, meta, emb in zip(
            got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=False
        ):
            out[cid] = (_stored(cid, doc, meta), np.asarray(emb, dtype=np.float32))
        return out

    def iter_all(self, page: int = 5000) -> Iterator[StoredChunk]:
        """Every passage, paged, for building the keyword index."""
        offset = 0
        while True:
            got = self._page(page, offset)
            if not got["ids"]:
                return
            for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=False):
                yield _stored(cid, doc, meta)
            offset += len(got["ids"])

    @guarded("reading passages")
    def _page(self, page: int, offset: int) -> Any:
        return self.chunks.get(include=["documents", "metadatas"], limit=page, offset=offset)

    # --- consistency -----------------------------------------------------------
    @guarded("reconciling the index with the articles folder")
    def orphans(self, present: Sequence[str]) -> dict[str, list[str]]:
        """Passage ids whose file is not in the folder, by source: what a lost manifest
        (or a kill between writing passages and the manifest) would otherwise leave."""
        if not present:
            got = self.chunks.get(include=["metadatas"])
        else:
            got = self.chunks.get(where={"source": {"$nin": sorted(present)}},
                                  include=["metadatas"])
        out: dict[str, list[str]] = {}
        for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=False):
            out.setdefault(str((meta or {}).get("source", cid.split("#")[0])), []).append(cid)
        return out

    @guarded("removing passages")
    def delete_ids(self, ids: Sequence[str]) -> None:
        size = self.max_batch
        for k in range(0, len(ids), size):
            self.chunks.delete(ids=list(ids[k:k + size]))

    @guarded("marking an article stale")
    def mark_stale(self, source: str, reason: str) -> None:
        self.files.update(ids=[source], metadatas=[{"stale": reason}])

    def problem(self) -> str:
        """Why the index can't be trusted, or "": its passage count must match the
        manifest, and a search must return as many passages as it asks for (lost HNSW
        files leave the count right while search finds almost nothing)."""
        try:
            count = self.count()
            expected = sum(r.chunks for r in self.manifest().values())
            if count != expected:
                return f"it holds {count} passages where its article list expects {expected}"
            if count == 0:
                return ""
            probe = self.chunks.get(limit=1, include=["embeddings"])
            want = min(count, 20)
            found = self.chunks.query(query_embeddings=[list(probe["embeddings"][0])],
                                      n_results=want, include=["distances"])
            got = len((found.get("ids") or [[]])[0])
        except (RagError, *PASS_THROUGH):
            raise
        except BaseException as exc:
            return f"a test search failed ({reason(exc)})"
        if got < want:
            return f"a test search found {got} of {want} passages out of {count}"
        return ""


def _to_node(chunk: Chunk, vector: np.ndarray) -> TextNode:
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    node = TextNode(
        id_=chunk.id,
        text=chunk.text,
        embedding=vector.tolist(),
        metadata={
            "source": chunk.source,
            "title": chunk.title,
            "date": chunk.date or "",
            "n": chunk.n,
            "start": chunk.start,
            "end": chunk.end,
            "sha256": chunk.sha256,
        },
    )
    node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=chunk.source)
    return node


def _stored(cid: str, doc: str | None, meta: Any) -> StoredChunk:
    meta = meta or {}
    text = doc
    if text is None and meta.get("_node_content"):
        text = json.loads(meta["_node_content"]).get("text", "")
    return StoredChunk(
        id=cid,
        source=str(meta.get("source", cid.split("#")[0])),
        title=str(meta.get("title", "")),
        date=(str(meta["date"]) if meta.get("date") else None),
        text=text or "",
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
    )
