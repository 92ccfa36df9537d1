"""What the in-memory semantic index of practices reads: every stored vector of one model (index
maintenance), the stamps that say when documents or vectors changed, and the keys of the practices a
viewer may read (one indexed query, one string back, whatever the size of the library).

Keys are practice ids as their 128 bits in two columns of unsigned 64-bit integers (high, low), read
from one string of hex digits, so the service can match tens of thousands of them against its index
without making a Python object each; their order is the order of ``str(uuid)``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Select, func, select, text

from proxenia.domain.practices import PracticeFilter
from proxenia.domain.viewer import Viewer
from proxenia.store.hex_ids import hex_key
from proxenia.store.practice_queries import filter_conditions
from proxenia.store.tables import practice_embeddings, practices

NO_KEYS = np.zeros((0, 2), dtype=np.uint64)


def keys_of(joined: str | None) -> np.ndarray:
    """An (n, 2) array of (high, low) 64-bit halves from ids written as 32 hex digits one after another."""
    if not joined:
        return NO_KEYS
    return np.frombuffer(bytes.fromhex(joined), dtype=">u8").reshape(-1, 2).astype(np.uint64)


def keys_from(ids: Iterable[uuid.UUID]) -> np.ndarray:
    """The (n, 2) keys of these ids."""
    joined = b"".join(i.bytes for i in ids)
    return np.frombuffer(joined, dtype=">u8").reshape(-1, 2).astype(np.uint64) if joined else NO_KEYS


def index_stamps(conn: Any) -> dict[str, int]:
    """Every stamp the triggers keep for the in-memory indexes (``documents``, ``embeddings``,
    ``documents_epoch``), by name."""
    return {str(k): int(v) for k, v in conn.execute(text("SELECT name, stamp FROM practice_index_stamps")).all()}


@dataclass(frozen=True)
class SortedKeys:
    """Keys in the order of ``str(uuid)``, to find others among them (exact on all 128 bits)."""

    keys: np.ndarray
    run: int  # most keys sharing one high half (1 unless ids collide in their first 64 bits)

    @classmethod
    def of(cls, keys: np.ndarray) -> tuple[SortedKeys, np.ndarray]:
        """The keys sorted, and the order that sorts them."""
        order = np.lexsort((keys[:, 1], keys[:, 0]))
        ordered = keys[order]
        _, counts = np.unique(ordered[:, 0], return_counts=True)
        return cls(ordered, int(counts.max()) if len(counts) else 1), order

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Position of each of ``keys`` among these, -1 where absent."""
        found = np.full(len(keys), -1, dtype=np.int64)
        if not len(self.keys) or not len(keys):
            return found
        high, low = self.keys[:, 0], self.keys[:, 1]
        left = np.searchsorted(high, keys[:, 0], side="left")
        for step in range(self.run):
            candidate = left + step
            at = np.minimum(candidate, len(high) - 1)
            hit = (candidate < len(high)) & (high[at] == keys[:, 0]) & (low[at] == keys[:, 1]) & (found < 0)
            found[hit] = candidate[hit]
        return found


class PracticeVectors:
    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.postgres = conn.dialect.name == "postgresql"

    def _key(self, column: Any) -> ColumnElement[str]:
        return hex_key(self.conn, column)

    def _aggregate(self, key: ColumnElement[str]) -> Select[Any]:
        """One string: every key, one after another."""
        return select((func.string_agg if self.postgres else func.group_concat)(key, ""))

    def _joined(self, keys: Any) -> np.ndarray:
        sub = keys.subquery("keys")
        return keys_of(self.conn.scalar(self._aggregate(sub.c.key).select_from(sub)))

    def stamps(self) -> tuple[int, int]:
        """(documents, embeddings): each changes whenever any row of its table is written or deleted."""
        rows = index_stamps(self.conn)
        return rows.get("documents", 0), rows.get("embeddings", 0)

    def all_vectors(self, model: str) -> tuple[np.ndarray, list[bytes]]:
        """Keys and vectors of every practice embedded with ``model``: index maintenance for the whole
        installation. Rankings only ever read them through ``readable_keys`` of the viewer."""
        rows = self.conn.execute(
            select(self._key(practice_embeddings.c.practice_id), practice_embeddings.c.vector).where(
                practice_embeddings.c.model == model
            )
        ).all()
        return keys_of("".join(r[0] for r in rows)), [bytes(r[1]) for r in rows]

    def readable_keys(self, viewer: Viewer, f: PracticeFilter) -> np.ndarray:
        """Keys of every practice the viewer may read that match the filter (its text query ignored)."""
        return self._joined(select(self._key(practices.c.id).label("key")).where(*filter_conditions(viewer, f)))
