"""How far an evaluation's figures could move with other practices: bootstrap intervals over practices.

The events of one practice share its history (who adopted it early, how fast it spread), so they are not
independent draws: the resampling unit is the practice (a cluster bootstrap). Each resample draws as many
practices as were evaluated, with replacement, and recomputes every mean over the events of the practices
drawn; the interval is the central ``level`` of those means. The engine and each baseline are scored on
the same resamples, so the interval of their difference is paired: when it lies above zero, the engine's
lead does not hang on the particular practices evaluated.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .evaluation import EvaluationResult
from .metrics import EventScore

METRICS = ("auc", "hit5", "mrr")
SAMPLES = 2000
LEVEL = 0.95


def _sums(rows: list[EventScore], practice: np.ndarray, n_practices: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per metric: each practice's sum of the metric over its events, and how many events entered it (AUC
    leaves out the events without a non-adopter, as the summary's mean does)."""
    auc = np.array([r.auc for r in rows], dtype=float)
    finite = np.isfinite(auc)
    ones = np.ones(len(rows))
    out = {
        "auc": (
            np.bincount(practice[finite], auc[finite], n_practices),
            np.bincount(practice[finite], minlength=n_practices).astype(float),
        ),
        "hit5": (np.bincount(practice, [r.hit for r in rows], n_practices), np.bincount(practice, ones, n_practices)),
        "mrr": (np.bincount(practice, [r.rr for r in rows], n_practices), np.bincount(practice, ones, n_practices)),
    }
    return out


def _interval(values: np.ndarray, level: float) -> list[float] | None:
    """The central ``level`` of the resampled means (None if no resample had an event to average)."""
    values = values[np.isfinite(values)]
    if not len(values):
        return None
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(values, [tail, 1.0 - tail])
    return [round(float(low), 4), round(float(high), 4)]


def practice_bootstrap(
    result: EvaluationResult, *, samples: int = SAMPLES, level: float = LEVEL, seed: int = 0
) -> dict[str, Any]:
    """Intervals of every ranker's mean AUC, hit@5 and MRR, and of the engine's lead over each baseline.

    Returns ``{"level", "samples", "practices", "engine": {metric: [low, high]}, "baselines": {name:
    {metric: [low, high]}}, "engine_minus": {name: {metric: [low, high]}}}``; an interval is None where
    no event could enter it (AUC when every candidate of every event adopted).
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    if samples < 1:
        raise ValueError(f"samples must be at least 1, not {samples}")
    names = sorted({e.practice for e in result.events})
    index = {name: i for i, name in enumerate(names)}
    practice = np.array([index[e.practice] for e in result.events], dtype=np.int64)
    n = len(names)
    rng = np.random.default_rng(seed)
    # how many times each practice is drawn, per resample (samples x practices)
    draws = rng.multinomial(n, np.full(n, 1.0 / n), size=samples).astype(float) if n else np.zeros((samples, 0))
    means: dict[str, dict[str, np.ndarray]] = {}
    for ranker, rows in result.scores.items():
        means[ranker] = {}
        for metric, (total, count) in _sums(rows, practice, n).items():
            with np.errstate(invalid="ignore", divide="ignore"):
                means[ranker][metric] = (draws @ total) / (draws @ count)
    baselines = [name for name in result.scores if name != "engine"]
    return {
        "level": level,
        "samples": samples,
        "practices": n,
        "engine": {m: _interval(means["engine"][m], level) for m in METRICS},
        "baselines": {b: {m: _interval(means[b][m], level) for m in METRICS} for b in baselines},
        "engine_minus": {
            b: {m: _interval(means["engine"][m] - means[b][m], level) for m in METRICS} for b in baselines
        },
    }
