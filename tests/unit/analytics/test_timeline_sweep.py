"""The timeline adds a year of adoptions at once; its statistics equal adding each practice's adopters
of the year one group at a time (the plain reference below), exactly, at every cutoff."""

from __future__ import annotations

import numpy as np

from proxenia.analytics.diffusion import AdoptionRecord, PracticeInfo
from proxenia.analytics.diffusion.checkpoints import SAVED
from proxenia.analytics.diffusion.panel import AdoptionPanel, build_panel
from proxenia.analytics.diffusion.timeline import Timeline


def _reference(panel: AdoptionPanel, cutoff: int, window: int) -> dict[str, np.ndarray]:
    """The statistics of every adoption before ``cutoff``, one (practice, year) group at a time."""
    t = Timeline(panel, follow_window=window)  # only for its empty arrays and buckets
    n_adopters = np.zeros(panel.n_practices, dtype=np.int64)
    groups: dict[tuple[int, int], list[int]] = {}
    for row in range(len(panel.year)):
        if panel.year[row] < cutoff:
            groups.setdefault((int(panel.year[row]), int(panel.prac[row])), []).append(int(panel.gov[row]))
    for (year, q), govs in sorted(groups.items()):
        new = np.array(govs)
        rows = panel.by_practice[panel.starts[q] : panel.starts[q] + n_adopters[q]]
        old, old_years = panel.gov[rows], panel.year[rows]
        t.co[np.ix_(new, old)] += 1
        t.co[np.ix_(old, new)] += 1
        t.co[np.ix_(new, new)] += 1
        recent = old[old_years >= year - window]
        t.follow[np.ix_(recent, new)] += 1
        t.adopted[new, q] = 1.0
        b, n_old = t.bucket[q], int(n_adopters[q])
        t.pct_sum[new, b] += (n_old + (len(new) - 1) / 2.0) / max(panel.n_governments - 1, 1)
        t.adopted_count[new, b] += 1
        t.adopted_size[old, b] += len(new)
        t.adopted_size[new, b] += n_old + len(new)
        t.available[b] += n_old == 0
        t.available_size[b] += len(new)
        t.by_year[new, year - t.first_year] += 1
        n_adopters[q] = n_old + len(new)
    t.n_adopters = n_adopters
    return {name: getattr(t, name) for name in (*SAVED, "adopted")}


def test_a_year_at_once_equals_one_group_at_a_time() -> None:
    rng = np.random.default_rng(11)
    records = []
    for p in range(60):
        size = int(rng.integers(1, 25))
        first = int(rng.integers(1960, 2000))
        for g in rng.choice(40, size=size, replace=False):
            records.append(AdoptionRecord(f"g{g}", f"p{p}", first + int(rng.integers(0, 12))))
    practices = {f"p{p}": PracticeInfo(f"p{p}", "", f"topic{p % 4}" if p % 5 else None) for p in range(60)}
    panel = build_panel(records, practices)
    for window in (1, 5):
        swept = Timeline(panel, follow_window=window)
        for cutoff in (1955, 1965, 1980, 1981, 1995, 2020):
            swept.advance(cutoff)
            expected = _reference(panel, cutoff, window)
            for name, value in expected.items():
                assert np.array_equal(getattr(swept, name), value), (name, cutoff, window)
