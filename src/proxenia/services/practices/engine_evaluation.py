"""``proxenia engine evaluate``: replay a diffusion data set of SPID's shape against the engine.

A holds the practices to predict, H the training history (other practices' adoptions), P the
practices' descriptions and topics. The universe is every government named in A and H; US states
get their context (centre, population) from the GeoNames tables, other names none (their geographic
features are then neutral, never an error).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from proxenia.analytics.diffusion import (
    AdoptionRecord,
    DiffusionDataError,
    evaluate_detailed,
    practice_bootstrap,
    protocol_events,
    read_adoptions,
    read_practices,
)
from proxenia.domain.errors import InvalidInput, Problem
from proxenia.domain.names import fold
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
    notes: list[str] | None = None,
) -> dict[str, Any]:
    """Run the evaluation protocol on three CSV files; bad files raise ``InvalidInput`` (file, row, column).

    Returns ``{"events": N, "engine": {"auc", "hit5", "mrr"}, "baselines": {"random", "neighbours",
    "innovativeness"}}``; with ``intervals``, also ``"intervals"``: 95 % bootstrap intervals over the
    practices of every figure and of the engine's lead over each baseline (see ``practice_bootstrap``).
    ``notes``: what the reading changed or could not use (names merged, practices without a description).
    """
    notes = notes if notes is not None else []
    held = read_adoptions(adoptions)
    practices = read_practices(policies)
    past = read_adoptions(history)
    states = us_state_contexts()
    (held, past), merged = one_spelling_each([held, past], states)
    for spellings, name in merged[:5]:
        notes.append(f"{' / '.join(repr(s) for s in spellings)} taken as one government, {name!r}")
    if len(merged) > 5:
        notes.append(f"… and {len(merged) - 5} more governments spelled in several ways")
    predicted = {r.practice for r in held}
    both = sorted(predicted & {r.practice for r in past})
    if both:  # learning from the very practices it predicts would flatter the engine
        past = [r for r in past if r.practice not in predicted]
        notes.append(f"{len(both)} practice(s) of {adoptions.name} also in {history.name}, e.g. {both[0]!r}: "
                     f"left out of the history (it holds the other practices' adoptions)")
        if not past:
            raise InvalidInput(Problem(
                f"every practice of {history.name} is also in {adoptions.name}: left out of the history, they leave "
                f"nothing to learn from (the history holds the adoptions of other practices)", file=str(history)))
    undescribed = sorted(predicted - practices.keys())
    if undescribed:
        notes.append(f"{len(undescribed)} practice(s) of {adoptions.name} not described in {policies.name} "
                     f"(no topic for them), e.g. {undescribed[0]!r}")
    universe = sorted({r.government for r in held} | {r.government for r in past})
    if not protocol_events(held, universe):
        raise DiffusionDataError(
            "no practice to predict: none has 5+ adopters with a first adoption in 1900 or later", path=str(adoptions)
        )
    contexts = {name: ctx for name, ctx in states.items() if name in set(universe)}
    try:
        result = evaluate_detailed(held, practices, past, contexts, progress=progress)
    except ValueError as exc:  # nothing in H to learn from
        raise InvalidInput(Problem(str(exc), file=str(history))) from None
    summary = _finite(result.summary())
    if intervals:
        summary["intervals"] = practice_bootstrap(result)
    return summary


def one_spelling_each(
    record_sets: list[list[AdoptionRecord]], known: Iterable[str]
) -> tuple[list[list[AdoptionRecord]], list[tuple[list[str], str]]]:
    """The records with every government under one name: names that differ only in case, accents or spacing
    (``'new york'``, ``'New  York'``) are one government, named as the state tables name it, else as first
    met. Returns the records and, for each government spelled in several ways, (its spellings, the name)."""
    name = {fold(k): k for k in known}
    key_of: dict[str, str] = {}  # each spelling folded once
    spellings: dict[str, list[str]] = {}
    for records in record_sets:
        for government in dict.fromkeys(r.government for r in records):
            if government not in key_of:
                key = key_of[government] = fold(government)
                name.setdefault(key, government)
                spellings.setdefault(key, []).append(government)
    merged = [(spelt, name[key]) for key, spelt in spellings.items() if len(spelt) > 1 or spelt[0] != name[key]]
    if not merged:
        return record_sets, []
    renamed = [[r if r.government == name[key_of[r.government]] else
                dataclasses.replace(r, government=name[key_of[r.government]]) for r in records]
               for records in record_sets]
    return renamed, merged
