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
        self._next = 0
        self.cutoff: int | None = None

    def advance(self, cutoff: int) -> None:
        """Add every adoption dated before ``cutoff``. Cutoffs must not decrease."""
        if self.cutoff is not None and cutoff < self.cutoff:
            raise ValueError(f"timeline is at {self.cutoff}; cannot go back to {cutoff}")
        panel = self.panel
        while self._next < len(self._bounds) - 1:
            lo = int(self._bounds[self._next])
            if panel.year[lo] >= cutoff:
                break
            hi = int(self._bounds[self._next + 1])
            self._add(int(panel.prac[lo]), int(panel.year[lo]), panel.gov[lo:hi])
            self._next += 1
        self.cutoff = cutoff

    def _add(self, q: int, year: int, new: np.ndarray) -> None:
        panel = self.panel
        n_old = int(self.n_adopters[q])
        rows = panel.by_practice[panel.starts[q] : panel.starts[q] + n_old]
        old, old_years = panel.gov[rows], panel.year[rows]
        # open-mesh indexing (as np.ix_ makes, without its checks: this runs once per practice and year)
        self.co[new[:, None], np.concatenate((old, new))] += 1  # new with old, and with each other
        self.co[old[:, None], new] += 1
        recent = old[old_years >= year - self.follow_window]
        if len(recent):
            self.follow[recent[:, None], new] += 1
        self.adopted[new, q] = 1.0
        b = self.bucket[q]
        denom = max(self.panel.n_governments - 1, 1)
        self.pct_sum[new, b] += (n_old + (len(new) - 1) / 2.0) / denom
        self.adopted_count[new, b] += 1
        self.adopted_size[old, b] += len(new)
        self.adopted_size[new, b] += n_old + len(new)
        if n_old == 0:
            self.available[b] += 1
        self.available_size[b] += len(new)
        self.by_year[new, year - self.first_year] += 1
        self.n_adopters[q] = n_old + len(new)

    # --- queries -----------------------------------------------------------------------------

    def practice_adopters(self, q: int) -> tuple[np.ndarray, np.ndarray]:
        """(governments, years) of practice ``q``'s adopters before the cutoff."""
        rows = self.panel.by_practice[self.panel.starts[q] : self.panel.starts[q] + int(self.n_adopters[q])]
        return self.panel.gov[rows], self.panel.year[rows]

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
