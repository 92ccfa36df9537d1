"""An in-memory inverted index of documents, ranked by BM25: the full-text path of recommendations.

The store's full-text engines (FTS5, PostgreSQL) score every document that shares a word with the
query before they can return the best few; a challenge's common words match most of a large library,
so that is most of a recommendation's time. Here each stemmed word's postings are one column of a
sparse matrix of term frequencies, and a query scores only the postings of its own words with numpy.

Term frequencies are kept raw and weighed at query time, so the document count, each word's document
frequency and the mean length are always those of the documents held; replacing a few documents
re-tokenises only those. Words are folded as the store's full-text search folds them, then stemmed with
the Snowball English stemmer (PyStemmer), as FTS5 stems with Porter's. The idf is Lucene's, which stays
positive for words in most documents.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import Stemmer
from scipy import sparse

from proxenia.store.fulltext import STOP_WORDS, all_words, words
from proxenia.store.practice_vectors import keys_from

K1 = 1.2
B = 0.75


class WordStemmer:
    """Snowball English stems, cached; one lock, as a PyStemmer object is not safe across threads."""

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._lock = threading.Lock()

    def stems(self, found: list[str]) -> list[str]:
        with self._lock:
            return list(self._stemmer.stemWords(found))


@dataclass(frozen=True)
class _Postings:
    """The documents held, in row order, and their term frequencies (rows × words, by column)."""

    ids: tuple[uuid.UUID, ...]
    keys: np.ndarray  # the ids as (high, low) halves: ties are broken by id in their order
    tf: sparse.csc_matrix
    lengths: np.ndarray  # words per document


class WordIndex:
    """Documents by id; ``replace`` and ``remove`` keep it current, ``best`` ranks a query."""

    def __init__(self, stemmer: WordStemmer | None = None) -> None:
        self.stemmer = stemmer or WordStemmer()
        self.vocabulary: dict[str, int] = {}
        self._terms: dict[uuid.UUID, tuple[np.ndarray, np.ndarray]] = {}  # id -> (word columns, counts)
        self._postings: _Postings | None = None

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
        counts = sparse.csr_matrix(
            (np.ones(len(columns), dtype=np.float32), (rows, columns)), shape=(len(ids), max(len(vocabulary), 1))
        )
        counts.sum_duplicates()
        indptr, indices, data = counts.indptr, counts.indices, counts.data
        for r, doc_id in enumerate(ids):
            self._terms[doc_id] = (indices[indptr[r] : indptr[r + 1]].copy(), data[indptr[r] : indptr[r + 1]].copy())
        self._postings = None

    def remove(self, ids: Iterable[uuid.UUID]) -> None:
        for doc_id in ids:
            if self._terms.pop(doc_id, None) is not None:
                self._postings = None

    def prepare(self) -> None:
        """Build the postings now (else the first query after a change builds them)."""
        self._current()

    def _current(self) -> _Postings:
        postings = self._postings
        if postings is None:
            postings = self._postings = self._build()
        return postings

    def _build(self) -> _Postings:
        ids = tuple(self._terms)
        pairs = [self._terms[i] for i in ids]
        sizes = np.fromiter((len(c) for c, _ in pairs), dtype=np.int64, count=len(pairs))
        indptr = np.concatenate(([0], np.cumsum(sizes)))
        columns = np.concatenate([c for c, _ in pairs]) if pairs else np.zeros(0, np.int32)
        counts = np.concatenate([n for _, n in pairs]) if pairs else np.zeros(0, np.float32)
        shape = (len(ids), max(len(self.vocabulary), 1))
        tf = sparse.csr_matrix((counts, columns, indptr), shape=shape).tocsc()
        lengths = np.asarray(tf.sum(axis=1)).ravel().astype(np.float32)
        return _Postings(ids, keys_from(ids), tf, lengths)

    def scores(self, query: str, *, every_word: bool = False) -> tuple[_Postings, np.ndarray]:
        """BM25 of every document held for the query's words (0 where none occurs; with ``every_word``,
        0 too where any of them is missing)."""
        postings = self._current()
        n = len(postings.ids)
        total = np.zeros(n, dtype=np.float64)
        if not n:
            return postings, total
        stems = dict.fromkeys(self.stemmer.stems(words(query)))
        found = np.zeros(n, dtype=np.int32) if every_word else None
        mean_length = float(postings.lengths.mean()) or 1.0
        tf = postings.tf
        for stem in stems:
            column = self.vocabulary.get(stem)
            start, end = (tf.indptr[column], tf.indptr[column + 1]) if column is not None else (0, 0)
            if start == end:
                if every_word:
                    return postings, np.zeros(n, dtype=np.float64)
                continue
            rows, freq = tf.indices[start:end], tf.data[start:end].astype(np.float64)
            df = end - start
            idf = np.log1p((n - df + 0.5) / (df + 0.5))
            norm = K1 * (1 - B + B * postings.lengths[rows] / mean_length)
            total[rows] += idf * freq * (K1 + 1) / (freq + norm)
            if found is not None:
                found[rows] += 1
        if found is not None:
            total[found < len(stems)] = 0.0
        return postings, total

    def _ranked(self, query: str, limit: int, every_word: bool) -> tuple[_Postings, np.ndarray, np.ndarray]:
        """The rows of the ``limit`` best matches, best first (ties by id), and every document's score."""
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
        return [(postings.ids[r], float(total[r])) for r in rows]

    def best_keys(self, query: str, limit: int, *, every_word: bool = False) -> np.ndarray:
        """The keys of the ``limit`` best matches, as ``best`` orders them (no object per match)."""
        postings, rows, _ = self._ranked(query, limit, every_word)
        return postings.keys[rows]

    def matches(self, query: str, *, every_word: bool = False) -> int:
        """How many documents share at least one word with the query (or have every word of it)."""
        return int(np.count_nonzero(self.scores(query, every_word=every_word)[1]))
