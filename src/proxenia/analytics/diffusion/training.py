"""Training rows for the combiner, generated from the history's own practices (past-only features)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .events import EventSpec, panel_event_specs
from .features import FEATURES, event_features
from .geography import Geography
from .model import TrainingSet, calibration_inputs, stage_of
from .panel import AdoptionPanel
from .pattern import PatternAccumulator, standardise_within
from .timeline import Timeline


@dataclass(frozen=True)
class TrainingSettings:
    """How training events are drawn from the history.

    Events follow the evaluation protocol (``min_adopters``, ``min_first_year``). Years in which
    nobody adopted are drawn as well (``zero_event_ratio`` of them per adoption event) for the
    calibration only. At most ``max_events`` adoption events and ``max_candidates`` candidates per
    event are used (all adopters kept, non-adopters sampled and re-weighted), which bounds time
    and memory on large histories.
    """

    min_adopters: int = 5
    min_first_year: int = 1900
    max_events: int = 8000
    max_candidates: int = 100
    zero_event_ratio: float = 1.0
    seed: int = 0


@dataclass(frozen=True)
class TrainingSummary:
    adoption_events: int
    zero_events: int
    rows: int


def _sample(specs: list[EventSpec], n: int, rng: np.random.Generator) -> list[EventSpec]:
    if len(specs) <= n:
        return specs
    keep = np.sort(rng.choice(len(specs), size=n, replace=False))
    return [specs[i] for i in keep]


def training_rows(
    panel: AdoptionPanel, geography: Geography, settings: TrainingSettings
) -> tuple[TrainingSet, TrainingSummary]:
    """Sweep the history once, computing features for each sampled event at its own cutoff."""
    rng = np.random.default_rng(settings.seed)
    specs = panel_event_specs(panel, settings.min_adopters, settings.min_first_year)
    adopting = [s for s in specs if s.has_adopters]
    quiet = [s for s in specs if not s.has_adopters]
    chosen = _sample(adopting, settings.max_events, rng)
    chosen_quiet = _sample(quiet, round(settings.zero_event_ratio * len(chosen)), rng)
    event_weight = {
        True: len(adopting) / max(len(chosen), 1),
        False: len(quiet) / max(len(chosen_quiet), 1),
    }
    ordered = sorted(chosen + chosen_quiet, key=lambda s: (s.year, s.practice))
    timeline = Timeline(panel)
    n_gov = panel.n_governments
    everyone = np.arange(n_gov)
    memory = PatternAccumulator(len(FEATURES))
    blocks: dict[str, list[np.ndarray]] = {
        k: [] for k in ("values", "pattern", "labels", "event", "stage", "inputs", "offset", "weight", "ranked")
    }
    for number, spec in enumerate(ordered):
        timeline.advance(spec.year)
        govs, years = panel.adopters(spec.practice)
        before = years < spec.year
        adopters, adopter_years = govs[before], years[before]
        year_of = np.full(n_gov, np.iinfo(np.int32).max)
        year_of[govs] = years
        candidates = everyone[year_of >= spec.year]
        labels = year_of[candidates] == spec.year
        n_neg = int((~labels).sum())
        offset = np.zeros(len(candidates))
        weight = np.full(len(candidates), event_weight[spec.has_adopters])
        if len(candidates) > settings.max_candidates and n_neg > 0:
            pos_idx = np.flatnonzero(labels)
            neg_idx = np.flatnonzero(~labels)
            keep_neg = max(settings.max_candidates - len(pos_idx), 1)
            if keep_neg < n_neg:
                neg_idx = np.sort(rng.choice(neg_idx, size=keep_neg, replace=False))
                keep = np.concatenate([pos_idx, neg_idx])
                ratio = n_neg / keep_neg
                offset = np.where(labels[keep], 0.0, np.log(ratio))
                weight = weight[keep] * np.where(labels[keep], 1.0, ratio)
                candidates, labels = candidates[keep], labels[keep]
        bucket = int(timeline.bucket[spec.practice])
        feats = event_features(
            timeline, geography, spec.practice, bucket, adopters, adopter_years, candidates, spec.year
        )
        n = len(candidates)
        z = standardise_within(feats.values)
        blocks["values"].append(feats.values)
        blocks["pattern"].append(z * memory.weights(spec.practice))
        if labels.any():
            memory.add(spec.practice, z[labels])
        blocks["labels"].append(labels)
        blocks["event"].append(np.full(n, number))
        blocks["stage"].append(stage_of(np.full(n, feats.n_adopters), np.full(n, feats.elapsed)))
        blocks["inputs"].append(
            calibration_inputs(
                np.zeros(n),
                np.full(n, feats.n_candidates),
                np.full(n, feats.n_adopters),
                np.full(n, feats.elapsed),
                np.full(n, feats.momentum),
            )
        )
        blocks["offset"].append(offset)
        blocks["weight"].append(weight)
        blocks["ranked"].append(np.full(n, spec.has_adopters and bool((~labels).any()) and bool(labels.any())))
    if not ordered:
        raise ValueError(
            f"the history has no practice with {settings.min_adopters}+ adopters first adopted in "
            f"{settings.min_first_year} or later; nothing to learn from"
        )
    data = TrainingSet(
        values=np.concatenate(blocks["values"]).reshape(-1, len(FEATURES)),
        pattern=np.concatenate(blocks["pattern"]).reshape(-1, len(FEATURES)),
        labels=np.concatenate(blocks["labels"]).astype(bool),
        event=np.concatenate(blocks["event"]).astype(np.int64),
        stage=np.concatenate(blocks["stage"]),
        event_inputs=np.concatenate(blocks["inputs"]),
        offset=np.concatenate(blocks["offset"]),
        weight=np.concatenate(blocks["weight"]),
        ranked=np.concatenate(blocks["ranked"]).astype(bool),
    )
    return data, TrainingSummary(len(chosen), len(chosen_quiet), len(data.labels))
