"""Peer similarity and related practices, computed from cached per-cutoff bases and the practice's
adoptions (the engine's ranking path), equal the dense computation (training's, and the plain reference
below) on random panels."""

from __future__ import annotations

import numpy as np
import pytest

from proxenia.analytics.diffusion import AdoptionRecord, PracticeInfo
from proxenia.analytics.diffusion import peers as peers_module
from proxenia.analytics.diffusion.features import CLOSE_SHARPNESS, FEATURES, event_features
from proxenia.analytics.diffusion.geography import Geography
from proxenia.analytics.diffusion.panel import AdoptionPanel, build_panel
from proxenia.analytics.diffusion.peers import PEER_SHARPNESS, PeerBases, peer_base, peer_share
from proxenia.analytics.diffusion.timeline import Timeline

COL = {name: i for i, name in enumerate(FEATURES)}


def _panel(seed: int) -> AdoptionPanel:
    rng = np.random.default_rng(seed)
    records = [
        AdoptionRecord(f"g{g:02d}", f"p{p:02d}", int(rng.integers(1950, 1990)))
        for g in range(30)
        for p in range(40)
        if rng.random() < (0.5 if g % 7 else 0.03)  # some governments adopt almost nothing
    ]
    records += [AdoptionRecord("g99", "p99", 1951), AdoptionRecord("g98", "p98", 1960)]  # lone adopters
    infos = {f"p{p:02d}": PracticeInfo(f"p{p:02d}", "", f"t{p % 3}") for p in range(40)}
    return build_panel(records, infos, extra_governments=["g97"])  # g97 never adopts


def _reference_peers(timeline: Timeline, practice: int | None, candidates: np.ndarray, adopters: np.ndarray):
    """The dense computation: cosine of adoption records (practice left out), sharpened, weighted share."""
    n = timeline.panel.n_governments
    c = candidates
    s_mask = np.zeros(n)
    s_mask[adopters] = 1.0
    own = timeline.adopted[:, practice] if practice is not None else np.zeros(n, dtype=np.float32)
    diag = np.diagonal(timeline.co).astype(float) - own
    rows = timeline.co[c].astype(float) - np.outer(own[c], own)
    norm = np.sqrt(np.maximum(diag, 0))
    den = np.outer(norm[c], norm)
    cos = np.where(den > 0, rows / np.where(den > 0, den, 1), 0.0)
    cos[np.arange(len(c)), c] = 0.0
    sharp = cos**PEER_SHARPNESS
    total = sharp.sum(1)
    return np.where(total > 0, (sharp @ s_mask) / np.where(total > 0, total, 1), np.nan)


def _reference_related(timeline: Timeline, practice: int | None, bucket: int, candidates, adopters):
    overlap = timeline.adopted[adopters].sum(0).astype(float)
    size = timeline.n_adopters.astype(float).copy()
    if practice is not None:
        overlap[practice] = size[practice] = 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        sim = np.nan_to_num(overlap / np.sqrt(size * len(adopters)), nan=0.0)
    dense = timeline.adopted[candidates].astype(float)
    result = {}
    for name, w in (
        ("related_practices", sim),
        ("close_practices", sim**CLOSE_SHARPNESS),
        ("topic_related", sim * (timeline.bucket == bucket)),
    ):
        result[name] = dense @ w / w.sum() if w.sum() > 0 else np.full(len(candidates), np.nan)
    return result


def _queries(panel: AdoptionPanel, timeline: Timeline, rng: np.random.Generator):
    """(practice, adopters, candidates): the engine's case, candidates who adopted it in the history,
    a practice the history has never seen."""
    n = panel.n_governments
    for q in range(panel.n_practices):
        govs, _ = timeline.practice_adopters(q)
        rest = np.setdiff1d(np.arange(n), govs)
        yield q, np.sort(govs), rest
        if len(govs) > 1:
            keep = np.sort(rng.choice(govs, size=len(govs) // 2, replace=False))
            yield q, keep, np.setdiff1d(np.arange(n), keep)
    yield None, np.array([0, 3, 5]), np.arange(6, n)
    yield None, np.zeros(0, dtype=np.int64), np.arange(n)


@pytest.mark.parametrize(("seed", "block_bytes"), [(0, None), (1, None), (0, 200)])
def test_features_equal_the_dense_computation(seed: int, block_bytes: int | None, monkeypatch) -> None:
    if block_bytes is not None:  # a few rows at a time
        monkeypatch.setattr(peers_module, "BLOCK_BYTES", block_bytes)
    panel = _panel(seed)
    geography = Geography(panel.governments, {})
    timeline = Timeline(panel)
    rng = np.random.default_rng(seed)
    peers = PeerBases()
    checked = 0
    for cutoff in (1955, 1970, 1985, 2000):
        timeline.advance(cutoff)
        for practice, adopters, candidates in _queries(panel, timeline, rng):
            bucket = int(timeline.bucket[practice]) if practice is not None else 0
            years = np.full(len(adopters), cutoff - 1)
            args = (timeline, geography, practice, bucket, adopters, years, candidates, cutoff)
            values = event_features(*args, peers=peers).values
            dense = event_features(*args).values  # the direct computation (training's)
            np.testing.assert_allclose(values, dense, rtol=1e-12, atol=0)
            expected = _reference_peers(timeline, practice, candidates, adopters)
            np.testing.assert_allclose(values[:, COL["peer_similarity"]], expected, rtol=1e-12, atol=0)
            assert np.array_equal(np.isnan(values[:, COL["peer_similarity"]]), np.isnan(expected))
            if len(adopters):
                related = _reference_related(timeline, practice, bucket, candidates, adopters)
                for name, reference in related.items():
                    np.testing.assert_allclose(values[:, COL[name]], reference, rtol=1e-12, atol=0)
            checked += 1
    assert checked > 100
    assert len(peers) == 4  # one base per cutoff, shared by every practice


def test_cached_bases_give_the_same_bits_as_fresh_ones() -> None:
    panel = _panel(2)
    timeline = Timeline(panel)
    timeline.advance(1980)
    peers = PeerBases(budget=1)  # room for a single base: every other cutoff evicts it
    other = Timeline(panel)
    other.advance(1970)
    n = panel.n_governments
    for q in range(panel.n_practices):
        govs, _ = timeline.practice_adopters(q)
        rest = np.setdiff1d(np.arange(n), govs)
        cached = peer_share(timeline.co, peers.at(timeline), govs, rest, govs)
        peers.at(other)
        fresh = peer_share(timeline.co, peer_base(timeline.co), govs, rest, govs)
        np.testing.assert_array_equal(cached, fresh)
    assert len(peers) == 1


def test_a_base_belongs_to_its_panel() -> None:
    peers = PeerBases()
    first, second = Timeline(_panel(0)), Timeline(_panel(1))
    first.advance(1980)
    second.advance(1980)
    np.testing.assert_array_equal(peers.at(first).rowsum, peer_base(first.co).rowsum)
    np.testing.assert_array_equal(peers.at(second).rowsum, peer_base(second.co).rowsum)
    assert len(peers) == 1


def test_adopted_sums_equal_the_dense_product() -> None:
    panel = _panel(3)
    timeline = Timeline(panel)
    timeline.advance(1975)
    practices = np.array([1, 4, 5, 9, 20, 39])
    weights = np.random.default_rng(0).random((len(practices), 3))
    expected = timeline.adopted[:, practices].astype(float) @ weights
    np.testing.assert_allclose(timeline.adopted_sums(practices, weights), expected, rtol=1e-14)
