"""Saved states of one panel's timeline at regular cutoffs, so looking back at an earlier year starts
from the nearest saved state instead of sweeping the whole history again from its first adoption.

Kept by the engine's workspace (one per history it ranks against): the first look back saves the
states it passes; later ones reuse them. The states take at most ``budget`` bytes; their spacing in
years follows from it (every year for small panels, wider for thousands of governments).
"""

from __future__ import annotations

import math

import numpy as np

from .panel import AdoptionPanel
from .timeline import Timeline

CHECKPOINT_BYTES = 512 << 20
#: What a saved state copies; ``adopted`` (the largest) is rebuilt from the panel instead.
SAVED = (
    "co",
    "follow",
    "n_adopters",
    "pct_sum",
    "adopted_size",
    "adopted_count",
    "available",
    "available_size",
    "by_year",
)


def save_state(timeline: Timeline) -> dict[str, object]:
    """A copy of a timeline's statistics at its current cutoff, for :func:`restore_state`."""
    saved: dict[str, object] = {name: getattr(timeline, name).copy() for name in SAVED}
    saved.update(next=timeline._next, cutoff=timeline.cutoff)
    return saved


def restore_state(panel: AdoptionPanel, saved: dict[str, object]) -> Timeline:
    """A timeline equal to the one ``saved`` was taken from (the saved state stays untouched)."""
    timeline = Timeline(panel)
    for name in SAVED:
        setattr(timeline, name, np.array(saved[name], copy=True))
    timeline._next = int(saved["next"])  # type: ignore[call-overload]
    timeline.cutoff = saved["cutoff"]  # type: ignore[assignment]
    end = int(timeline._bounds[timeline._next])  # adoptions are added in panel order: these rows are in
    timeline.adopted[panel.gov[:end], panel.prac[:end]] = 1.0
    return timeline


class TimelineCheckpoints:
    def __init__(self, panel: AdoptionPanel, budget: int = CHECKPOINT_BYTES) -> None:
        self.panel = panel
        n_gov = panel.n_governments
        first = int(panel.year.min()) if len(panel.year) else 0
        span = int(panel.year.max()) - first + 1 if len(panel.year) else 1
        per_state = 8 * n_gov * n_gov + 8 * n_gov * (span + 8) + 1  # co and follow (float32) dominate
        capacity = budget // per_state
        self.first = first
        self.every = max(1, math.ceil(span / capacity)) if capacity else 0
        self.capacity = capacity
        self.saved: dict[int, dict[str, object]] = {}

    def timeline_at(self, year: int) -> Timeline:
        """A new timeline at cutoff ``year``, from the latest saved state at or before it, saving the
        states of the checkpoint years it passes on the way."""
        start = max((c for c in self.saved if c <= year), default=None)
        timeline = Timeline(self.panel) if start is None else restore_state(self.panel, self.saved[start])
        if self.every:
            checkpoint = self.first + self.every * (((start or self.first) - self.first) // self.every + 1)
            while checkpoint <= year and len(self.saved) < self.capacity:
                timeline.advance(checkpoint)
                self.saved.setdefault(checkpoint, save_state(timeline))
                checkpoint += self.every
        timeline.advance(year)
        return timeline
