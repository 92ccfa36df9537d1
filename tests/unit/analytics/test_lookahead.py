"""No lookahead: nothing dated at or after the ranking year may change a ranking."""

from __future__ import annotations

import random

import numpy as np

from proxenia.analytics.diffusion import AdoptionRecord, DiffusionEngine, PracticeInfo
from proxenia.analytics.diffusion.panel import build_panel
from proxenia.analytics.diffusion.timeline import Timeline


def _query(records: list[AdoptionRecord], practice: str, year: int):
    adopters = {r.government: r.year for r in records if r.practice == practice and r.year < year}
    governments = sorted({r.government for r in records})
    return adopters, [g for g in governments if g not in adopters]


def _perturb_future(records: list[AdoptionRecord], year: int, seed: int) -> list[AdoptionRecord]:
    """Drop, move and invent adoptions dated ``year`` or later; keep the past as is."""
    rng = random.Random(seed)
    governments = sorted({r.government for r in records})
    practices = sorted({r.practice for r in records})
    past = [r for r in records if r.year < year]
    future = [r for r in records if r.year >= year and rng.random() < 0.5]
    future = [AdoptionRecord(rng.choice(governments), r.practice, r.year + rng.randint(0, 5)) for r in future]
    invented = [
        AdoptionRecord(rng.choice(governments), rng.choice(practices), year + rng.randint(0, 20)) for _ in range(500)
    ]
    shuffled = past + future + invented
    rng.shuffle(shuffled)
    return shuffled


def _as_table(predictions):
    return [
        (p.government, p.score, [(f.name, f.label, f.value, f.contribution) for f in p.factors]) for p in predictions
    ]


def test_future_adoptions_never_change_a_ranking(small_engine, spid):
    records, practices = spid
    for practice, year in [("stalking", 1993), ("childrest", 1982), ("salvia", 2007)]:
        adopters, candidates = _query(records, practice, year)
        topic = practices[practice].topic
        base = small_engine.rank(practice, topic, adopters, candidates, year, history=records)
        for seed in range(2):
            changed = _perturb_future(records, year, seed)
            future_adopters = dict(adopters)
            future_adopters.update({g: year + 1 for g in candidates[:3]})  # "adopted later": must be ignored
            again = DiffusionEngine.from_dict(small_engine.to_dict()).rank(
                practice, topic, future_adopters, candidates, year, history=changed
            )
            assert _as_table(again) == _as_table(base)


def test_reused_engine_matches_a_fresh_one_when_going_back_in_time(small_engine, spid):
    """Ranking a late year first, then an earlier one, must equal ranking the earlier one afresh."""
    records, _ = spid
    engine = DiffusionEngine.from_dict(small_engine.to_dict())
    late = _query(records, "stalking", 1995)
    engine.rank("stalking", "Law and Crime", late[0], late[1], 1995, history=records)
    early = _query(records, "stalking", 1992)
    reused = engine.rank("stalking", "Law and Crime", early[0], early[1], 1992, history=records)
    fresh = DiffusionEngine.from_dict(small_engine.to_dict()).rank(
        "stalking", "Law and Crime", early[0], early[1], 1992, history=records
    )
    assert _as_table(reused) == _as_table(fresh)


def test_timeline_statistics_match_a_brute_force_recount():
    rng = np.random.default_rng(3)
    records = [
        AdoptionRecord(f"g{g}", f"p{p}", int(rng.integers(1950, 1990)))
        for g in range(12)
        for p in range(15)
        if rng.random() < 0.6
    ]
    panel = build_panel(records)
    years = panel.year_matrix()
    timeline = Timeline(panel)
    for cutoff in (1960, 1971, 1985, 2000):
        timeline.advance(cutoff)
        seen = np.where(years < cutoff, years, np.inf)
        adopted = np.isfinite(seen).astype(float)
        np.testing.assert_array_equal(timeline.adopted, adopted)
        np.testing.assert_array_equal(timeline.co, adopted @ adopted.T)
        with np.errstate(invalid="ignore"):
            gap = seen[None, :, :] - seen[:, None, :]
            follow = ((gap >= 1) & (gap <= timeline.follow_window)).sum(2)
        np.testing.assert_array_equal(timeline.follow, follow)
        # innovativeness: 1 - mean rank percentile over practices in circulation, non-adopters tied last
        live = np.flatnonzero(adopted.any(0))
        n = panel.n_governments
        pct = np.zeros((n, len(live)))
        for j, q in enumerate(live):
            col = seen[:, q]
            for g in range(n):
                pct[g, j] = ((col < col[g]).sum() + ((col == col[g]).sum() - 1) / 2) / (n - 1)
        innov = timeline.innovativeness()
        assert innov is not None
        np.testing.assert_allclose(innov, 1 - pct.mean(1))
        leave_out = timeline.innovativeness(exclude=int(live[0]))
        assert leave_out is not None
        np.testing.assert_allclose(leave_out, 1 - pct[:, 1:].mean(1))


def test_topic_adoption_rate_matches_a_brute_force_recount():
    rng = np.random.default_rng(5)
    records = [
        AdoptionRecord(f"g{g}", f"p{p}", int(rng.integers(1950, 1990)))
        for g in range(10)
        for p in range(12)
        if rng.random() < 0.5
    ]
    infos = {f"p{p}": PracticeInfo(f"p{p}", "", f"t{p % 3}") for p in range(12)}
    panel = build_panel(records, infos)
    years = panel.year_matrix()
    timeline = Timeline(panel)
    for cutoff in (1965, 1980, 2000):
        timeline.advance(cutoff)
        adopted = years < cutoff
        for bucket in range(3):
            topical = np.flatnonzero(panel.topic == bucket)
            live = topical[adopted[:, topical].any(0)]
            expected = adopted[:, live].sum(1) / len(live)
            np.testing.assert_allclose(timeline.adoption_rate(bucket=bucket), expected)
            if len(live) > 1:
                rest = live[1:]
                np.testing.assert_allclose(
                    timeline.adoption_rate(exclude=int(live[0]), bucket=bucket), adopted[:, rest].sum(1) / len(rest)
                )
            other = next(q for q in range(panel.n_practices) if panel.topic[q] != bucket)
            np.testing.assert_allclose(timeline.adoption_rate(exclude=other, bucket=bucket), expected)
