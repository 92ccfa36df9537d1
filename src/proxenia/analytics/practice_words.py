"""The word index of every practice's document, kept current from the store, and per query the best
matches a viewer may read: the full-text candidates of recommendations.

The index is built on first use and brought up to date whenever the store's documents stamp moves (any
writer, any process: triggers keep it): the store numbers each document's latest change with the stamp,
so the index asks for the documents changed or deleted since the stamp it holds, through an index, and
reads and tokenises only those (into a small delta segment: see ``word_index``). A query ranks the
whole library in memory, then asks the store which of the best matches the viewer may read; if too few
of them are, a window four times wider is tried, up to every match. Nothing the viewer may not read is
returned, whatever the index holds.
"""

from __future__ import annotations

import threading
import uuid

import numpy as np

from proxenia.analytics.word_index import WordIndex
from proxenia.domain.practices import PracticeFilter
from proxenia.domain.viewer import Viewer
from proxenia.store.database import Database
from proxenia.store.practice_texts import DocumentsStamp, PracticeTexts

#: The first window of best matches holds this many times the matches asked for.
WINDOW_FACTOR = 4


class PracticeWordIndex:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()  # guards the index: refreshed and read one query at a time
        self._index = WordIndex()
        self._stamp: DocumentsStamp | None = None  # every change numbered up to ``change`` is indexed

    def refresh(self) -> int:
        """Bring the index up to the store's documents; returns how many documents were (re)read."""
        with self.db.read() as conn:
            stamp = PracticeTexts(conn).stamp()
        if stamp == self._stamp:
            return 0
        with self._lock:
            return self._refresh_locked()

    def _refresh_locked(self) -> int:
        with self.db.read() as conn:  # one read: the stamp and the documents it stands for
            texts = PracticeTexts(conn)
            stamp = texts.stamp()
            held = self._stamp
            if stamp == held:
                return 0
            # first, or another database (made again): every document; else those changed since
            whole = held is None or held.epoch != stamp.epoch or held.change > stamp.change
            documents = texts.documents() if whole else []
            changes = [] if whole or held is None else texts.changes_since(held.change)
        if whole:
            return self._load(stamp, documents)
        self._index.remove(uuid.UUID(hex=k) for k, _, doc in changes if doc is None)
        self._index.replace({uuid.UUID(hex=k): doc for k, _, doc in changes if doc is not None})
        # a change numbered past the stamp read first was seen with every change numbered below it
        self._stamp = DocumentsStamp(stamp.epoch, max([stamp.change, *(n for _, n, _ in changes)]))
        self._index.prepare()
        return len(changes)

    def _load(self, stamp: DocumentsStamp, documents: list[tuple[str, str]]) -> int:
        index = WordIndex(self._index.stemmer)
        index.replace({uuid.UUID(hex=k): doc for k, doc in documents})
        index.prepare()
        self._index, self._stamp = index, stamp
        return len(documents)

    def best(
        self, viewer: Viewer, query: str, limit: int, f: PracticeFilter | None = None
    ) -> list[tuple[uuid.UUID, float]]:
        """The ``limit`` best matches of ``query`` the viewer may read (and ``f`` keeps), best first, with
        their BM25 scores; ties by id."""
        if limit < 1:
            return []
        self.refresh()
        window = WINDOW_FACTOR * limit
        while True:
            with self._lock:
                ranked = self._index.best(query, window + 1)
            if not ranked:
                return []
            with self.db.read() as conn:
                readable = PracticeTexts(conn).readable_among(viewer, [i for i, _ in ranked], f)
            kept = [(i, score) for i, score in ranked if i in readable]
            # the best readable ones of a window are the best readable ones of the library: the window
            # holds every match ranked above the first one left out
            if len(ranked) <= window or len(kept) >= limit:
                return kept[:limit]
            window *= WINDOW_FACTOR

    def having_every_word(self, query: str, limit: int) -> np.ndarray:
        """Keys of the best ``limit`` practices of the whole library having every word of ``query``,
        unfiltered: only to mark, within a ranking the store has already filtered for a viewer, whose
        words match."""
        self.refresh()
        with self._lock:
            return self._index.best_keys(query, limit, every_word=True)
