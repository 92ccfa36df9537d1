"""Reference rankings the engine must beat: random, nearest neighbours, innovativeness."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .geography import Geography
from .panel import build_panel
from .timeline import Timeline
from .types import AdoptionRecord, GovernmentContext

BASELINES = ("random", "neighbours", "innovativeness")


class NeighbourBaseline:
    """Score = share of the 5 geographically nearest governments that adopted before the year.

    Governments without a location get the average score of the others in the event.
    """

    def __init__(self, universe: Sequence[str], context: Mapping[str, GovernmentContext]) -> None:
        self.index = {g: i for i, g in enumerate(universe)}
        self.geography = Geography(list(universe), context)

    def scores(self, adopters: Sequence[str], candidates: Sequence[str]) -> np.ndarray:
        mask = np.zeros(len(self.index))
        mask[[self.index[g] for g in adopters]] = 1.0
        share = self.geography.nearest_share(mask, np.array([self.index[g] for g in candidates], dtype=np.int64))
        fill = float(np.nanmean(share)) if np.isfinite(share).any() else 0.0
        return np.where(np.isfinite(share), share, fill)


class InnovativenessBaseline:
    """Score = how early a government adopts across the history practices: 1 - its mean adoption-rank
    percentile over the history practices in circulation before the year (non-adopters tied last).
    Only history adoptions dated before the year are used; practice ``exclude`` is left out if present."""

    def __init__(self, universe: Sequence[str], history: Sequence[AdoptionRecord]) -> None:
        self.panel = build_panel(history, extra_governments=universe)
        self.index = self.panel.government_index()
        self.practices = self.panel.practice_index()
        self.timeline = Timeline(self.panel)

    def scores(self, year: int, candidates: Sequence[str], exclude: str | None = None) -> np.ndarray:
        if self.timeline.cutoff is not None and year < self.timeline.cutoff:
            self.timeline = Timeline(self.panel)
        self.timeline.advance(year)
        innov = self.timeline.innovativeness(exclude=self.practices.get(exclude) if exclude else None)
        if innov is None:
            return np.zeros(len(candidates))
        return np.asarray(innov[[self.index[g] for g in candidates]])
