"""``proxenia engine evaluate``: replay a diffusion data set of SPID's shape against the engine.

A holds the practices to predict, H the training history (other practices' adoptions), P the
practices' descriptions and topics. The universe is every government named in A and H; US states
get their context (centre, population) from the GeoNames tables, other names none (their geographic
features are then neutral, never an error).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from proxenia.analytics.diffusion import (
    DiffusionDataError,
    evaluate_detailed,
    practice_bootstrap,
    protocol_events,
    read_adoptions,
    read_practices,
)
from proxenia.domain.errors import InvalidInput, Problem
from proxenia.domain.progress import ProgressReporter
from proxenia.interop.regions import us_state_contexts

METRICS = ("auc", "hit5", "mrr")


def _finite(summary: dict[str, Any]) -> dict[str, Any]:
    """NaN (no event had both adopters and non-adopters) becomes None, so the JSON stays valid."""

    def clean(m: dict[str, float]) -> dict[str, float | None]:
        return {k: (None if not math.isfinite(float(m[k])) else round(float(m[k]), 4)) for k in METRICS}

    return {
        "events": int(summary["events"]),
        "engine": clean(summary["engine"]),
        "baselines": {name: clean(m) for name, m in summary["baselines"].items()},
    }


def evaluate_files(
    adoptions: Path,
    policies: Path,
    history: Path,
    progress: ProgressReporter | None = None,
    *,
    intervals: bool = False,
) -> dict[str, Any]:
    """Run the evaluation protocol on three CSV files; bad files raise ``InvalidInput`` (file, row, column).

    Returns ``{"events": N, "engine": {"auc", "hit5", "mrr"}, "baselines": {"random", "neighbours",
    "innovativeness"}}``; with ``intervals``, also ``"intervals"``: 95 % bootstrap intervals over the
    practices of every figure and of the engine's lead over each baseline (see ``practice_bootstrap``).
    """
    held = read_adoptions(adoptions)
    practices = read_practices(policies)
    past = read_adoptions(history)
    universe = sorted({r.government for r in held} | {r.government for r in past})
    if not protocol_events(held, universe):
        raise DiffusionDataError(
            "no practice to predict: none has 5+ adopters with a first adoption in 1900 or later", path=str(adoptions)
        )
    contexts = {name: ctx for name, ctx in us_state_contexts().items() if name in set(universe)}
    try:
        result = evaluate_detailed(held, practices, past, contexts, progress=progress)
    except ValueError as exc:  # nothing in H to learn from
        raise InvalidInput(Problem(str(exc), file=str(history))) from None
    summary = _finite(result.summary())
    if intervals:
        summary["intervals"] = practice_bootstrap(result)
    return summary
