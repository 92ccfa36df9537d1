"""The evaluation protocol and its metrics on a tiny hand-made data set."""

from __future__ import annotations

import math

import numpy as np
import pytest

from proxenia.analytics.diffusion import AdoptionRecord, PracticeInfo, Prediction, evaluate, protocol_events
from proxenia.analytics.diffusion.metrics import auc, random_expectation, score_event

# Practice "p": A in 2000; B, C in 2001; nobody in 2002; D, E in 2003. F never adopts.
HELD = [
    AdoptionRecord("A", "p", 2000),
    AdoptionRecord("B", "p", 2001),
    AdoptionRecord("C", "p", 2001),
    AdoptionRecord("D", "p", 2003),
    AdoptionRecord("E", "p", 2003),
    # too few adopters: no events
    *[AdoptionRecord(g, "few", 2000 + i) for i, g in enumerate("ABCD")],
    # first adopted before 1900: no events
    *[AdoptionRecord(g, "old", 1899 + i) for i, g in enumerate("ABCDEF")],
]
HISTORY = [AdoptionRecord(g, "h", 1990 + i) for i, g in enumerate("FEDCBA")]
SCORES = {"F": 5.0, "B": 4.0, "D": 3.0, "C": 2.0, "E": 1.0, "A": 0.0}


class FixedEngine:
    """Scores every candidate by a fixed table; records what it was asked."""

    calls: list[tuple[str, int, dict[str, int], tuple[str, ...]]] = []

    def fit(self, history, practices, context=None):
        return self

    def rank(self, practice, topic, adopters_before, candidates, year, history=None):
        FixedEngine.calls.append((practice, year, dict(adopters_before), tuple(candidates)))
        return sorted((Prediction(g, SCORES[g]) for g in candidates), key=lambda p: -p.score)


def test_events_follow_the_protocol():
    events = protocol_events(HELD, list("ABCDEF"))
    assert [(e.practice, e.year) for e in events] == [("p", 2001), ("p", 2003)]
    first, second = events
    assert first.candidates == ("B", "C", "D", "E", "F")
    assert first.adopters_now == {"B", "C"}
    assert first.adopters_before == {"A": 2000}
    assert second.candidates == ("D", "E", "F")
    assert second.adopters_before == {"A": 2000, "B": 2001, "C": 2001}


def test_metrics_by_hand():
    FixedEngine.calls = []
    practices = {"p": PracticeInfo("p", "a practice", "Topic")}
    result = evaluate(HELD, practices, HISTORY, engine_factory=FixedEngine)
    assert set(result) == {"events", "engine", "baselines"}
    assert set(result["baselines"]) == {"random", "neighbours", "innovativeness"}
    for block in [result["engine"], *result["baselines"].values()]:
        assert set(block) == {"auc", "hit5", "mrr"}
    assert result["events"] == 2
    # 2001: positives B, C among B..F, ranking F B D C E -> AUC 3/6, best positive at rank 2.
    # 2003: positives D, E among D..F, ranking F D E -> AUC 0/2, best positive at rank 2.
    assert result["engine"]["auc"] == pytest.approx((0.5 + 0.0) / 2)
    assert result["engine"]["hit5"] == pytest.approx(1.0)
    assert result["engine"]["mrr"] == pytest.approx(0.5)
    # Random ranking, analytically: E[1 / best rank] with 2 positives among 5, then among 3.
    rr_2001 = 2 / 5 * 1 + 3 / 10 * 1 / 2 + 1 / 5 * 1 / 3 + 1 / 10 * 1 / 4
    rr_2003 = 2 / 3 * 1 + 1 / 3 * 1 / 2
    assert result["baselines"]["random"]["auc"] == 0.5
    assert result["baselines"]["random"]["mrr"] == pytest.approx((rr_2001 + rr_2003) / 2)
    assert result["baselines"]["random"]["hit5"] == pytest.approx(1.0)
    # The engine only ever saw the past of the practice.
    assert [(c[0], c[1], c[2]) for c in FixedEngine.calls] == [
        ("p", 2001, {"A": 2000}),
        ("p", 2003, {"A": 2000, "B": 2001, "C": 2001}),
    ]


def test_innovativeness_baseline_by_hand():
    # History "h": F first (1990) ... A last (1995); only "h" adopted before 2001.
    # At 2001 innovativeness ranks F > E > D > C > B among candidates B..F: positives B, C are the two
    # lowest -> AUC 0; best positive (C) at rank 4 -> hit 1, RR 1/4. At 2003: F > E > D, positives D, E:
    # AUC 0, best positive E at rank 2.
    result = evaluate(HELD, {}, HISTORY, engine_factory=FixedEngine)
    innov = result["baselines"]["innovativeness"]
    assert innov["auc"] == pytest.approx(0.0)
    assert innov["mrr"] == pytest.approx((1 / 4 + 1 / 2) / 2)
    assert innov["hit5"] == pytest.approx(1.0)


def test_ties_count_half_and_are_broken_at_random_in_expectation():
    scores = np.array([1.0, 1.0, 0.0])
    positive = np.array([True, False, False])
    assert auc(scores, positive) == pytest.approx(0.75)
    s = score_event(scores, positive, k=1)
    assert s.hit == pytest.approx(0.5)
    assert s.rr == pytest.approx(0.75)
    assert math.isnan(auc(np.array([1.0, 2.0]), np.array([True, True])))
    r = random_expectation(10, 1, k=5)
    assert (r.auc, r.hit) == (0.5, pytest.approx(0.5))
    assert r.rr == pytest.approx(np.mean(1 / np.arange(1, 11)))
