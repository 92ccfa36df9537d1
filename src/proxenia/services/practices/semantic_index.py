"""The vectors of one embedding model held in memory as one matrix, ranked with one product per query.

Built once from the store and read again only when the store's embeddings stamp moves (any writer, any
process: the stamp is kept by triggers). A query ranks against the whole matrix, then keeps only the
rows of the practices the viewer may read: the store lists those keys, so the permission filter stays
in the store and nothing unreadable is ever returned.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass

import numpy as np

from proxenia.analytics.embedders import Embedder
from proxenia.store.database import Database
from proxenia.store.practice_vectors import NO_KEYS, PracticeVectors, SortedKeys


@dataclass(frozen=True)
class _Snapshot:
    stamp: int | None
    keys: SortedKeys
    matrix: np.ndarray  # one unit vector per key, in the order of the keys


@dataclass(frozen=True)
class Ranked:
    """Practices above the floor (or matching words), best first: keys and scores."""

    keys: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.keys)

    def window(self, offset: int, limit: int) -> list[tuple[uuid.UUID, float]]:
        part = slice(offset, offset + limit)
        return [
            (uuid.UUID(int=(int(high) << 64) | int(low)), float(score))
            for (high, low), score in zip(self.keys[part], self.scores[part], strict=True)
        ]


class SemanticIndex:
    def __init__(self, db: Database, embedder: Embedder) -> None:
        self.db = db
        self.embedder = embedder
        self._lock = threading.Lock()
        empty = np.zeros((0, embedder.dimension), dtype=np.float32)
        self._snapshot = _Snapshot(None, SortedKeys(NO_KEYS, 1), empty)

    def current(self) -> _Snapshot:
        """The matrix as the store holds it now (read again only if the embeddings changed)."""
        with self.db.read() as conn:
            stamp = PracticeVectors(conn).stamps()[1]
        if stamp == self._snapshot.stamp:
            return self._snapshot
        with self._lock:
            if stamp != self._snapshot.stamp:
                self._snapshot = self._load()
            return self._snapshot

    def _load(self) -> _Snapshot:
        with self.db.read() as conn:
            store = PracticeVectors(conn)
            stamp = store.stamps()[1]  # read first: a write after it only makes the next query load again
            keys, blobs = store.all_vectors(self.embedder.model)
        dimension = self.embedder.dimension
        if sum(map(len, blobs)) == 4 * dimension * len(blobs):
            matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), dimension)
        else:
            matrix = np.vstack([self.embedder.from_bytes(b) for b in blobs] or [np.zeros((0, dimension))])
        index, order = SortedKeys.of(keys)
        return _Snapshot(stamp, index, np.ascontiguousarray(matrix[order], dtype=np.float32))

    def rank(
        self, query: np.ndarray, readable: np.ndarray, word_matches: np.ndarray, *, floor: float, bonus: float
    ) -> Ranked:
        """Cosine similarity of every readable practice (plus ``bonus`` if its words match), those at or
        above ``floor`` or matching words, best first (ties by id). Keys outside ``readable`` never
        appear, whatever the matrix holds."""
        snap = self.current()
        rows = snap.keys.find(readable)
        present = rows >= 0
        rows, keys = rows[present], readable[present]
        if not len(rows):
            return Ranked(NO_KEYS, np.zeros(0))
        similarity = (snap.matrix @ query.astype(np.float32))[rows].astype(np.float64)
        words = np.zeros(len(snap.keys.keys), dtype=bool)
        word_rows = snap.keys.find(word_matches)
        words[word_rows[word_rows >= 0]] = True
        matched = words[rows]
        scores = similarity + np.where(matched, bonus, 0.0)
        keep = (similarity >= floor) | matched
        keys, scores = keys[keep], scores[keep]
        order = np.lexsort((keys[:, 1], keys[:, 0], -scores))
        return Ranked(keys[order], scores[order])
