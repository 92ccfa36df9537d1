"""Bootstrap intervals over practices: exact in the cases that can be worked out by hand, paired between
the engine and a baseline, reproducible, and honest about what cannot be averaged."""

from __future__ import annotations

import numpy as np
import pytest

from proxenia.analytics.diffusion import DiffusionEvent, EvaluationResult, practice_bootstrap
from proxenia.analytics.diffusion.metrics import EventScore


def _event(practice: str, year: int) -> DiffusionEvent:
    return DiffusionEvent(practice, year, {}, ("a", "b"), frozenset({"a"}))


def _result(per_practice: dict[str, list[tuple[float, float, float]]], lead: float = 0.0) -> EvaluationResult:
    """Each practice's events with the engine's (auc, hit, rr); the baseline scores ``lead`` less on each."""
    events, engine, baseline = [], [], []
    for name, scores in per_practice.items():
        for year, (auc, hit, rr) in enumerate(scores, start=2000):
            events.append(_event(name, year))
            engine.append(EventScore(auc, hit, rr))
            baseline.append(EventScore(auc - lead, hit - lead, rr - lead))
    return EvaluationResult(events, {"engine": engine, "random": baseline})


def test_one_practice_has_no_spread_and_every_interval_is_its_mean() -> None:
    result = _result({"p": [(0.6, 1.0, 0.5), (0.8, 0.0, 0.25)]}, lead=0.1)
    bounds = practice_bootstrap(result, samples=200)
    assert bounds["practices"] == 1 and bounds["samples"] == 200 and bounds["level"] == 0.95
    assert bounds["engine"] == {"auc": [0.7, 0.7], "hit5": [0.5, 0.5], "mrr": [0.375, 0.375]}
    assert bounds["engine_minus"]["random"] == {"auc": [0.1, 0.1], "hit5": [0.1, 0.1], "mrr": [0.1, 0.1]}


def test_intervals_cover_the_mean_and_narrow_with_more_practices() -> None:
    rng = np.random.default_rng(1)

    def draw(n: int) -> EvaluationResult:
        return _result({f"p{i}": [(rng.random(), float(rng.random() < 0.5), rng.random())] for i in range(n)})

    few, many = draw(20), draw(500)
    small, large = practice_bootstrap(few), practice_bootstrap(many)
    for result, bounds in ((few, small), (many, large)):
        rows = result.scores["engine"]
        means = {
            "auc": np.mean([r.auc for r in rows]),
            "hit5": np.mean([r.hit for r in rows]),
            "mrr": np.mean([r.rr for r in rows]),
        }
        for metric, mean in means.items():
            low, high = bounds["engine"][metric]
            assert 0.0 <= low < mean < high <= 1.0
    assert large["engine"]["auc"][1] - large["engine"]["auc"][0] < small["engine"]["auc"][1] - small["engine"]["auc"][0]


def test_the_lead_is_paired_so_a_constant_lead_has_no_spread() -> None:
    """The engine 0.05 ahead on every event: whatever practices are drawn, the lead is 0.05, although each
    ranker's own interval is wide."""
    rng = np.random.default_rng(2)
    result = _result({f"p{i}": [(rng.random(), rng.random(), rng.random()) for _ in range(3)] for i in range(40)}, 0.05)
    bounds = practice_bootstrap(result)
    assert bounds["engine"]["mrr"][1] - bounds["engine"]["mrr"][0] > 0.05
    for metric in ("auc", "hit5", "mrr"):
        assert bounds["engine_minus"]["random"][metric] == pytest.approx([0.05, 0.05], abs=1e-4)


def test_practices_are_resampled_whole_with_their_events() -> None:
    """A practice with many events weighs in by its events, as in the mean over events: 9 events scoring 1
    and one practice with 1 event scoring 0 give 0.9 on the full draw."""
    result = _result({"many": [(1.0, 1.0, 1.0)] * 9, "one": [(0.0, 0.0, 0.0)]})
    low, high = practice_bootstrap(result, samples=4000, level=0.5)["engine"]["hit5"]
    assert low <= 0.9 <= high
    assert practice_bootstrap(result, samples=4000, level=0.99)["engine"]["hit5"] == [0.0, 1.0]  # draws of one kind


def test_same_seed_same_intervals_and_auc_without_a_non_adopter_is_none() -> None:
    rng = np.random.default_rng(3)
    result = _result({f"p{i}": [(rng.random(), rng.random(), rng.random())] for i in range(30)})
    assert practice_bootstrap(result, seed=5) == practice_bootstrap(result, seed=5)
    everyone_adopted = _result({"p": [(float("nan"), 1.0, 1.0)]})
    bounds = practice_bootstrap(everyone_adopted)
    assert bounds["engine"]["auc"] is None and bounds["engine"]["hit5"] == [1.0, 1.0]


@pytest.mark.parametrize(("level", "samples"), [(0.0, 10), (1.0, 10), (0.9, 0)])
def test_bad_settings_are_refused(level: float, samples: int) -> None:
    with pytest.raises(ValueError):
        practice_bootstrap(_result({"p": [(0.5, 1.0, 1.0)]}), level=level, samples=samples)
