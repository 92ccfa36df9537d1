"""The transferability engine: learn from adoption history, rank who adopts a practice next, explain why."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .checkpoints import TimelineCheckpoints
from .explain import candidate_details, label
from .features import DESCRIPTIONS, FEATURES, EventFeatures, event_features
from .geography import Geography
from .model import RankingModel, calibration_inputs, fit_model, stage_of
from .panel import AdoptionPanel, build_panel
from .pattern import pattern_weights, standardise_within
from .peers import PeerBases
from .timeline import Timeline
from .training import TrainingSettings, TrainingSummary, training_rows
from .types import (
    AdoptionRecord,
    ContextLike,
    Factor,
    FeatureWeight,
    GovernmentContext,
    PracticeInfo,
    Prediction,
    as_government_contexts,
)

FORMAT = "proxenia-diffusion-engine"
VERSION = 1
MEMO_LIMIT = 20000  # remembered (practice, year) feature blocks per history


class EngineNotFitted(RuntimeError):
    """rank/save/weights called before fit (or load)."""


@dataclass
class _Workspace:
    """A history indexed and swept up to some year, reused while queries move forward in time."""

    history: Sequence[AdoptionRecord]
    size: int
    panel: AdoptionPanel
    gov_index: dict[str, int]
    prac_index: dict[str, int]
    topic_index: dict[str, int]
    timeline: Timeline
    geography: Geography
    scratch: Timeline | None = None  # for looking back at years before ``timeline.cutoff``
    checkpoints: TimelineCheckpoints | None = None  # where a new scratch timeline starts from
    memo: dict[tuple[str, int], Any] = field(default_factory=dict)
    peers: PeerBases = field(default_factory=PeerBases)  # peer-similarity bases by cutoff, for any practice


def _same_history(ws: _Workspace, history: Sequence[AdoptionRecord]) -> bool:
    """Is ``history`` the one the workspace was built from: the same object, or equal records (a history
    read again from the store for each query)?"""
    if ws.size != len(history):
        return False
    if ws.history is history:
        return True
    return isinstance(history, list) and isinstance(ws.history, list) and ws.history == history


class DiffusionEngine:
    """Learned ranking of governments by how likely they are to adopt a practice next.

    ``fit`` learns the combiner from events generated from the history's own practices (features
    computed from the past only, the event's practice left out). ``rank`` scores candidates for a
    practice at a year using only adoptions dated before that year.
    """

    def __init__(self, settings: TrainingSettings | None = None, l2: float = 3.0) -> None:
        self.settings = settings or TrainingSettings()
        self.l2 = l2
        self.model: RankingModel | None = None
        self.summary: TrainingSummary | None = None
        self._lock = threading.RLock()  # rankings share the workspace (its timelines move): one at a time
        self._history: list[AdoptionRecord] = []
        self._practices: dict[str, PracticeInfo] = {}
        self._context: dict[str, GovernmentContext] = {}
        self._topics: list[str] = []
        self._workspace_cache: _Workspace | None = None

    @property
    def is_fitted(self) -> bool:
        return self.model is not None

    # --- learning ----------------------------------------------------------------------------

    def fit(
        self,
        history: Sequence[AdoptionRecord],
        practices: Mapping[str, PracticeInfo],
        context: Mapping[str, ContextLike] | None = None,
    ) -> DiffusionEngine:
        self._history = list(history)
        self._practices = dict(practices)
        self._context = as_government_contexts(context)
        panel = build_panel(self._history, self._practices)
        self._topics = list(panel.topics)
        geography = Geography(panel.governments, self._context)
        data, self.summary = training_rows(panel, geography, self.settings)
        self.model = fit_model(data, FEATURES, l2=self.l2)
        self._workspace_cache = None
        return self

    def add_context(self, context: Mapping[str, ContextLike]) -> None:
        """Know where more governments are (those met after fitting); rankings rebuild their geography."""
        added = as_government_contexts(context)
        if any(self._context.get(k) != v for k, v in added.items()):
            self._context.update(added)
            self._workspace_cache = None

    def add_practices(self, practices: Mapping[str, PracticeInfo]) -> None:
        """Know the topics of more practices (those recorded after fitting)."""
        fresh = {k: v for k, v in practices.items() if self._practices.get(k) != v}
        if fresh:
            self._practices.update(fresh)
            self._workspace_cache = None

    def weights(self) -> list[FeatureWeight]:
        """The learned weights, most important first (for display)."""
        model = self._require_model()
        result = [
            FeatureWeight(
                name, DESCRIPTIONS[name], float(model.coef[i, 0]), float(model.eta_sd[i] * model.calibration[1])
            )
            for i, name in enumerate(model.features)
        ]
        return sorted(result, key=lambda w: -w.importance)

    # --- ranking -----------------------------------------------------------------------------

    def rank(
        self,
        practice: str,
        topic: str | None,
        adopters_before: Mapping[str, int],
        candidates: Sequence[str],
        year: int,
        history: Sequence[AdoptionRecord] | None = None,
        explain: bool = True,
    ) -> list[Prediction]:
        """Candidates ranked by their probability of adopting ``practice`` in ``year``, best first.

        Only adoptions dated before ``year`` are used: entries of ``adopters_before`` and records of
        ``history`` (default: the fitted history) dated ``year`` or later are ignored. Candidates that
        appear in ``adopters_before`` before ``year`` have adopted already and are left out. Scores do
        not depend on which other candidates are asked about: every government of the universe (the
        history's governments plus those named here) that has not adopted is scored internally.
        ``explain=False`` skips the factor labels (faster).
        """
        with self._lock:
            return self._rank(practice, topic, adopters_before, candidates, year, history, explain)

    def _rank(
        self,
        practice: str,
        topic: str | None,
        adopters_before: Mapping[str, int],
        candidates: Sequence[str],
        year: int,
        history: Sequence[AdoptionRecord] | None,
        explain: bool,
    ) -> list[Prediction]:
        model = self._require_model()
        year = int(year)
        adopted = {g: int(y) for g, y in adopters_before.items() if int(y) < year}
        wanted = list(dict.fromkeys(g for g in candidates if g not in adopted))
        if not wanted:
            return []
        ws = self._workspace(self._history if history is None else history, set(wanted) | set(adopted))
        q = ws.prac_index.get(practice)
        bucket = ws.topic_index.get(topic) if topic else None
        pattern = self._pattern(ws, practice, q, bucket, adopted)
        everyone, feats, z = self._event(ws, practice, q, bucket, adopted, year)
        rows = np.searchsorted(everyone, np.array([ws.gov_index[g] for g in wanted], dtype=np.int64))
        n_all = len(everyone)
        stage = stage_of(np.full(n_all, feats.n_adopters), np.full(n_all, feats.elapsed))
        parts = model.eta_parts(feats.values, stage, z * pattern)
        # Log-odds contributions relative to the average government that has not adopted yet.
        contrib = (parts[rows] - parts.mean(0)) * model.calibration[1]
        baseline = calibration_inputs(
            np.array([parts.mean(0).sum() - model.eta_mean.sum()]),
            np.array([feats.n_candidates]),
            np.array([feats.n_adopters]),
            np.array([feats.elapsed]),
            np.array([feats.momentum]),
        )
        prob = 1.0 / (1.0 + np.exp(-(float(baseline[0] @ model.calibration) + contrib.sum(1))))
        values = feats.values[rows]
        details = None
        if explain:
            adopter_idx = np.array([ws.gov_index[g] for g in adopted], dtype=np.int64)
            details = candidate_details(
                self._timeline_at(ws, year), ws.geography, adopter_idx, everyone[rows], year, topic
            )
        predictions = []
        for i, name in enumerate(wanted):
            factors: list[Factor] = []
            if details is not None:
                for j, feature in enumerate(model.features):
                    value = float(values[i, j])
                    factors.append(Factor(feature, label(feature, value, details[i]), value, float(contrib[i, j])))
                factors.sort(key=lambda f: -abs(f.contribution))
            predictions.append(Prediction(name, float(prob[i]), factors))
        predictions.sort(key=lambda p: (-p.score, p.government))
        return predictions

    def _event(
        self, ws: _Workspace, practice: str, q: int | None, bucket: int | None, adopted: Mapping[str, int], year: int
    ) -> tuple[np.ndarray, EventFeatures, np.ndarray]:
        """Features (and within-year z-scores) of every non-adopter at ``year``; memoised per workspace."""
        signature = frozenset(adopted.items())
        key = (practice, year)
        hit = ws.memo.get(key)
        if hit is not None and hit[0] == signature and hit[1] == bucket:
            return hit[2], hit[3], hit[4]
        timeline = self._timeline_at(ws, year)
        adopter_idx = np.array(sorted(ws.gov_index[g] for g in adopted), dtype=np.int64)
        adopter_years = np.array([adopted[ws.panel.governments[i]] for i in adopter_idx], dtype=np.int64)
        mask = np.ones(ws.panel.n_governments, dtype=bool)
        mask[adopter_idx] = False
        everyone = np.flatnonzero(mask)
        feats = event_features(
            timeline, ws.geography, q, bucket, adopter_idx, adopter_years, everyone, year, peers=ws.peers
        )
        z = standardise_within(feats.values)
        if len(ws.memo) >= MEMO_LIMIT:
            ws.memo.clear()
        ws.memo[key] = (signature, bucket, everyone, feats, z)
        return everyone, feats, z

    @staticmethod
    def _timeline_at(ws: _Workspace, year: int) -> Timeline:
        """A timeline of the workspace's history at cutoff ``year`` (a scratch one to look back). Timelines
        save their states at checkpoint years as they pass them, for later looks back to start from."""
        if ws.checkpoints is None:
            ws.checkpoints = TimelineCheckpoints(ws.panel)
        timeline = ws.timeline
        if timeline.cutoff is not None and timeline.cutoff > year:
            if ws.scratch is None or (ws.scratch.cutoff is not None and ws.scratch.cutoff > year):
                ws.scratch = ws.checkpoints.timeline_at(year, recycle=ws.scratch)
            timeline = ws.scratch
        ws.checkpoints.advance(timeline, year)
        return timeline

    def _pattern(
        self, ws: _Workspace, practice: str, q: int | None, bucket: int | None, adopted: Mapping[str, int]
    ) -> np.ndarray:
        """Average within-year z-score of the practice's adopters at each earlier year it spread."""
        years = sorted(set(adopted.values()))
        year_z = []
        for t in years[1:]:
            before = {g: y for g, y in adopted.items() if y < t}
            everyone, _, z = self._event(ws, practice, q, bucket, before, t)
            now = np.array(sorted(ws.gov_index[g] for g, y in adopted.items() if y == t), dtype=np.int64)
            year_z.append(z[np.searchsorted(everyone, now)])
        return pattern_weights(year_z, len(FEATURES))

    def _workspace(self, history: Sequence[AdoptionRecord], names: set[str]) -> _Workspace:
        ws = self._workspace_cache
        same = ws is not None and _same_history(ws, history)
        if ws is not None and same and names.issubset(ws.gov_index):
            return ws  # its swept timelines, saved states and memo serve this query too
        extra = sorted(names | (set(ws.gov_index) if ws is not None and same else set()))
        panel = build_panel(history, self._practices, extra_governments=extra, topic_names=self._topics)
        ws = _Workspace(
            history=history,
            size=len(history),
            panel=panel,
            gov_index=panel.government_index(),
            prac_index=panel.practice_index(),
            topic_index={t: i for i, t in enumerate(panel.topics)},
            timeline=Timeline(panel),
            geography=Geography(panel.governments, self._context),
        )
        self._workspace_cache = ws
        return ws

    def _require_model(self) -> RankingModel:
        if self.model is None:
            raise EngineNotFitted("the engine has not been fitted; call fit() or load() first")
        return self.model

    # --- persistence -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        model = self._require_model()
        governments = sorted({r.government for r in self._history})
        practice_names = sorted({r.practice for r in self._history} | set(self._practices))
        g_index = {g: i for i, g in enumerate(governments)}
        p_index = {p: i for i, p in enumerate(practice_names)}
        return {
            "format": FORMAT,
            "version": VERSION,
            "settings": asdict(self.settings),
            "l2": self.l2,
            "model": model.to_dict(),
            "summary": asdict(self.summary) if self.summary else None,
            "topics": self._topics,
            "governments": governments,
            "practices": practice_names,
            "practice_info": {
                name: {"description": info.description, "topic": info.topic} for name, info in self._practices.items()
            },
            "adoptions": {
                "government": [g_index[r.government] for r in self._history],
                "practice": [p_index[r.practice] for r in self._history],
                "year": [int(r.year) for r in self._history],
            },
            "context": {name: asdict(ctx) for name, ctx in sorted(self._context.items())},
        }

    def save(self, path: str | Path) -> None:
        """Write the model and the history it ranks against as JSON (plain numbers and strings)."""
        Path(path).write_text(json.dumps(self.to_dict()), encoding="utf-8")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DiffusionEngine:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a saved diffusion engine (format {data.get('format')!r})")
        if data.get("version") != VERSION:
            raise ValueError(f"unsupported diffusion engine version {data.get('version')!r}")
        engine = cls(TrainingSettings(**data["settings"]), l2=float(data["l2"]))
        engine.model = RankingModel.from_dict(data["model"])
        if engine.model.features != FEATURES:
            raise ValueError("the saved model was trained on another set of features; run `proxenia engine train`")
        engine.summary = TrainingSummary(**data["summary"]) if data.get("summary") else None
        engine._topics = list(data["topics"])
        governments, practices = data["governments"], data["practices"]
        adoptions = data["adoptions"]
        engine._history = [
            AdoptionRecord(governments[g], practices[p], int(y))
            for g, p, y in zip(adoptions["government"], adoptions["practice"], adoptions["year"], strict=True)
        ]
        engine._practices = {
            name: PracticeInfo(name, info.get("description", ""), info.get("topic"))
            for name, info in data["practice_info"].items()
        }
        engine._context = {name: GovernmentContext(**ctx) for name, ctx in data["context"].items()}
        return engine

    @classmethod
    def load(cls, path: str | Path) -> DiffusionEngine:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
