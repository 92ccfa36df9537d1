"""The engine on real SPID data: it beats the baselines, persists, and explains itself consistently."""

from __future__ import annotations

import json

import numpy as np
import pytest

from proxenia.analytics.diffusion import FEATURES, DiffusionEngine, evaluate_detailed
from proxenia.interop.regions import admin1_aggregates, us_state_contexts


@pytest.mark.slow
def test_engine_beats_random_and_innovativeness_on_held_out_policies(spid, small_split, state_context, small_engine):
    _, practices = spid
    history, held = small_split
    result = evaluate_detailed(held, practices, history, state_context, engine_factory=lambda: small_engine)
    summary = result.summary()
    assert summary["events"] > 100
    engine, baselines = summary["engine"], summary["baselines"]
    assert engine["auc"] > baselines["random"]["auc"] + 0.08
    assert engine["auc"] > baselines["innovativeness"]["auc"] + 0.03
    assert engine["auc"] > baselines["neighbours"]["auc"]
    assert engine["hit5"] > baselines["random"]["hit5"]
    assert engine["hit5"] > baselines["innovativeness"]["hit5"]


def _ranking(engine, spid, practice="stalking", year=1993):
    records, practices = spid
    adopters = {r.government: r.year for r in records if r.practice == practice and r.year < year}
    candidates = sorted({r.government for r in records} - set(adopters))
    return engine.rank(practice, practices[practice].topic, adopters, candidates, year, history=records)


def test_save_load_round_trip_gives_identical_rankings(small_engine, spid, tmp_path):
    path = tmp_path / "engine.json"
    small_engine.save(path)
    json.loads(path.read_text())  # plain JSON
    loaded = DiffusionEngine.load(path)
    before, after = _ranking(small_engine, spid), _ranking(loaded, spid)
    assert [(p.government, p.score, p.factors) for p in before] == [(p.government, p.score, p.factors) for p in after]
    # ranking against the stored history (history=None) also survives the round trip
    adopters = {"California": 1990, "Florida": 1991}
    a = small_engine.rank("newpractice", None, adopters, ["Oregon", "Texas", "Maine"], 1992)
    b = loaded.rank("newpractice", None, adopters, ["Oregon", "Texas", "Maine"], 1992)
    assert [(p.government, p.score) for p in a] == [(p.government, p.score) for p in b]
    assert [w.name for w in loaded.weights()] == [w.name for w in small_engine.weights()]


def test_explanations_are_consistent_with_scores(small_engine, spid):
    predictions = _ranking(small_engine, spid)
    assert len(predictions) > 10
    scores = np.array([p.score for p in predictions])
    totals = np.array([sum(f.contribution for f in p.factors) for p in predictions])
    assert np.all(np.diff(scores) <= 0)  # best first
    assert np.all((scores > 0) & (scores < 1))
    # Contributions add up to the log-odds minus one common baseline.
    logits = np.log(scores / (1 - scores))
    np.testing.assert_allclose(logits - totals, (logits - totals)[0], atol=1e-9)
    for p in predictions:
        assert sorted(f.name for f in p.factors) == sorted(FEATURES)
        assert all(f.label for f in p.factors)
        neighbours = next(f for f in p.factors if f.name == "neighbours")
        assert f"{round(neighbours.value * 5)} of its 5 nearest neighbours adopted" == neighbours.label
        pathway = next(f for f in p.factors if f.name == "pathway")
        assert ("followed" in pathway.label) == (pathway.value > 0)
        topical = next(f for f in p.factors if f.name == "topic_adoption_rate")
        topic = spid[1]["stalking"].topic
        assert topical.label == f"adopted {round(100 * topical.value)}% of the practices on {topic} in circulation"
        related = next(f for f in p.factors if f.name == "topic_related")
        assert related.label == f"adopted {round(100 * related.value)}% of the related practices on {topic}"


def test_scores_do_not_depend_on_the_other_candidates(small_engine, spid):
    full = {p.government: p.score for p in _ranking(small_engine, spid)}
    records, _ = spid
    adopters = {r.government: r.year for r in records if r.practice == "stalking" and r.year < 1993}
    pair = sorted(full)[:2]
    some = small_engine.rank("stalking", "Law and Crime", adopters, pair, 1993, history=records)
    assert {p.government: p.score for p in some} == {g: full[g] for g in pair}


def test_governments_without_context_are_still_scored(small_engine, spid):
    records, _ = spid
    hidden = [p.government for p in _ranking(small_engine, spid)][:2]
    saved = small_engine.to_dict()
    saved["context"] = {k: v for k, v in saved["context"].items() if k not in hidden}
    engine = DiffusionEngine.from_dict(saved)
    predictions = {p.government: p for p in _ranking(engine, spid)}
    for name in hidden:
        p = predictions[name]
        assert np.isfinite(p.score)
        labels = {f.name: f.label for f in p.factors}
        assert labels["neighbours"].startswith("no location known")
        assert labels["population"] == "population unknown"
    # and a government the engine has never seen
    unknown = engine.rank("stalking", "Law and Crime", {"Ohio": 1990}, ["Atlantis", hidden[0]], 1993, history=records)
    assert {p.government for p in unknown} == {"Atlantis", hidden[0]}
    assert all(np.isfinite(p.score) for p in unknown)


def test_learned_weights_are_available(small_engine):
    weights = small_engine.weights()
    assert {w.name for w in weights} == set(FEATURES)
    assert all(np.isfinite(w.weight) and w.importance >= 0 for w in weights)
    assert weights == sorted(weights, key=lambda w: -w.importance)


def test_us_state_context_is_derived_from_geonames():
    aggregates = admin1_aggregates("us")
    assert len(aggregates) == 51  # 50 states and DC
    ca, wy = aggregates["CA"], aggregates["WY"]
    assert ca.population > 10 * wy.population > 0
    assert 32 < ca.latitude < 42 and -125 < ca.longitude < -114
    contexts = us_state_contexts()
    assert contexts["California"] == ca
    assert 18 < contexts["Hawaii"].latitude < 23
