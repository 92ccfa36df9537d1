"""What has mattered for this practice so far: a practice-specific adjustment of the feature weights.

At each earlier year in which the practice spread, its adopters' features are compared with those
of everyone who could have adopted then (z-scores within that year). The average z-score of the
practice's adopters, shrunk towards zero when there are few of them, tells which features have
picked this practice's adopters so far (e.g. neighbours for an interstate compact, peers for an
ideological policy). The model multiplies each candidate's current z-score by it, and learns how
much to trust that. Only the practice's adoptions before the ranking year are used.
"""

from __future__ import annotations

import numpy as np

PATTERN_SHRINK = 3.0  # pseudo-adopters with a zero z-score added to the average


def standardise_within(values: np.ndarray) -> np.ndarray:
    """Column z-scores within one event's candidates; unknown values count as the event mean (0)."""
    finite = np.isfinite(values)
    counts = finite.sum(0)
    means = np.where(counts > 0, np.where(finite, values, 0.0).sum(0) / np.maximum(counts, 1), 0.0)
    filled = np.where(finite, values, means)
    sd = filled.std(0)
    return (filled - means) / (sd + 1e-6)


class PatternAccumulator:
    """Running sums of adopters' within-year z-scores, per practice (for training sweeps)."""

    def __init__(self, n_features: int) -> None:
        self.n_features = n_features
        self._sums: dict[int, tuple[np.ndarray, int]] = {}

    def weights(self, practice: int) -> np.ndarray:
        total, count = self._sums.get(practice, (np.zeros(self.n_features), 0))
        return total / (count + PATTERN_SHRINK)

    def add(self, practice: int, adopter_z: np.ndarray) -> None:
        total, count = self._sums.get(practice, (np.zeros(self.n_features), 0))
        self._sums[practice] = (total + adopter_z.sum(0), count + len(adopter_z))


def pattern_weights(year_z: list[np.ndarray], n_features: int) -> np.ndarray:
    """Shrunk mean of the adopters' z-scores over earlier years (each array: adopters x features)."""
    total = np.zeros(n_features)
    count = 0
    for rows in year_z:
        total += rows.sum(0)
        count += len(rows)
    return total / (count + PATTERN_SHRINK)
