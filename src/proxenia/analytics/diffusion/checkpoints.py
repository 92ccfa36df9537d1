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


def restore_state(panel: AdoptionPanel, saved: dict[str, object], recycle: Timeline | None = None) -> Timeline:
    """A timeline equal to the one ``saved`` was taken from (the saved state stays untouched).

    ``recycle``, a timeline of the same panel that is no longer needed, gives up its ``adopted`` table:
    only the adoptions between its cutoff and the saved one are set or cleared, instead of every adoption
    before the saved cutoff being written into a new table."""
    timeline = Timeline(panel)
    for name in SAVED:
        setattr(timeline, name, np.array(saved[name], copy=True))
    timeline._next = int(saved["next"])  # type: ignore[call-overload]
    timeline.cutoff = saved["cutoff"]  # type: ignore[assignment]
    _take_adopted(timeline, recycle)
    return timeline


def _take_adopted(timeline: Timeline, recycle: Timeline | None) -> None:
    """Fill ``timeline.adopted`` for its groups added so far, from ``recycle``'s table if given (which
    is left without one, so that any later use of it fails loudly)."""
    panel = timeline.panel
    end = int(timeline._bounds[timeline._next])  # adoptions are added in panel order: these rows are in
    if recycle is None or recycle.panel is not panel or recycle.adopted.shape != timeline.adopted.shape:
        timeline.adopted[panel.gov[:end], panel.prac[:end]] = 1.0
        return
    had = int(recycle._bounds[recycle._next])
    timeline.adopted = recycle.adopted
    recycle.adopted = np.zeros((0, 0), dtype=np.float32)
    if had > end:
        timeline.adopted[panel.gov[end:had], panel.prac[end:had]] = 0.0
    else:
        timeline.adopted[panel.gov[had:end], panel.prac[had:end]] = 1.0


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

    def timeline_at(self, year: int, recycle: Timeline | None = None) -> Timeline:
        """A new timeline at cutoff ``year``, from the latest saved state at or before it, saving the
        states of the checkpoint years it passes on the way. ``recycle``: a timeline no longer needed
        whose ``adopted`` table may be reused (see :func:`restore_state`)."""
        start = max((c for c in self.saved if c <= year), default=None)
        if start is None:
            timeline = Timeline(self.panel)
            _take_adopted(timeline, recycle)
        else:
            timeline = restore_state(self.panel, self.saved[start], recycle)
        self.advance(timeline, year)
        return timeline

    def advance(self, timeline: Timeline, year: int) -> None:
        """Advance ``timeline`` (of this panel) to cutoff ``year``, saving the states of the checkpoint years
        it passes that are not saved yet, while the budget allows."""
        if self.every:
            at = timeline.cutoff if timeline.cutoff is not None else self.first
            checkpoint = self.first + self.every * max(-(-(at - self.first) // self.every), 1)
            while checkpoint <= year and len(self.saved) < self.capacity:
                timeline.advance(checkpoint)
                if checkpoint not in self.saved:
                    self.saved[checkpoint] = save_state(timeline)
                checkpoint += self.every
        timeline.advance(year)
