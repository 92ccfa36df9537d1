"""Prediction events: (practice, year) moments at which governments may adopt next.

The evaluation protocol: a practice with at least ``min_adopters`` adopters whose first adoption is
in ``min_first_year`` or later yields one event per year ``t`` after its first adoption, up to its
last, in which someone adopts. The candidates are all governments of the universe that had not
adopted before ``t``; the positives those that adopted in ``t``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .panel import AdoptionPanel
from .types import AdoptionRecord

MIN_ADOPTERS = 5
MIN_FIRST_YEAR = 1900


@dataclass(frozen=True)
class DiffusionEvent:
    """One ranking task: who, among ``candidates``, adopts ``practice`` in ``year``?"""

    practice: str
    year: int
    adopters_before: dict[str, int]
    candidates: tuple[str, ...]
    adopters_now: frozenset[str]


def first_adoptions(records: Iterable[AdoptionRecord]) -> dict[str, dict[str, int]]:
    """practice -> government -> earliest adoption year."""
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for r in records:
        known = result[r.practice].get(r.government)
        if known is None or r.year < known:
            result[r.practice][r.government] = int(r.year)
    return dict(result)


def protocol_events(
    adoptions: Iterable[AdoptionRecord],
    universe: Sequence[str],
    min_adopters: int = MIN_ADOPTERS,
    min_first_year: int = MIN_FIRST_YEAR,
) -> list[DiffusionEvent]:
    """All events of the protocol, sorted by (year, practice)."""
    events: list[DiffusionEvent] = []
    for practice, years in sorted(first_adoptions(adoptions).items()):
        if len(years) < min_adopters:
            continue
        first, last = min(years.values()), max(years.values())
        if first < min_first_year:
            continue
        for t in range(first + 1, last + 1):
            now = frozenset(g for g, y in years.items() if y == t)
            if not now:
                continue
            before = {g: y for g, y in years.items() if y < t}
            candidates = tuple(g for g in universe if g not in before)
            events.append(DiffusionEvent(practice, t, before, candidates, now))
    events.sort(key=lambda e: (e.year, e.practice))
    return events


@dataclass(frozen=True)
class EventSpec:
    """An event over a panel, by index; ``has_adopters`` is False for a year in which nobody adopted."""

    practice: int
    year: int
    has_adopters: bool


def panel_event_specs(
    panel: AdoptionPanel, min_adopters: int = MIN_ADOPTERS, min_first_year: int = MIN_FIRST_YEAR
) -> list[EventSpec]:
    """Every year after each qualifying practice's first adoption up to its last, with or without adopters."""
    specs: list[EventSpec] = []
    for q in range(panel.n_practices):
        _, years = panel.adopters(q)
        if len(years) < min_adopters or int(years[0]) < min_first_year:
            continue
        active = set(np.unique(years).tolist())
        for t in range(int(years[0]) + 1, int(years[-1]) + 1):
            specs.append(EventSpec(q, t, t in active))
    return specs
