"""The local model, run in-process with llama-cpp-python.

One `LocalModel` per model file per process: loaded lazily on first use (about 2 s),
`n_threads` = cores, flash attention (reads a 540-token prompt about a tenth faster on
2 cores: 4.4 -> 4.0 s), a fixed context sized for the short evidence prompts, and every
call serialised by a lock so concurrent questions queue instead of corrupting the
shared KV cache. Prompts share a fixed prefix (system text, then the evidence), so
llama.cpp's prefix reuse skips re-reading it between the verification question and
the answer.
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import LLMError, ModelFileError
from rag.llm.model_files import MODEL_NAME, check_model

N_CTX = 2048
_models: dict[Path, LocalModel] = {}
_models_lock = threading.Lock()


def chat_prompt(system: str, user: str) -> str:
    """Qwen2.5's chat template (ChatML), ending where the assistant speaks."""
    return (f"<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n"
            "<|im_start|>assistant\n")


class LocalModel:
    """A GGUF model in this process. Thread-safe: one call at a time."""

    name = MODEL_NAME

    def __init__(self, path: Path, threads: int = 0) -> None:
        self.path = path
        self.threads = threads or os.cpu_count() or 1
        self.lock = threading.Lock()
        self._llm: Any = None
        self._choice_ids: dict[tuple[str, ...], list[list[int]]] = {}
        # The last calls' prompts and token counts, newest last (for `rag bench`).
        self.calls: list[dict[str, Any]] = []

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    def load(self) -> None:
        """Load the weights (once). A missing or damaged file raises ModelFileError."""
        with self.lock:
            if self._llm is not None:
                return
            status = check_model(self.path)
            if not status.ok:
                raise ModelFileError(status.problem)
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise ModelFileError("llama-cpp-python is not installed: run `make chat` "
                                     "or `pip install -e '.[local]'`") from exc
            try:
                self._llm = Llama(model_path=str(self.path), n_ctx=N_CTX,
                                  n_threads=self.threads, n_threads_batch=self.threads,
                                  n_batch=512, flash_attn=True, verbose=False, seed=0)
            except (ValueError, RuntimeError, OSError) as exc:
                raise ModelFileError(f"the local model {self.path} could not be loaded "
                                     f"({exc}); run `rag model install --force`") from exc
            atexit.register(self.close)  # free it before the interpreter tears down

    def close(self) -> None:
        """Free the model (llama-cpp's own finaliser fails at interpreter exit)."""
        with self.lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None

    def _tokens(self, prompt: str) -> list[int]:
        tokens: list[int] = self._llm.tokenize(prompt.encode("utf-8"), add_bos=False,
                                               special=True)
        if len(tokens) > N_CTX - 200:
            raise LLMError(f"the prompt is too long for the local model ({len(tokens)} "
                           f"tokens; at most {N_CTX - 200})")
        return tokens

    def _eval_reusing_prefix(self, tokens: list[int]) -> None:
        llm = self._llm
        keep = 0
        for a, b in zip(llm.input_ids[: llm.n_tokens], tokens[:-1], strict=False):
            if a != b:
                break
            keep += 1
        llm.n_tokens = keep
        llm.eval(tokens[keep:])

    def choice_probability(self, prompt: str, yes: str = "yes", no: str = "no") -> float:
        """P(first reply token is `yes`) against `no`, from the model's logits: a
        calibrated score where free text would give only a yes or a no."""
        return self.choice_probabilities(prompt, (yes, no))[0]

    def choice_probabilities(self, prompt: str, options: Sequence[str]) -> list[float]:
        """P(the reply starts with each option) among `options` (each option's first
        token, lower-case or capitalised, whichever the model prefers), from one
        forward pass over the prompt."""
        self.load()
        with self.lock:
            tokens = self._tokens(prompt)
            self._eval_reusing_prefix(tokens)
            self._record(prompt, len(tokens), 0)
            n_vocab = self._llm.n_vocab()
            logits = np.ctypeslib.as_array(self._llm._ctx.get_logits(), shape=(n_vocab,))
            best = np.array([max(float(logits[i]) for i in group)
                             for group in self._ids(tuple(options))])
            exp = np.exp(best - best.max())
            return [float(x) for x in exp / exp.sum()]

    def _ids(self, options: tuple[str, ...]) -> list[list[int]]:
        """The first token of each option, lower-case and capitalised (once)."""
        if options not in self._choice_ids:
            self._choice_ids[options] = [
                [self._llm.tokenize(v.encode(), add_bos=False, special=False)[0]
                 for v in {word, word.capitalize()}] for word in options]
        return self._choice_ids[options]

    def stream(self, prompt: str, max_tokens: int, deadline_s: float) -> Iterator[str]:
        """Text pieces as the model writes them (greedy). Stops at the end of the
        turn, or cut (then the last piece is the marker `CUT`) at `max_tokens` or when
        `deadline_s` seconds have passed."""
        self.load()
        with self.lock:
            tokens = self._tokens(prompt)
            started = time.monotonic()
            pieces = self._llm.create_completion(
                tokens, max_tokens=max_tokens, temperature=0.0, top_k=1, stream=True,
                stop=["<|im_end|>", "<|endoftext|>"],
            )
            generated = 0
            try:
                for chunk in pieces:
                    generated += 1
                    text = chunk["choices"][0].get("text") or ""
                    if text:
                        yield text
                    if (time.monotonic() - started > deadline_s
                            or chunk["choices"][0].get("finish_reason") == "length"):
                        yield CUT
                        return
            finally:
                self._record(prompt, len(tokens), generated)

    def _record(self, prompt: str, prompt_tokens: int, generated: int) -> None:
        self.calls.append({"prompt": prompt, "prompt_tokens": prompt_tokens,
                           "generated_tokens": generated})
        del self.calls[:-8]


CUT = "\u0000CUT"


def get_local_model(path: Path, threads: int = 0) -> LocalModel:
    """The process's one model for this file (not loaded until first used)."""
    with _models_lock:
        model = _models.get(path)
        if model is None:
            model = _models[path] = LocalModel(path, threads)
        return model
