"""Running statistics of an adoption history, advanced year by year so every query sees only the past.

A :class:`Timeline` starts empty and :meth:`Timeline.advance` adds adoptions in year order until
all adoptions dated before a cutoff are in. It can only move forward; to look at an earlier
cutoff build a new one. Every statistic is updated incrementally, so a whole history is swept in
one pass whose cost grows with the number of adoptions (and the square of adopters per practice),
not with the number of queries.
"""

from __future__ import annotations

import numpy as np

from .panel import AdoptionPanel

FOLLOW_WINDOW = 5  # years: "b followed a" when b adopted 1..5 years after a
ACTIVITY_WINDOW = 5  # years of recent legislative activity
RHYTHM_WINDOW = 40  # years over which the odd/even-year rhythm of adoptions is measured


class Timeline:
    """State of the history at a cutoff year: everything adopted strictly before ``cutoff``."""

    def __init__(self, panel: AdoptionPanel, follow_window: int = FOLLOW_WINDOW) -> None:
        self.panel = panel
        self.follow_window = follow_window
        n_gov, n_prac = panel.n_governments, panel.n_practices
        self.n_buckets = len(panel.topics) + 1  # last bucket: practices without a topic
        self.bucket = np.where(panel.topic >= 0, panel.topic, self.n_buckets - 1).astype(np.int64)
        self.adopted = np.zeros((n_gov, n_prac), dtype=np.float32)  # 1 if adopted before cutoff
        self.co = np.zeros((n_gov, n_gov), dtype=np.float32)  # practices both adopted; diagonal = own count
        self.follow = np.zeros((n_gov, n_gov), dtype=np.float32)  # [a, b]: b adopted 1..w years after a
        self.n_adopters = np.zeros(n_prac, dtype=np.int64)
        shape = (n_gov, self.n_buckets)
        self.pct_sum = np.zeros(shape)  # sum of own adoption-rank percentiles (fixed once adopted)
        self.adopted_size = np.zeros(shape)  # sum over adopted practices of their current adopter count
        self.adopted_count = np.zeros(shape)
        self.available = np.zeros(self.n_buckets)  # practices with at least one adopter
        self.available_size = np.zeros(self.n_buckets)  # their adopter counts, summed
        self.first_year = int(panel.year.min()) if len(panel.year) else 0
        span = int(panel.year.max()) - self.first_year + 1 if len(panel.year) else 1
        self.by_year = np.zeros((n_gov, span), dtype=np.int32)  # adoptions per government and year
        if len(panel.year):
            change = np.flatnonzero((np.diff(panel.year) != 0) | (np.diff(panel.prac) != 0)) + 1
            self._bounds = np.concatenate([[0], change, [len(panel.year)]])
        else:
            self._bounds = np.zeros(1, dtype=np.int64)
        self._group_year = panel.year[self._bounds[:-1]]  # the year of each group of adoptions
        self._next = 0  # the next group to add
        self.cutoff: int | None = None

    def advance(self, cutoff: int) -> None:
        """Add every adoption dated before ``cutoff``, a year at a time. Cutoffs must not decrease."""
        if self.cutoff is not None and cutoff < self.cutoff:
            raise ValueError(f"timeline is at {self.cutoff}; cannot go back to {cutoff}")
        stop = int(np.searchsorted(self._group_year, cutoff, side="left"))  # groups dated before the cutoff
        while self._next < stop:
            year = self._group_year[self._next]
            end = min(int(np.searchsorted(self._group_year, year, side="right")), stop)
            self._add_year(self._next, end)
            self._next = end
        self.cutoff = cutoff

    def _add_year(self, first: int, last: int) -> None:
        """Add the adoption groups ``first``..``last - 1``: one year's adoptions, one group per practice.

        Every update of the year is one vectorised operation; ``np.add.at`` adds in group order, so each
        statistic receives the same additions in the same order as adding the groups one by one would."""
        panel = self.panel
        lo, hi = self._bounds[first:last], self._bounds[first + 1 : last + 1]
        year = int(panel.year[lo[0]])
        q = panel.prac[lo]
        b = self.bucket[q]
        n_new = (hi - lo).astype(np.int64)
        n_old = self.n_adopters[q].copy()
        new = panel.gov[lo[0] : hi[-1]]  # the groups' rows are consecutive
        rows = panel.by_practice[_ragged(panel.starts[q], n_old)]
        old, old_years = panel.gov[rows], panel.year[rows]
        recent = old_years >= year - self.follow_window
        n_recent = np.bincount(np.repeat(np.arange(len(q)), n_old)[recent], minlength=len(q))

        n_gov = panel.n_governments
        together = ((new, n_new, old, n_old), (old, n_old, new, n_new), (new, n_new, new, n_new))
        _bump(self.co, np.concatenate([_pairs(a, n_a, c, n_c, n_gov) for a, n_a, c, n_c in together]))
        _bump(self.follow, _pairs(old[recent], n_recent, new, n_new, n_gov))

        new_b = np.repeat(b, n_new)
        self.adopted[new, np.repeat(q, n_new)] = 1.0
        denom = max(n_gov - 1, 1)
        np.add.at(self.pct_sum, (new, new_b), np.repeat((n_old + (n_new - 1) / 2.0) / denom, n_new))
        np.add.at(self.adopted_count, (new, new_b), 1)
        np.add.at(self.adopted_size, (old, np.repeat(b, n_old)), np.repeat(n_new, n_old).astype(float))
        np.add.at(self.adopted_size, (new, new_b), np.repeat(n_old + n_new, n_new).astype(float))
        np.add.at(self.available, b[n_old == 0], 1)
        np.add.at(self.available_size, b, n_new.astype(float))
        _bump(self.by_year[:, year - self.first_year], new)
        self.n_adopters[q] = n_old + n_new

    # --- queries -----------------------------------------------------------------------------

    def practice_adopters(self, q: int) -> tuple[np.ndarray, np.ndarray]:
        """(governments, years) of practice ``q``'s adopters before the cutoff."""
        rows = self.panel.by_practice[self.panel.starts[q] : self.panel.starts[q] + int(self.n_adopters[q])]
        return self.panel.gov[rows], self.panel.year[rows]

    def adopted_sums(self, practices: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Per government (rows) and column of ``weights`` (one row per entry of ``practices``): the sum of
        the weights of the practices it adopted before the cutoff, added in the order of ``practices``.

        The same as ``adopted[:, practices] @ weights``, reading only the practices' adoptions."""
        practices = np.asarray(practices, dtype=np.int64)
        counts = self.n_adopters[practices]
        govs = self.panel.gov[self.panel.by_practice[_ragged(self.panel.starts[practices], counts)]]
        n_gov = self.panel.n_governments
        columns = [np.bincount(govs, weights=np.repeat(w, counts), minlength=n_gov) for w in weights.T]
        return np.stack(columns, axis=1) if columns else np.zeros((n_gov, 0))

    def innovativeness(self, exclude: int | None = None, bucket: int | None = None) -> np.ndarray | None:
        """1 - mean adoption-rank percentile over practices in circulation (non-adopters tied last).

        ``bucket`` restricts to one topic bucket; ``exclude`` leaves a practice out. ``None`` if
        no practice qualifies.
        """
        n_gov = self.panel.n_governments
        g1 = max(n_gov - 1, 1)
        cols = slice(None) if bucket is None else slice(bucket, bucket + 1)
        pct = self.pct_sum[:, cols].sum(1)
        size = self.adopted_size[:, cols].sum(1)
        count = self.adopted_count[:, cols].sum(1)
        available = float(self.available[cols].sum())
        available_size = float(self.available_size[cols].sum())
        total = pct + ((available_size + g1 * available) - (size + g1 * count)) / (2.0 * g1)
        if exclude is not None and self.n_adopters[exclude] > 0 and (bucket is None or self.bucket[exclude] == bucket):
            govs, years = self.practice_adopters(exclude)
            n_p = len(govs)
            term = np.full(n_gov, (n_p + g1) / (2.0 * g1))
            _, inverse, counts = np.unique(years, return_inverse=True, return_counts=True)
            before = np.concatenate([[0], np.cumsum(counts)[:-1]])
            term[govs] = (before[inverse] + (counts[inverse] - 1) / 2.0) / g1
            total = total - term
            available -= 1
        if available <= 0:
            return None
        return np.asarray(1.0 - total / available)

    def adoption_rate(self, exclude: int | None = None, bucket: int | None = None) -> np.ndarray:
        """Share of the practices in circulation each government has adopted (``exclude`` left out;
        ``bucket`` restricts to one topic bucket)."""
        cols = slice(None) if bucket is None else slice(bucket, bucket + 1)
        count = self.adopted_count[:, cols].sum(1)
        available = float(self.available[cols].sum())
        if exclude is not None and self.n_adopters[exclude] > 0 and (bucket is None or self.bucket[exclude] == bucket):
            count = count - self.adopted[:, exclude]
            available -= 1
        return np.asarray(count / available) if available > 0 else np.full(len(count), np.nan)

    def adoptions_between(self, start: int, stop: int, parity: int | None = None) -> np.ndarray:
        """Adoptions per government in years ``start <= y < stop`` (only years of ``parity`` if given)."""
        lo = max(start - self.first_year, 0)
        hi = min(stop - self.first_year, self.by_year.shape[1])
        if hi <= lo:
            return np.zeros(self.panel.n_governments)
        block = self.by_year[:, lo:hi]
        if parity is not None:
            years = np.arange(lo, hi) + self.first_year
            block = block[:, (years % 2) == parity]
        return np.asarray(block.sum(1), dtype=float)


def _ragged(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``starts[g] + 0 .. lengths[g] - 1`` for every group ``g``, one after another."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(np.asarray(starts, dtype=np.int64) - offsets, lengths) + np.arange(total)


def _pairs(a: np.ndarray, n_a: np.ndarray, c: np.ndarray, n_c: np.ndarray, n: int) -> np.ndarray:
    """``x * n + y`` for every x in group g of ``a`` and y in group g of ``c`` (groups laid out one after
    another, ``n_a[g]`` and ``n_c[g]`` long): the flat cells of an n × n table, group by group."""
    n_a, n_c = np.asarray(n_a, dtype=np.int64), np.asarray(n_c, dtype=np.int64)
    sizes = n_a * n_c
    group = np.repeat(np.arange(len(sizes)), sizes)
    k = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    width = np.maximum(n_c[group], 1)
    x = (np.cumsum(n_a) - n_a)[group] + k // width
    y = (np.cumsum(n_c) - n_c)[group] + k % width
    return a[x].astype(np.int64) * n + c[y]


def _bump(table: np.ndarray, cells: np.ndarray) -> None:
    """Add to each cell of ``table`` (flat index; a 1-D view may be strided) the number of times it occurs
    in ``cells``. Counts are whole numbers, so the order of the additions cannot change the result."""
    if not len(cells):
        return
    target = table.reshape(-1) if table.flags.c_contiguous else table
    if target.ndim != 1:
        raise ValueError("a strided table must be one-dimensional")
    np.add.at(target, np.asarray(cells, dtype=np.intp), table.dtype.type(1))
