"""Plain value types the diffusion engine takes and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class AdoptionRecord:
    """A government adopted a practice (policy) in a year."""

    government: str
    practice: str
    year: int


@dataclass(frozen=True)
class PracticeInfo:
    """What a practice is: a short description and, when known, its policy topic."""

    practice: str
    description: str = ""
    topic: str | None = None


@runtime_checkable
class ContextLike(Protocol):
    """Anything with a centre and a population (a GovernmentContext, an interop Admin1Aggregate...)."""

    @property
    def latitude(self) -> float: ...

    @property
    def longitude(self) -> float: ...

    @property
    def population(self) -> float: ...


@dataclass(frozen=True)
class GovernmentContext:
    """Where a government is and how big it is; region and income group are optional labels."""

    name: str
    latitude: float
    longitude: float
    population: float
    region: str | None = None
    income_group: str | None = None


def as_government_contexts(contexts: Mapping[str, ContextLike] | None) -> dict[str, GovernmentContext]:
    """Normalise a name -> context-like mapping (e.g. ``interop.regions.us_state_contexts()``)."""
    if not contexts:
        return {}
    result: dict[str, GovernmentContext] = {}
    for name, ctx in contexts.items():
        if isinstance(ctx, GovernmentContext):
            result[name] = ctx
        else:
            result[name] = GovernmentContext(
                name=name,
                latitude=float(ctx.latitude),
                longitude=float(ctx.longitude),
                population=float(ctx.population),
                region=getattr(ctx, "region", None),
                income_group=getattr(ctx, "income_group", None),
            )
    return result


@dataclass(frozen=True)
class Factor:
    """One reason behind a score. ``contribution`` is in log-odds relative to the average government that
    has not adopted yet, so within one ranking the contributions of a prediction add up to its
    log-odds minus a common baseline: a higher sum always means a higher score."""

    name: str
    label: str
    value: float
    contribution: float


@dataclass(frozen=True)
class Prediction:
    """A candidate government, its probability of adopting in the year asked about, and why."""

    government: str
    score: float
    factors: list[Factor] = field(default_factory=list)


@dataclass(frozen=True)
class FeatureWeight:
    """A learned weight for display: ``weight`` multiplies the standardised feature (main effect);
    ``importance`` is the spread (standard deviation, log-odds) of the feature's whole contribution
    over the training candidates, so features can be compared."""

    name: str
    label: str
    weight: float
    importance: float
