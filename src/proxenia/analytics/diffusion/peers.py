"""Peer similarity: the share of a candidate's closest peers by adoption record that adopted a practice.

Peers are compared by the cosine similarity of their adoption records before the cutoff (the practice
itself left out), raised to :data:`PEER_SHARPNESS`, a government never being its own peer. With ``co``
the timeline's co-adoption counts and ``d`` their diagonal,

    cos(i, j) ** p = co[i, j] ** p / (d[i] ** (p / 2) * d[j] ** (p / 2)),

so the factor of the candidate ``i`` cancels in the weighted share of adopters ``S``:

    share(i) = sum over j in S of co[i, j] ** p * w[j]  /  sum over all j of co[i, j] ** p * w[j],

with ``w[j] = d[j] ** (-p / 2)`` (0 if ``d[j]`` is 0). The denominator over the whole panel, without
leaving any practice out (the *base*), depends only on the cutoff: :class:`PeerBases` keeps it per
cutoff in a bounded cache. Leaving the practice out only changes the weights of its own adopters and
the rows of candidates who adopted it; those are corrected per query, in time proportional to
candidates x (adopters + its own adopters), instead of candidates x governments.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from .panel import AdoptionPanel
from .timeline import Timeline

PEER_SHARPNESS = 4.0  # cosine similarity is raised to this power: close peers count far more
PEER_CACHE_BYTES = 64 << 20  # bases kept per panel (three vectors of governments each)
BLOCK_BYTES = 1 << 20  # float64 rows sharpened at once: about a core's L2 cache (larger is far slower)


@dataclass(frozen=True)
class PeerBase:
    """The practice-independent part of peer similarity at one cutoff."""

    diag: np.ndarray  # practices each government adopted (float64)
    weight: np.ndarray  # d ** (-p / 2), 0 where d is 0
    rowsum: np.ndarray  # sum over j != i of co[i, j] ** p * weight[j]


def _sharpen(block: np.ndarray, power: float) -> np.ndarray:
    """``block ** power`` in place (float64)."""
    if power == 4.0:
        np.multiply(block, block, out=block)
        np.multiply(block, block, out=block)
    else:
        np.power(block, power, out=block)
    return block


def _block_rows(n: int) -> int:
    return max(1, BLOCK_BYTES // max(8 * n, 1))


def _weights(diag: np.ndarray, power: float) -> np.ndarray:
    return np.where(diag > 0, np.power(np.where(diag > 0, diag, 1.0), -power / 2.0), 0.0)


def peer_base(co: np.ndarray, power: float = PEER_SHARPNESS) -> PeerBase:
    """The base of a co-adoption table, a block of rows at a time (bounded temporaries)."""
    n = co.shape[0]
    diag = np.diagonal(co).astype(np.float64)
    weight = _weights(diag, power)
    rowsum = np.empty(n)
    step = _block_rows(n)
    for lo in range(0, n, step):
        hi = min(lo + step, n)
        block = _sharpen(co[lo:hi].astype(np.float64), power)
        block[np.arange(hi - lo), np.arange(lo, hi)] = 0.0
        rowsum[lo:hi] = block @ weight
    return PeerBase(diag, weight, rowsum)


class PeerBases:
    """Bases of one panel's timelines, by cutoff, within ``budget`` bytes (least recently used dropped)."""

    def __init__(self, budget: int = PEER_CACHE_BYTES, power: float = PEER_SHARPNESS) -> None:
        self.budget = budget
        self.power = power
        self._panel: AdoptionPanel | None = None
        self._bases: OrderedDict[int, PeerBase] = OrderedDict()

    def __len__(self) -> int:
        return len(self._bases)

    def at(self, timeline: Timeline) -> PeerBase:
        """The base of ``timeline`` at its cutoff (computed once per cutoff while it stays cached)."""
        if timeline.cutoff is None:
            raise ValueError("the timeline has no cutoff yet")
        if timeline.panel is not self._panel:  # another history: nothing cached applies
            self._panel = timeline.panel
            self._bases.clear()
        key = int(timeline.cutoff)
        base = self._bases.get(key)
        if base is not None:
            self._bases.move_to_end(key)
            return base
        base = peer_base(timeline.co, self.power)
        capacity = max(1, self.budget // max(3 * base.diag.nbytes, 1))
        while len(self._bases) >= capacity:
            self._bases.popitem(last=False)
        self._bases[key] = base
        return base


def peer_share(
    co: np.ndarray,
    base: PeerBase,
    left_out: np.ndarray,
    candidates: np.ndarray,
    adopters: np.ndarray,
    power: float = PEER_SHARPNESS,
) -> np.ndarray:
    """Similarity-weighted share of ``adopters`` among each candidate's peers (NaN if it has no peer).

    ``left_out`` are the governments whose record includes the practice (its adopters in the history
    before the cutoff): the practice is taken out of their records, and of their similarities.
    """
    n = co.shape[0]
    c = np.asarray(candidates, dtype=np.int64)
    left_out = np.asarray(left_out, dtype=np.int64)
    adopters = np.asarray(adopters, dtype=np.int64)
    own = np.zeros(n)
    own[left_out] = 1.0
    diag = base.diag - own
    weight = _weights(diag, power)

    # Denominator of candidates outside ``left_out``: the base plus the change of its adopters' weights.
    den = base.rowsum[c].copy()
    if len(left_out):
        before = base.diag[left_out]
        if power == 4.0:  # 1 / (d - 1) ** 2 - 1 / d ** 2 without cancellation
            after = np.maximum(before - 1.0, 1.0)
            change = np.where(before > 1, (2.0 * before - 1.0) / (before * before * after * after), 0.0)
            change -= np.where(before > 1, 0.0, base.weight[left_out])
        else:
            change = weight[left_out] - base.weight[left_out]
        den += _sharpen(co[np.ix_(c, left_out)].astype(np.float64), power) @ change

    # Numerator: the adopters' columns, with the practice left out of both records where both had it.
    block = co[np.ix_(c, adopters)].astype(np.float64) - np.outer(own[c], own[adopters])
    block = _sharpen(block, power)
    block[c[:, None] == adopters[None, :]] = 0.0
    num = block @ weight[adopters]

    # Candidates whose own record includes the practice: their whole row changes.
    redo = np.flatnonzero(own[c] > 0)
    step = _block_rows(n)
    for lo in range(0, len(redo), step):
        rows = redo[lo : lo + step]
        full = _sharpen(co[c[rows]].astype(np.float64) - own[None, :], power)
        full[np.arange(len(rows)), c[rows]] = 0.0
        den[rows] = full @ weight
    has_peer = (den > 0) & (diag[c] > 0)
    return np.where(has_peer, num / np.where(has_peer, den, 1.0), np.nan)


def dense_peer_share(
    co: np.ndarray, left_out: np.ndarray, candidates: np.ndarray, adopters: np.ndarray, power: float = PEER_SHARPNESS
) -> np.ndarray:
    """:func:`peer_share` computed directly, candidates x governments: cheaper for a few candidates."""
    n = co.shape[0]
    c = np.asarray(candidates, dtype=np.int64)
    own = np.zeros(n, dtype=np.float32)
    own[np.asarray(left_out, dtype=np.int64)] = 1.0
    s_mask = np.zeros(n)
    s_mask[np.asarray(adopters, dtype=np.int64)] = 1.0
    diag = np.diagonal(co).astype(float) - own
    rows = co[c].astype(float) - np.outer(own[c], own)
    norm = np.sqrt(np.maximum(diag, 0))
    cos = _safe_ratio(rows, np.outer(norm[c], norm))
    cos = np.nan_to_num(cos, nan=0.0)
    cos[np.arange(len(c)), c] = 0.0
    sharp = cos**power
    return _safe_ratio(sharp @ s_mask, sharp.sum(1))


def _safe_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
