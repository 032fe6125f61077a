"""The query engine: one object that owns the encoder, store and retriever and
answers questions. `ask()` here is the single path the UI, CLI and evals use.

Offline answering imports no llama-index (start-up time); the language model, the
generated-answer code and the llama-index embedding adapter load on first use."""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.answer.anchors import anchored
from rag.answer.arithmetic import with_difference
from rag.answer.extractive import answer_extractively, numbered
from rag.answer.merge import complete_parts, merge_answers
from rag.answer.named import with_named
from rag.answer.premise import premise_answer
from rag.answer.reasons import with_reason
from rag.answer.remainder import with_remainder
from rag.answer.restating import with_evidence
from rag.app.collection import byline
from rag.core.question import clean_question
from rag.embed import Encoder, as_llama_index, build_encoder
from rag.errors import IndexEmptyError, ModelFileError, SeedsError
from rag.ingest.indexer import IndexReport, Progress, index_folder
from rag.news.answer import finish as news_finish
from rag.news.index import MAX_GROUP_PASSAGES, NewsIndex, news_index
from rag.retrieval.hybrid import Passage, Retriever, interleave
from rag.schema import EXTRACTIVE, Answer, Citation
from rag.settings import Settings, load_settings
from rag.store import FileRecord, Store

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.llms import LLM

    from rag.llm.local import LocalModel

History = list[dict[str, str]] | list[Any] | None


@dataclass(frozen=True)
class IndexStats:
    articles: int
    chunks: int
    last_indexed: float | None


@dataclass(frozen=True)
class Part:
    """One question to look up (a compound question has several) and what it found."""

    question: str
    qvec: np.ndarray
    passages: list[Passage]


@dataclass(frozen=True)
class Retrieval:
    question: str  # as asked, cleaned
    standalone: str  # made standalone from the conversation
    whole: Part  # the standalone question and what it found
    parts: list[Part]  # a compound question's parts, each looked up alone; else empty
    passages: list[Passage]  # the whole question's and the parts' passages, by rank
    timings: dict[str, float]


class Engine:
    """Built once per process (the UI caches it); safe to call from several threads."""

    def __init__(
        self,
        settings: Settings,
        encoder: Encoder | None = None,
        store: Store | None = None,
        llm: LLM | None = None,
        local_model: LocalModel | None = None,
    ) -> None:
        """Parts may be given (tests pass a scripted `llm` or a `local_model`);
        otherwise they are built from settings on first use."""
        self.settings = settings
        self.encoder = encoder or build_encoder(settings)
        self.store = store or Store(settings, self.encoder.model_name, self.encoder.dim)
        self._embedder: BaseEmbedding | None = None
        self._retriever: Retriever | None = None
        self._lock = threading.RLock()
        self._sentence_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._llm: LLM | None = llm
        self._llm_built = llm is not None
        self._local = local_model
        # Resolved once: `auto` looks for the local model's file.
        self.provider = ("local" if local_model is not None else "given" if llm is not None
                         else settings.effective_llm)

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Engine:
        return cls(settings or load_settings())

    @property
    def answerer(self) -> str:
        """What writes the answers: "offline extractive" or the language model's name."""
        match self.provider:
            case "extractive":
                return EXTRACTIVE
            case "local":
                from rag.llm.model_files import MODEL_NAME

                return MODEL_NAME
            case "scripted" | "given" if self._llm is not None:
                return str(getattr(self._llm.metadata, "model_name", "") or "scripted")
            case "scripted":
                from rag.llm.scripted import SCRIPTED_MODEL

                return SCRIPTED_MODEL
        return self.settings.llm_model

    @property
    def notice(self) -> str:
        """One line for the user when answers are less than they could be (no local
        model installed, so quotes only); empty otherwise."""
        if self.provider == "extractive" and self.settings.llm == "auto":
            from rag.llm.model_files import check_model, model_path

            status = check_model(model_path(self.settings.model_dir))
            return f"Answers are quotes only: {status.problem}." if not status.ok else ""
        return ""

    @property
    def local_model(self) -> LocalModel | None:
        """The in-process local model (not loaded until first used), when it writes."""
        with self._lock:
            if self._local is None and self.provider == "local":
                from rag.llm.local import get_local_model
                from rag.llm.model_files import model_path

                self._local = get_local_model(model_path(self.settings.model_dir),
                                              self.settings.llm_threads)
            return self._local

    @property
    def embedder(self) -> BaseEmbedding:
        """The encoder as a llama-index embedding: what ingestion feeds its batches to."""
        with self._lock:
            if self._embedder is None:
                self._embedder = as_llama_index(self.encoder)
            return self._embedder

    @property
    def llm(self) -> LLM | None:
        """The configured language model, built on first use (None: answer offline)."""
        with self._lock:
            if not self._llm_built:
                if self.provider in ("openai", "openai_like", "scripted"):
                    from rag.llm.providers import build_llm

                    self._llm = build_llm(self.settings)
                self._llm_built = True
            return self._llm

    @property
    def retriever(self) -> Retriever:
        with self._lock:
            if self._retriever is None:
                self._retriever = Retriever(self.settings, self.encoder, self.store)
            return self._retriever

    # --- indexing ------------------------------------------------------------
    def index(self, folder: Path | None = None, progress: Progress | None = None,
              lock_wait_s: float = 0.0) -> IndexReport:
        report = index_folder(self.settings, self.embedder, self.store, folder, progress,
                              lock_wait_s)
        if self._retriever is None:
            _ = self.retriever  # built from the fresh index
        elif report.changed:
            self._retriever.refresh()
        if report.changed and self.store.count() <= MAX_GROUP_PASSAGES:
            self.news()  # dates, resolved dated phrases, story groups: built at ingest
        return report

    def ensure_index(self, notice: Callable[[str], None] | None = None) -> bool:
        """The one place "no index yet, build it" is decided (the CLI, the UI, the evals
        and the bench call it): index the articles folder when the store is empty, or
        say how when there is no folder. True when it built the index."""
        try:
            if self.store.count() > 0:
                return False
        except IndexEmptyError:
            pass
        folder = self.settings.seeds_dir
        if not folder.is_dir():
            raise SeedsError(f"no index yet and no articles folder at {folder}: "
                             "run `rag index --seeds DIR`")
        if notice:
            notice(f"No index yet: indexing {folder} first…")
        self.index()
        return True

    def stats(self) -> IndexStats:
        manifest = self.store.manifest()
        last = max((r.indexed_at for r in manifest.values()), default=None)
        return IndexStats(len(manifest), self.store.count(), last)

    def articles(self) -> list[FileRecord]:
        return sorted(self.store.manifest().values(), key=lambda r: r.source)

    def article_text(self, source: str) -> str | None:
        return self.store.article_text(source)

    def news(self) -> NewsIndex:
        """Dates with provenance, dated phrases and story groups (`rag.news`)."""
        return news_index(self.store, self.settings.index_dir, self.settings.collection)

    # --- asking --------------------------------------------------------------
    def ask(self, question: str, history: History = None, top_k: int | None = None) -> Answer:
        """Answer one question (history is used to make follow-ups standalone);
        top_k overrides settings.top_k for this call (the UI's slider). The last
        event of `ask_stream`: one path, whether the caller streams or not."""
        *_, final = self.ask_stream(question, history, top_k)
        assert isinstance(final, Answer)  # every stream ends with exactly one Answer
        return final

    def ask_stream(
        self, question: str, history: History = None, top_k: int | None = None,
        on_evidence: Callable[[list[Citation]], None] | None = None,
    ) -> Iterator[str | Answer]:
        """Like `ask`, but yields the answer text as it is written (str pieces, with
        citation numbers already final) and ends with exactly one `Answer`, whose
        text is the repaired version. Offline, the text comes in one piece.
        `on_evidence` gets the retrieved passages before any answering starts."""
        found = self._retrieve(question, history, top_k)
        if on_evidence is not None:
            on_evidence(numbered(found.passages))
        started = time.perf_counter()
        fixed = premise_answer(  # every answerer: a question taking a false premise for granted
            found.question, found.standalone, found.passages, self.embed_sentences,
            self.settings.grounding_threshold, self.retriever.keyword.idf)
        if fixed is None and self.local_model is not None:
            for item in self._local_stream(found):
                yield self._finish(item, found, started) if isinstance(item, Answer) else item
            return
        if fixed is not None or self.llm is None:  # the correction, or quotes
            answer = fixed or self._extractive(found)
            yield answer.text
            yield self._finish(answer, found, started)
            return
        from rag.answer.generate import stream_answer

        for item in stream_answer(
            self.llm, self.settings, found.question, found.standalone, found.passages,
            self.embed_sentences,
        ):
            if isinstance(item, Answer):
                yield self._finish(item, found, started)
            else:
                yield item

    def _retrieve(self, question: str, history: History, top_k: int | None) -> Retrieval:
        """Clean the question, make it standalone, retrieve its passages; a compound
        question retrieves for each of its parts and interleaves what they found."""
        from rag.core.chatspeak import written_out
        from rag.core.condense import condense, split_question
        from rag.core.spelling import respell

        started = time.perf_counter()
        question = clean_question(question)
        if self.store.count() == 0:
            raise IndexEmptyError("the index is empty: run `rag index` first")
        standalone = written_out(condense(question, history, self.llm, self.settings,
                                          self._condenser()) if history else question)
        condensed = time.perf_counter()
        k = top_k or (self.settings.evidence_passages if self.provider == "local"
                      else self.settings.top_k)
        keep = 0 if self.provider == "extractive" else None  # quotes need the question's words
        whole = Part(standalone, *self.retriever.retrieve(standalone, k, keep))
        mended = respell(standalone, self.retriever.keyword.df.__contains__,
                         (p.chunk.text for p in whole.passages))
        if mended != standalone:  # typos mended against what the question first found
            standalone, whole = mended, Part(mended, *self.retriever.retrieve(mended, k, keep))
        pieces = split_question(standalone)
        compound = len(pieces) > 1
        parts = [Part(q, *self.retriever.retrieve(q, k, keep)) for q in pieces] if compound else []
        passages = interleave([p.passages for p in [whole, *parts]], 2 * k if parts else k)
        timings = {
            "condense": round((condensed - started) * 1000, 1),
            "retrieve": round((time.perf_counter() - condensed) * 1000, 1),
        }
        return Retrieval(question, standalone, whole, parts, passages, timings)

    def _condenser(self) -> LocalModel | None:
        """The local model rewrites follow-ups when it writes the answers (a damaged
        file fails its load there: `condense_local` falls back to the heuristic, and
        the answer says why later)."""
        return self.local_model if self.settings.local_condense else None

    def _local_stream(self, found: Retrieval) -> Iterator[str | Answer]:
        """The local model's answer (evidence, verification, generation, checks); if
        the model can't be loaded, the extractive answer with a notice saying why."""
        from rag.answer.evidence import answer_stream

        assert (model := self.local_model) is not None
        try:
            model.load()
        except ModelFileError as exc:
            answer = self._extractive(found)
            answer.answerer = EXTRACTIVE
            answer.notice = f"{exc}. Answered with quotes instead."
            yield from (answer.text, answer)
            return
        for item in answer_stream(
            model, found.question, found.standalone, found.whole.qvec, found.passages,
            self.embed_sentences, self.retriever.keyword.idf,
            threshold=self.settings.verify_threshold,
            grounding_threshold=self.settings.grounding_threshold,
            max_tokens=min(self.settings.llm_max_tokens, 160),
            deadline_s=self.settings.llm_timeout,
        ):
            yield self._complete(item, found) if isinstance(item, Answer) else item

    def _complete(self, answer: Answer, found: Retrieval) -> Answer:
        """A part the model left without its value (a count, a date) gets its quote."""
        quotes = [(p.question, lambda p=p: self._quote(p, 1)) for p in found.parts]
        return complete_parts(answer, quotes, numbered(found.passages)) if quotes else answer

    def _extractive(self, found: Retrieval) -> Answer:
        """Quotes; a compound question that nothing answers whole is quoted part by part."""
        result = self._quote(found.whole, self.settings.max_sentences)
        if found.parts and not result.citations:
            each = max(1, self.settings.max_sentences - 1)
            quotes = [(p.question, self._quote(p, each)) for p in found.parts]
            merged = merge_answers(found.standalone, quotes, numbered(found.passages))
            if merged.citations:
                result = merged
        result.question = found.question
        return result

    def _quote(self, part: Part, max_sentences: int) -> Answer:
        return answer_extractively(part.question, part.qvec, part.passages,
                                   self.embed_sentences, self.retriever.keyword.idf,
                                   self.settings.min_support, max_sentences)

    def _finish(self, answer: Answer, found: Retrieval, started: float) -> Answer:
        if not answer.notice:  # a fallback answer keeps the name of what wrote it
            answer.answerer = self.answerer
        anchor = functools.partial(
            anchored, idf=self.retriever.keyword.idf, article_date=self._article_date,
            byline=lambda source: byline(self._text(source)), article_text=self._text,
            typed=found.question)
        if not answer.corrects_premise:  # the question's rare names must be in its sources
            answer = anchor(with_remainder(answer, found.standalone, found.passages,
                                           self.embed_sentences), found.standalone)
        answer = news_finish(answer, found.standalone, self.news, self.embed_sentences, anchor)
        answer = with_reason(with_difference(answer, found.standalone), found.standalone,
                             found.passages, self.embed_sentences)  # "why?": a cause
        answer = with_named(answer, found.standalone)  # "who?": "The candidate" named
        answer = with_evidence(answer, found.standalone)  # "Yes, X did." and what says so
        answer.standalone_question = found.standalone  # a decline made above keeps it too
        answer.timings_ms = {
            **found.timings, "answer": round((time.perf_counter() - started) * 1000, 1)
        }
        return answer

    def _article_date(self, source: str) -> str:
        """An article's date (given or inferred), or "" when the news layer can't say."""
        try:
            return self.news().date(source).date or ""
        except Exception:  # the news layer never breaks an answer
            return ""

    def _text(self, source: str) -> str:
        """An article's cleaned text (citations' offsets index it), or "" if unknown."""
        try:
            return self.news().texts.get(source, "")
        except Exception:  # the news layer never breaks an answer
            return ""

    def embed_sentences(self, sentences: list[str]) -> np.ndarray:
        """Sentence vectors, cached: the same passages come back question after question."""
        with self._lock:
            known = {s: self._sentence_cache[s] for s in sentences if s in self._sentence_cache}
        missing = [s for s in dict.fromkeys(sentences) if s not in known]
        if missing:
            vectors = self.encoder.embed(missing)
            fresh = dict(zip(missing, np.asarray(vectors, dtype=np.float32), strict=True))
            known.update(fresh)
            with self._lock:
                self._sentence_cache.update(fresh)
                while len(self._sentence_cache) > 20_000:
                    self._sentence_cache.popitem(last=False)
        if not sentences:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([known[s] for s in sentences])
