"""An in-memory inverted index of documents, ranked by BM25: the full-text path of recommendations.

The store's full-text engines (FTS5, PostgreSQL) score every document that shares a word with the
query before they can return the best few; a challenge's common words match most of a large library,
so that is most of a recommendation's time. Here each stemmed word's postings are one column of a
sparse matrix of term frequencies, and a query scores only the postings of its own words with numpy.

Term frequencies are kept raw and weighed at query time, so the document count, each word's document
frequency and the mean length are always those of the documents held; replacing a few documents
re-tokenises and re-indexes only those (a small delta segment beside the main one). Words are folded
as the store's full-text search folds them, then stemmed with the Snowball English stemmer
(PyStemmer), as FTS5 stems with Porter's. The idf is Lucene's, which stays
positive for words in most documents.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Mapping

import numpy as np
import Stemmer

from proxenia.analytics.word_segments import NO_ROWS, Terms, WordSegment, WordSegmentView
from proxenia.store.fulltext import STOP_WORDS, all_words, words

K1 = 1.2
B = 0.75
#: The delta, and the masked rows, may each grow to this fraction of the documents held before a merge.
MERGE_FRACTION = 0.05


class WordStemmer:
    """Snowball English stems, cached; one lock, as a PyStemmer object is not safe across threads."""

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._lock = threading.Lock()

    def stems(self, found: list[str]) -> list[str]:
        with self._lock:
            return list(self._stemmer.stemWords(found))


class WordIndex:
    """Documents by id; ``replace`` and ``remove`` keep it current, ``best`` ranks a query.

    The postings are a main segment and a delta of the documents written since it was built (see
    ``word_segments``): a change tokenises and indexes only the documents it names. When the delta, or
    the main segment's masked rows, pass ``merge_fraction`` of the documents held, the next query builds
    one main segment of them all again."""

    def __init__(self, stemmer: WordStemmer | None = None, *, merge_fraction: float = MERGE_FRACTION) -> None:
        self.stemmer = stemmer or WordStemmer()
        self.merge_fraction = merge_fraction
        self.vocabulary: dict[str, int] = {}
        self._terms: dict[uuid.UUID, Terms] = {}  # id -> (word columns, counts)
        self._main: WordSegment | None = None
        self._row_of: dict[uuid.UUID, int] = {}  # id -> its row in the main segment
        self._dead = np.zeros(0, dtype=bool)  # main rows replaced or removed since it was built
        self._dead_count = 0
        self._dead_columns: list[np.ndarray] = []  # the word columns of those rows
        self._fresh: dict[uuid.UUID, None] = {}  # ids whose current terms are not in the main segment
        self._view: WordSegmentView | None = None

    def __len__(self) -> int:
        return len(self._terms)

    def __contains__(self, practice_id: object) -> bool:
        return practice_id in self._terms

    def replace(self, documents: Mapping[uuid.UUID, str]) -> None:
        """Add these documents, or replace the ones held under the same ids (tokenised all at once)."""
        if not documents:
            return
        ids = list(documents)
        found = [all_words(documents[i]) for i in ids]
        sizes = np.fromiter((len(f) for f in found), dtype=np.int64, count=len(found))
        flat = [w for f in found for w in f]
        distinct = [w for w in dict.fromkeys(flat) if w not in STOP_WORDS]
        vocabulary = self.vocabulary
        column_of = dict.fromkeys(STOP_WORDS, -1)
        for word, stem in zip(distinct, self.stemmer.stems(distinct), strict=True):
            column_of[word] = vocabulary.setdefault(stem, len(vocabulary))
        columns = np.fromiter(map(column_of.__getitem__, flat), dtype=np.int32, count=len(flat))
        rows = np.repeat(np.arange(len(ids), dtype=np.int32), sizes)
        kept = columns >= 0
        rows, columns = rows[kept], columns[kept]
        from scipy import sparse

        counts = sparse.csr_matrix(
            (np.ones(len(columns), dtype=np.float32), (rows, columns)), shape=(len(ids), max(len(vocabulary), 1))
        )
        counts.sum_duplicates()
        indptr, indices, data = counts.indptr, counts.indices, counts.data
        indexed = self._main is not None
        for r, doc_id in enumerate(ids):
            if indexed:
                self._mask(doc_id)
                self._fresh[doc_id] = None
            self._terms[doc_id] = (indices[indptr[r] : indptr[r + 1]].copy(), data[indptr[r] : indptr[r + 1]].copy())
        self._view = None

    def remove(self, ids: Iterable[uuid.UUID]) -> None:
        for doc_id in ids:
            if doc_id in self._terms:
                self._mask(doc_id)
                del self._terms[doc_id]
                self._fresh.pop(doc_id, None)
                self._view = None

    def _mask(self, doc_id: uuid.UUID) -> None:
        """The main segment's row of this document, if it has one, no longer counts (called while the
        terms held for it are still those of that row)."""
        row = self._row_of.get(doc_id)
        if row is not None and not self._dead[row]:
            self._dead[row] = True
            self._dead_count += 1
            self._dead_columns.append(self._terms[doc_id][0])

    def prepare(self) -> None:
        """Build the postings now (else the first query after a change builds them)."""
        self._current()

    def _current(self) -> WordSegmentView:
        view = self._view
        if view is None:
            outgrown = max(len(self._fresh), self._dead_count) > self.merge_fraction * len(self._terms)
            if self._main is None or outgrown:
                self._merge()
            assert self._main is not None
            fresh = list(self._fresh)
            delta = WordSegment.of(fresh, [self._terms[i] for i in fresh], len(self.vocabulary))
            dead_columns = np.concatenate(self._dead_columns) if self._dead_columns else NO_ROWS
            view = self._view = WordSegmentView(self._main, self._dead, dead_columns, delta)
        return view

    def _merge(self) -> None:
        """One main segment of every document held, and no delta."""
        ids = tuple(self._terms)
        self._main = WordSegment.of(ids, [self._terms[i] for i in ids], len(self.vocabulary))
        self._row_of = {doc_id: row for row, doc_id in enumerate(ids)}
        self._dead = np.zeros(len(ids), dtype=bool)
        self._dead_count = 0
        self._dead_columns = []
        self._fresh = {}

    def scores(self, query: str, *, every_word: bool = False) -> tuple[WordSegmentView, np.ndarray]:
        """BM25 of every row of the postings for the query's words (0 where none occurs, or the row's
        document is no longer held; with ``every_word``, 0 too where any of the words is missing)."""
        view = self._current()
        total = np.zeros(view.rows, dtype=np.float64)
        n = view.size
        if not n:
            return view, total
        stems = dict.fromkeys(self.stemmer.stems(words(query)))
        found = np.zeros(view.rows, dtype=np.int32) if every_word else None
        mean_length = view.mean_length
        for stem in stems:
            column = self.vocabulary.get(stem)
            rows, tf, df = view.postings(column) if column is not None else (NO_ROWS, NO_ROWS, 0)
            if not df:
                if every_word:
                    return view, np.zeros(view.rows, dtype=np.float64)
                continue
            freq = tf.astype(np.float64)
            idf = np.log1p((n - df + 0.5) / (df + 0.5))
            norm = K1 * (1 - B + B * view.lengths[rows] / mean_length)
            total[rows] += idf * freq * (K1 + 1) / (freq + norm)
            if found is not None:
                found[rows] += 1
        if found is not None:
            total[found < len(stems)] = 0.0
        total[view.dead_rows] = 0.0  # documents no longer held, or held with other words (in the delta)
        return view, total

    def _ranked(self, query: str, limit: int, every_word: bool) -> tuple[WordSegmentView, np.ndarray, np.ndarray]:
        """The rows of the ``limit`` best matches, best first (ties by id), and every row's score."""
        postings, total = self.scores(query, every_word=every_word)
        matched = np.flatnonzero(total > 0)
        if limit < len(matched):
            kth = np.partition(total[matched], len(matched) - limit)[len(matched) - limit]
            matched = matched[total[matched] >= kth]  # ties at the edge kept, cut after sorting
        keys = postings.keys[matched]
        return postings, matched[np.lexsort((keys[:, 1], keys[:, 0], -total[matched]))][:limit], total

    def best(self, query: str, limit: int, *, every_word: bool = False) -> list[tuple[uuid.UUID, float]]:
        """The ``limit`` best matches (score > 0), best first, ties by id; all of them if fewer. With
        ``every_word``, only documents having every word of the query match."""
        postings, rows, total = self._ranked(query, limit, every_word)
        return [(postings.id_at(int(r)), float(total[r])) for r in rows]

    def best_keys(self, query: str, limit: int, *, every_word: bool = False) -> np.ndarray:
        """The keys of the ``limit`` best matches, as ``best`` orders them (no object per match)."""
        postings, rows, _ = self._ranked(query, limit, every_word)
        return postings.keys[rows]

    def matches(self, query: str, *, every_word: bool = False) -> int:
        """How many documents share at least one word with the query (or have every word of it)."""
        return int(np.count_nonzero(self.scores(query, every_word=every_word)[1]))
