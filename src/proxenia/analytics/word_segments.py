"""The postings of the word index, in two segments read as one: the main segment, built from every
document at once, and a small delta of the documents replaced or added since, with the main segment's
rows of replaced or removed documents masked.

A segment is a sparse matrix of raw term frequencies (documents × words, by column): a word's postings
are one column. The view over both numbers the main segment's rows first, then the delta's; it counts
only the live rows, so the document count, each word's document frequency and the mean length are those
of the documents held, exactly as if every one of them were in one segment.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

from proxenia.store.practice_vectors import keys_from

#: A document's terms: its word columns and their counts.
Terms = tuple[np.ndarray, np.ndarray]
NO_ROWS = np.zeros(0, dtype=np.int32)


@dataclass(frozen=True)
class WordSegment:
    """Documents in row order and their term frequencies (rows × words, by column)."""

    ids: tuple[uuid.UUID, ...]
    keys: np.ndarray  # the ids as (high, low) halves: ties are broken by id in their order
    tf: sparse.csc_matrix
    lengths: np.ndarray  # words per document

    @classmethod
    def of(cls, ids: Sequence[uuid.UUID], terms: Sequence[Terms], width: int) -> WordSegment:
        """The segment of these documents, ``width`` words wide (the vocabulary's size)."""
        sizes = np.fromiter((len(c) for c, _ in terms), dtype=np.int64, count=len(terms))
        indptr = np.concatenate(([0], np.cumsum(sizes)))
        columns = np.concatenate([c for c, _ in terms]) if terms else np.zeros(0, np.int32)
        counts = np.concatenate([n for _, n in terms]) if terms else np.zeros(0, np.float32)
        from scipy import sparse

        tf = sparse.csr_matrix((counts, columns, indptr), shape=(len(ids), max(width, 1))).tocsc()
        lengths = np.asarray(tf.sum(axis=1)).ravel().astype(np.float32)
        return cls(tuple(ids), keys_from(ids), tf, lengths)

    def column(self, column: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows having this word, and its frequency in each."""
        if column >= self.tf.shape[1]:
            return NO_ROWS, NO_ROWS.astype(np.float32)
        start, end = self.tf.indptr[column], self.tf.indptr[column + 1]
        return self.tf.indices[start:end], self.tf.data[start:end]


class WordSegmentView:
    """The main segment (its ``dead`` rows masked) and the delta, as one numbering of rows.

    A dead row keeps its postings in the main segment: queries score it like any other, and ``dead_rows``
    are zeroed afterwards; the words of dead rows (``dead_columns``, one entry per row having the word)
    are taken off each word's document frequency."""

    def __init__(self, main: WordSegment, dead: np.ndarray, dead_columns: np.ndarray, delta: WordSegment) -> None:
        self.main, self.delta = main, delta
        self.dead_rows = np.flatnonzero(dead)
        self.dead_df = np.bincount(dead_columns, minlength=main.tf.shape[1]) if len(dead_columns) else None
        self.offset = len(main.ids)
        self.rows = self.offset + len(delta.ids)  # rows scored, dead ones included
        self.keys = np.concatenate((main.keys, delta.keys)) if len(delta.ids) else main.keys
        self.lengths = np.concatenate((main.lengths, delta.lengths)) if len(delta.ids) else main.lengths
        live = np.delete(main.lengths, self.dead_rows) if len(self.dead_rows) else main.lengths
        self.size = len(live) + len(delta.ids)  # documents held: BM25's N
        total = float(live.sum(dtype=np.float64)) + float(delta.lengths.sum(dtype=np.float64))
        self.mean_length = (total / self.size if self.size else 0.0) or 1.0

    def id_at(self, row: int) -> uuid.UUID:
        return self.main.ids[row] if row < self.offset else self.delta.ids[row - self.offset]

    def postings(self, column: int) -> tuple[np.ndarray, np.ndarray, int]:
        """The rows having this word (numbered across both segments, dead ones included), its frequency in
        each, and its document frequency among the documents held."""
        rows, freq = self.main.column(column)
        df = len(rows)
        if self.dead_df is not None and column < len(self.dead_df):
            df -= int(self.dead_df[column])
        more, more_freq = self.delta.column(column)
        if len(more):
            rows = np.concatenate((rows.astype(np.int64), more.astype(np.int64) + self.offset))
            freq = np.concatenate((freq, more_freq))
            df += len(more)
        return rows, freq, df
