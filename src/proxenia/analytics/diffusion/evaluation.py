"""The evaluation protocol: rank not-yet-adopters at every adoption year of held-out practices."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from proxenia.domain.progress import ProgressReporter, SilentProgress

from .baselines import BASELINES, InnovativenessBaseline, NeighbourBaseline
from .engine import DiffusionEngine
from .events import DiffusionEvent, protocol_events
from .metrics import EventScore, random_expectation, score_event
from .types import AdoptionRecord, ContextLike, PracticeInfo, Prediction, as_government_contexts


class RankingEngine(Protocol):
    def fit(
        self,
        history: Sequence[AdoptionRecord],
        practices: Mapping[str, PracticeInfo],
        context: Mapping[str, ContextLike] | None = None,
    ) -> Any: ...

    def rank(
        self,
        practice: str,
        topic: str | None,
        adopters_before: Mapping[str, int],
        candidates: Sequence[str],
        year: int,
        history: Sequence[AdoptionRecord] | None = None,
    ) -> list[Prediction]: ...


@dataclass
class EvaluationResult:
    """Per-event scores of the engine and each baseline (same order as ``events``)."""

    events: list[DiffusionEvent]
    scores: dict[str, list[EventScore]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        def means(rows: list[EventScore]) -> dict[str, float]:
            aucs = [r.auc for r in rows if np.isfinite(r.auc)]
            return {
                "auc": float(np.mean(aucs)) if aucs else float("nan"),
                "hit5": float(np.mean([r.hit for r in rows])) if rows else float("nan"),
                "mrr": float(np.mean([r.rr for r in rows])) if rows else float("nan"),
            }

        return {
            "events": len(self.events),
            "engine": means(self.scores["engine"]),
            "baselines": {name: means(self.scores[name]) for name in BASELINES},
        }


def _as_practices(policies: Mapping[str, PracticeInfo] | Sequence[PracticeInfo]) -> dict[str, PracticeInfo]:
    if isinstance(policies, Mapping):
        return dict(policies)
    return {p.practice: p for p in policies}


def evaluate_detailed(
    adoptions: Sequence[AdoptionRecord],
    policies: Mapping[str, PracticeInfo] | Sequence[PracticeInfo],
    history: Sequence[AdoptionRecord],
    context: Mapping[str, ContextLike] | None = None,
    engine_factory: Callable[[], RankingEngine] = DiffusionEngine,
    progress: ProgressReporter | None = None,
) -> EvaluationResult:
    """Run the protocol and keep every event's scores (see :func:`evaluate`)."""
    progress = progress or SilentProgress()
    practices = _as_practices(policies)
    contexts = as_government_contexts(context)
    universe = sorted({r.government for r in adoptions} | {r.government for r in history})
    events = protocol_events(adoptions, universe)
    progress.start("fitting the engine on the history", None)
    engine = engine_factory()
    engine.fit(history, practices, contexts)
    progress.finish()
    combined = list(history) + list(adoptions)
    neighbours = NeighbourBaseline(universe, contexts)
    innovativeness = InnovativenessBaseline(universe, history)
    result = EvaluationResult(events, {name: [] for name in ("engine", *BASELINES)})
    progress.start("ranking held-out events", len(events))
    for event in events:
        positive = np.array([g in event.adopters_now for g in event.candidates])
        info = practices.get(event.practice)
        ranked = engine.rank(
            event.practice,
            info.topic if info else None,
            event.adopters_before,
            event.candidates,
            event.year,
            history=combined,
            **({"explain": False} if isinstance(engine, DiffusionEngine) else {}),
        )
        by_name = {p.government: p.score for p in ranked}
        engine_scores = np.array([by_name.get(g, -np.inf) for g in event.candidates])
        result.scores["engine"].append(score_event(engine_scores, positive))
        result.scores["random"].append(random_expectation(len(event.candidates), int(positive.sum())))
        result.scores["neighbours"].append(
            score_event(neighbours.scores(list(event.adopters_before), event.candidates), positive)
        )
        result.scores["innovativeness"].append(
            score_event(innovativeness.scores(event.year, event.candidates, exclude=event.practice), positive)
        )
        progress.advance()
    progress.finish()
    return result


def evaluate(
    adoptions: Sequence[AdoptionRecord],
    policies: Mapping[str, PracticeInfo] | Sequence[PracticeInfo],
    history: Sequence[AdoptionRecord],
    context: Mapping[str, ContextLike] | None = None,
    engine_factory: Callable[[], RankingEngine] = DiffusionEngine,
    progress: ProgressReporter | None = None,
) -> dict[str, Any]:
    """Score the engine and the baselines on the practices in ``adoptions``, learning from ``history``.

    Events: every practice of ``adoptions`` with 5+ adopters first adopted in 1900 or later, at each
    year after its first adoption (through its last) in which someone adopts. Candidates: every
    government named in ``adoptions`` or ``history`` that had not adopted before that year. Only
    adoptions dated before the year (of any practice) inform the ranking. Metrics are means over
    events: AUC (ties count half; events where every candidate adopts are left out of the AUC
    mean), hit@5 and MRR of the best-ranked adopter, with ties broken uniformly at random *in
    expectation*. The random baseline is the analytic expectation of a uniformly random ranking.

    Returns ``{"events": N, "engine": {"auc", "hit5", "mrr"}, "baselines": {"random", "neighbours",
    "innovativeness"}}``.
    """
    return evaluate_detailed(adoptions, policies, history, context, engine_factory, progress).summary()
