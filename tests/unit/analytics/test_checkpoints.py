"""Saved timeline states: a timeline restored from one, then advanced, equals one swept from the start;
rankings that look back through them are the same as without them."""

from __future__ import annotations

import numpy as np
import pytest

from proxenia.analytics.diffusion import AdoptionRecord, DiffusionEngine, PracticeInfo
from proxenia.analytics.diffusion import engine as engine_module
from proxenia.analytics.diffusion.checkpoints import TimelineCheckpoints
from proxenia.analytics.diffusion.panel import build_panel
from proxenia.analytics.diffusion.timeline import Timeline

STATISTICS = ("adopted", "co", "follow", "n_adopters", "pct_sum", "adopted_size", "adopted_count", "by_year")


def _records(seed: int = 3) -> list[AdoptionRecord]:
    rng = np.random.default_rng(seed)
    return [
        AdoptionRecord(f"g{g}", f"p{p}", int(rng.integers(1950, 1995)))
        for g in range(14)
        for p in range(20)
        if rng.random() < 0.5
    ]


def _same(a: Timeline, b: Timeline) -> None:
    assert a.cutoff == b.cutoff
    for name in STATISTICS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    np.testing.assert_array_equal(a.available, b.available)


def test_a_restored_timeline_equals_one_swept_from_the_start() -> None:
    panel = build_panel(_records())
    checkpoints = TimelineCheckpoints(panel, budget=1 << 20)
    assert checkpoints.every == 1  # a small panel: a state every year
    for year in (1990, 1962, 1975, 1975, 1951, 1999):
        restored = checkpoints.timeline_at(year)
        swept = Timeline(panel)
        swept.advance(year)
        _same(restored, swept)
        restored.advance(year + 3)  # moving on from a restored state leaves the saved one as it was
        swept.advance(year + 3)
        _same(restored, swept)
    assert checkpoints.saved and all(state["cutoff"] == year for year, state in checkpoints.saved.items())


@pytest.mark.parametrize("budget", [1 << 20, 30_000, 0])
def test_a_timeline_restored_into_a_recycled_table_equals_one_swept_from_the_start(budget: int) -> None:
    panel = build_panel(_records(4))
    checkpoints = TimelineCheckpoints(panel, budget=budget)
    previous = None
    for year in (1990, 1962, 1975, 1976, 1951, 1999, 1940, 1993):
        restored = checkpoints.timeline_at(year, recycle=previous)
        swept = Timeline(panel)
        swept.advance(year)
        _same(restored, swept)
        if previous is not None:
            assert previous.adopted.size == 0  # its table was taken over: it cannot be used by mistake
        restored.advance(year + 2)
        previous = restored


def test_rankings_looking_back_are_the_same_with_and_without_saved_states(monkeypatch: pytest.MonkeyPatch) -> None:
    records = _records(5)
    practices = {f"p{p}": PracticeInfo(f"p{p}", "", f"t{p % 3}") for p in range(20)}
    engine = DiffusionEngine().fit(records, practices)
    governments = sorted({r.government for r in records})

    def answers() -> list[object]:
        out = []
        for practice in ("p1", "p7", "p2", "p1", "p13"):
            adopters = {r.government: r.year for r in records if r.practice == practice}
            ranked = engine.rank(practice, practices[practice].topic, adopters, governments, 1996)
            factors = [[(f.name, repr(f.value), repr(f.contribution), f.label) for f in p.factors] for p in ranked]
            out.append([(p.government, p.score, f) for p, f in zip(ranked, factors, strict=True)])  # repr: NaN
        return out

    with_states = answers()
    engine._workspace_cache = None  # a new workspace: nothing remembered
    monkeypatch.setattr(engine_module, "TimelineCheckpoints", lambda panel: TimelineCheckpoints(panel, budget=0))
    assert answers() == with_states


def test_a_history_read_again_reuses_what_was_built_from_it() -> None:
    records = _records(7)
    practices = {f"p{p}": PracticeInfo(f"p{p}", "", None) for p in range(20)}
    engine = DiffusionEngine().fit(records, practices)
    governments = sorted({r.government for r in records})
    adopters = {r.government: r.year for r in records if r.practice == "p4"}
    first = engine.rank("p4", None, adopters, governments, 1996, history=list(records))
    built = engine._workspace_cache
    again = engine.rank("p4", None, adopters, governments, 1996, history=list(records))  # equal, not the same
    assert engine._workspace_cache is built and [p.score for p in again] == [p.score for p in first]
    engine.rank("p4", None, adopters, governments, 1996, history=list(records[:-1]))
    assert engine._workspace_cache is not built  # a different history: built anew
