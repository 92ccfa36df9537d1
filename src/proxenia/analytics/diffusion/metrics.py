"""Ranking metrics for one event; ties are resolved in expectation (uniformly random tie-breaking)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOP_K = 5


@dataclass(frozen=True)
class EventScore:
    """AUC (NaN when there is no negative), hit@k and reciprocal rank of the best-ranked positive."""

    auc: float
    hit: float
    rr: float


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Probability that a random positive outranks a random negative; ties count half."""
    scores = np.asarray(scores, dtype=float)
    positive = np.asarray(positive, dtype=bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    # Mann-Whitney U through average ranks handles ties as one half.
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    _, start, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg = start + (counts + 1) / 2.0
    ranks[order] = np.repeat(avg, counts)
    u = ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def best_rank_distribution(scores: np.ndarray, positive: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Possible ranks (1-based) of the best-ranked positive and their probabilities under random tie-breaking."""
    scores = np.asarray(scores, dtype=float)
    positive = np.asarray(positive, dtype=bool)
    if not positive.any():
        raise ValueError("an event needs at least one positive")
    best = scores[positive].max()
    above = int((scores > best).sum())
    tied = int((scores == best).sum())
    k = int((scores[positive] == best).sum())
    j = np.arange(1, tied - k + 2)
    # P(first positive is at position >= j within the tied block) = C(m-j+1, k) / C(m, k)
    survive = np.ones(len(j) + 1)
    for i in range(k):
        survive[:-1] *= np.clip((tied - j + 1 - i) / (tied - i), 0, None)
    survive[-1] = 0.0
    prob = survive[:-1] - survive[1:]
    return above + j, prob


def score_event(scores: np.ndarray, positive: np.ndarray, k: int = TOP_K) -> EventScore:
    ranks, prob = best_rank_distribution(scores, positive)
    return EventScore(
        auc=auc(scores, positive),
        hit=float(prob[ranks <= k].sum()),
        rr=float((prob / ranks).sum()),
    )


def random_expectation(n_candidates: int, n_positive: int, k: int = TOP_K) -> EventScore:
    """Expected metrics of a uniformly random ranking (all scores tied): AUC 0.5 exactly."""
    positive = np.zeros(n_candidates, dtype=bool)
    positive[:n_positive] = True
    result = score_event(np.zeros(n_candidates), positive, k)
    return EventScore(auc=0.5 if n_positive < n_candidates else float("nan"), hit=result.hit, rr=result.rr)
