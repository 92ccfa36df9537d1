"""The learned combiner: a conditional-logit ranking model plus a logistic calibration.

Each base feature ``x_f`` is standardised (unknown values -> the training mean, i.e. 0) and
expanded into a few terms: ``z``, hinges ``max(z - k, 0)`` at the training quartiles, and ``z``
times the centred stage of the event (log adopters so far, log years since the first adoption), so
a feature's effect may bend and may change as a practice spreads. ``eta_f`` is that feature's
share of the linear predictor; the ranking weights are fitted by maximising the conditional
(within-event) likelihood of who adopted, with an L2 penalty. A second, small logistic model turns
``eta`` and the event's stage into a probability of adopting in the year.

Each feature also has a practice-specific term (see :mod:`.pattern`): the candidate's within-year
z-score times the average z-score of the practice's earlier adopters, with one learned weight per
feature; it is counted in that feature's part of ``eta``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

KNOT_QUANTILES = (0.25, 0.5, 0.75)
N_TERMS = 1 + len(KNOT_QUANTILES) + 2
CHUNK_ROWS = 65536  # rows expanded into design terms at a time (bounds the memory of fitting)
CALIBRATION_TERMS = ("intercept", "eta", "log_candidates", "log_adopters", "log_elapsed", "log_momentum")


def stage_of(n_adopters: np.ndarray, elapsed: np.ndarray) -> np.ndarray:
    """Rows of (log adopters so far, log years since the first adoption)."""
    return np.stack([np.log(np.maximum(n_adopters, 1)), np.log(np.maximum(elapsed, 1))], 1)


def calibration_inputs(
    eta: np.ndarray, n_candidates: np.ndarray, n_adopters: np.ndarray, elapsed: np.ndarray, momentum: np.ndarray
) -> np.ndarray:
    return np.stack(
        [
            np.ones(len(eta)),
            eta,
            np.log(np.maximum(n_candidates, 1)),
            np.log1p(n_adopters),
            np.log(np.maximum(elapsed, 1)),
            np.log1p(momentum),
        ],
        1,
    )


@dataclass
class RankingModel:
    """Fitted parameters (plain arrays, JSON-friendly through :meth:`to_dict`)."""

    features: tuple[str, ...]
    mean: np.ndarray  # per feature
    scale: np.ndarray
    knots: np.ndarray  # len(KNOT_QUANTILES) x features, standardised units
    stage_mean: np.ndarray  # 2
    coef: np.ndarray  # features x N_TERMS
    pattern_coef: np.ndarray  # per feature: weight of the practice-specific term
    eta_mean: np.ndarray  # per feature: training mean of eta_f (the reference candidate)
    eta_sd: np.ndarray  # per feature: spread of eta_f over training candidates
    calibration: np.ndarray  # len(CALIBRATION_TERMS)

    def terms(self, values: np.ndarray, stage: np.ndarray) -> np.ndarray:
        """rows x features x N_TERMS design tensor."""
        z = (values - self.mean) / self.scale
        z = np.where(np.isfinite(z), z, 0.0)
        s = stage - self.stage_mean
        parts = [z] + [np.maximum(z - k, 0.0) for k in self.knots] + [z * s[:, :1], z * s[:, 1:2]]
        return np.stack(parts, 2)

    def eta_parts(self, values: np.ndarray, stage: np.ndarray, pattern: np.ndarray) -> np.ndarray:
        """rows x features: each feature's part of the linear predictor."""
        return np.einsum("rft,ft->rf", self.terms(values, stage), self.coef) + pattern * self.pattern_coef

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "knots": self.knots.tolist(),
            "stage_mean": self.stage_mean.tolist(),
            "coef": self.coef.tolist(),
            "pattern_coef": self.pattern_coef.tolist(),
            "eta_mean": self.eta_mean.tolist(),
            "eta_sd": self.eta_sd.tolist(),
            "calibration": self.calibration.tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RankingModel:
        arr = {k: np.asarray(v, dtype=float) for k, v in data.items() if k != "features"}
        return cls(features=tuple(data["features"]), **arr)


def _conditional_logit(
    design: np.ndarray, labels: np.ndarray, event: np.ndarray, offset: np.ndarray, l2: float
) -> np.ndarray:
    n_events = int(event.max()) + 1
    n_pos = np.bincount(event, labels, n_events)
    # The design is read twice per step: single precision halves the memory traffic (sums stay double).
    flat = np.ascontiguousarray(design.reshape(len(design), -1), dtype=np.float32)
    positive_sum = flat[labels].sum(0, dtype=np.float64)
    contiguous = bool(np.all(np.diff(event) >= 0))
    starts = np.flatnonzero(np.r_[True, event[1:] != event[:-1]]) if contiguous else None

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        eta = (flat @ w.astype(np.float32)).astype(np.float64) + offset
        if starts is not None:
            top = np.full(n_events, -np.inf)
            top[event[starts]] = np.maximum.reduceat(eta, starts)
        else:
            top = np.full(n_events, -np.inf)
            np.maximum.at(top, event, eta)
        e = np.exp(eta - top[event])
        z = np.bincount(event, e, n_events)
        present = n_pos > 0
        loglik = float(eta[labels].sum() - (n_pos[present] * (np.log(z[present]) + top[present])).sum())
        p = (n_pos[event] * e / z[event]).astype(np.float32)
        grad = positive_sum - (p @ flat).astype(np.float64)
        return -loglik + l2 * float(w @ w), -grad + 2 * l2 * w

    from scipy.optimize import minimize

    result = minimize(objective, np.zeros(flat.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return np.asarray(result.x)


def _logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float) -> np.ndarray:
    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        eta = x @ w
        loss = float((weight * (np.logaddexp(0, eta) - y * eta)).sum())
        grad = x.T @ (weight * (1 / (1 + np.exp(-eta)) - y))
        pen = w.copy()
        pen[0] = 0.0
        return loss + l2 * float(pen @ pen), grad + 2 * l2 * pen

    from scipy.optimize import minimize

    result = minimize(objective, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return np.asarray(result.x)


@dataclass
class TrainingSet:
    """Candidate rows of training events. ``ranked`` marks events used for the ranking fit (someone
    adopted and someone did not); ``offset`` corrects for sampled negatives; ``weight`` for sampled
    rows and events in the calibration fit."""

    values: np.ndarray
    pattern: np.ndarray
    labels: np.ndarray
    event: np.ndarray
    stage: np.ndarray
    event_inputs: np.ndarray  # calibration_inputs with eta = 0
    offset: np.ndarray
    weight: np.ndarray
    ranked: np.ndarray  # per row: its event is used for ranking


def fit_model(data: TrainingSet, features: tuple[str, ...], l2: float = 3.0) -> RankingModel:
    """Fit the ranking weights on ranked events, then the calibration on all rows."""
    if not data.ranked.any():
        raise ValueError("no training event has both an adopter and a non-adopter; cannot fit")
    finite = np.isfinite(data.values)
    counts = finite.sum(0)
    mean = np.where(finite, data.values, 0.0).sum(0) / np.maximum(counts, 1)  # a feature never known: 0
    mean = np.where(np.isfinite(mean), mean, 0.0)
    filled = np.where(np.isfinite(data.values), data.values, mean)
    scale = filled.std(0)
    scale = np.where(scale > 1e-12, scale, 1.0)
    z = (filled - mean) / scale
    knots = np.quantile(z[data.ranked], KNOT_QUANTILES, axis=0)
    stage_mean = data.stage[data.ranked].mean(0)
    n_feat = len(features)
    model = RankingModel(
        features=features,
        mean=mean,
        scale=scale,
        knots=knots,
        stage_mean=stage_mean,
        coef=np.zeros((n_feat, N_TERMS)),
        pattern_coef=np.zeros(n_feat),
        eta_mean=np.zeros(n_feat),
        eta_sd=np.ones(n_feat),
        calibration=np.zeros(len(CALIBRATION_TERMS)),
    )
    rows = np.flatnonzero(data.ranked)
    # Single precision, filled a block at a time: the full double-precision tensor is never built.
    design = np.empty((len(rows), n_feat * (N_TERMS + 1)), dtype=np.float32)
    for lo in range(0, len(rows), CHUNK_ROWS):
        block = rows[lo : lo + CHUNK_ROWS]
        design[lo : lo + len(block), : n_feat * N_TERMS] = model.terms(data.values[block], data.stage[block]).reshape(
            len(block), -1
        )
        design[lo : lo + len(block), n_feat * N_TERMS :] = data.pattern[block]
    _, event = np.unique(data.event[rows], return_inverse=True)
    w = _conditional_logit(design, data.labels[rows], event, data.offset[rows], l2)
    model.coef = w[: n_feat * N_TERMS].reshape(n_feat, N_TERMS)
    model.pattern_coef = w[n_feat * N_TERMS :]
    del design
    parts = np.concatenate(
        [
            model.eta_parts(
                data.values[lo : lo + CHUNK_ROWS], data.stage[lo : lo + CHUNK_ROWS], data.pattern[lo : lo + CHUNK_ROWS]
            )
            for lo in range(0, len(data.labels), CHUNK_ROWS)
        ]
    )
    model.eta_mean = np.average(parts, axis=0, weights=data.weight)
    model.eta_sd = np.sqrt(np.average((parts - model.eta_mean) ** 2, axis=0, weights=data.weight))
    x = data.event_inputs.copy()
    x[:, 1] = parts.sum(1) - model.eta_mean.sum()
    calibration = _logistic(x, data.labels.astype(float), data.weight, l2=1e-3)
    calibration[1] = max(calibration[1], 1e-3)  # keep the probability increasing in the ranking score
    model.calibration = calibration
    return model
