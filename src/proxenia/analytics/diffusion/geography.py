"""Nearest neighbours, distance weights and sizes of governments, from their contexts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .types import GovernmentContext

EARTH_RADIUS_KM = 6371.0
NEAREST = 5  # neighbours for the "k nearest adopted" share
KERNEL_NEIGHBOURS = 50  # neighbours kept for the distance-weighted share
KERNEL_KM = 500.0  # weight exp(-distance / KERNEL_KM)


class Geography:
    """Geographic structure over a list of governments; those without context get ``-1`` / NaN entries."""

    def __init__(
        self,
        governments: Sequence[str],
        contexts: Mapping[str, GovernmentContext] | None,
        nearest: int = NEAREST,
        kernel_neighbours: int = KERNEL_NEIGHBOURS,
        kernel_km: float = KERNEL_KM,
    ) -> None:
        contexts = contexts or {}
        n = len(governments)
        self.has_context = np.zeros(n, dtype=bool)
        lat = np.zeros(n)
        lon = np.zeros(n)
        self.log_population = np.full(n, np.nan)
        for i, name in enumerate(governments):
            ctx = contexts.get(name)
            if ctx is None:
                continue
            if not (np.isfinite(ctx.latitude) and np.isfinite(ctx.longitude)):
                continue
            self.has_context[i] = True
            lat[i], lon[i] = ctx.latitude, ctx.longitude
            if ctx.population and ctx.population > 0:
                self.log_population[i] = float(np.log(ctx.population))
        self.nearest = np.full((n, nearest), -1, dtype=np.int64)
        k = min(kernel_neighbours, max(int(self.has_context.sum()) - 1, 0))
        self.kernel_index = np.zeros((n, max(k, 1)), dtype=np.int64)
        self.kernel_weight = np.zeros((n, max(k, 1)))
        self.nearest_km = np.full((n, nearest), np.nan)
        placed = np.flatnonzero(self.has_context)
        if len(placed) < 2:
            return
        phi, lam = np.radians(lat[placed]), np.radians(lon[placed])
        xyz = np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], 1)
        query = min(max(nearest, k) + 1, len(placed))
        from scipy.spatial import cKDTree  # here: scipy costs ~0.3 s of every command's start

        chord, idx = cKDTree(xyz).query(xyz, k=query)
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0, 1))
        for row, gi in enumerate(placed):
            others = idx[row] != row  # drop self (robust to duplicate coordinates)
            nb, dist = placed[idx[row][others]], km[row][others]
            m = min(nearest, len(nb))
            self.nearest[gi, :m] = nb[:m]
            self.nearest_km[gi, :m] = dist[:m]
            self.kernel_index[gi, : min(k, len(nb))] = nb[:k]
            self.kernel_weight[gi, : min(k, len(nb))] = np.exp(-dist[:k] / kernel_km)

    def nearest_share(self, adopted: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Share of each row's nearest neighbours that adopted; NaN without context."""
        nb = self.nearest[rows]
        valid = nb >= 0
        hits = np.where(valid, adopted[np.maximum(nb, 0)], 0).sum(1)
        n = valid.sum(1)
        return np.where(n > 0, hits / np.maximum(n, 1), np.nan)

    def nearest_adopted(self, adopted: np.ndarray, row: int) -> tuple[int, int]:
        """(adopters among the nearest neighbours, number of nearest neighbours) of one government."""
        nb = self.nearest[row]
        nb = nb[nb >= 0]
        return int(adopted[nb].sum()), len(nb)

    def kernel_share(self, adopted: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Distance-weighted share of adopters around each row; NaN without context."""
        w = self.kernel_weight[rows]
        total = w.sum(1)
        hit = (w * adopted[self.kernel_index[rows]]).sum(1)
        return np.where(total > 0, hit / np.where(total > 0, total, 1), np.nan)
