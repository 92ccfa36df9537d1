"""Actors: the governments, missions, networks, organisations and agreements of city diplomacy."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.errors import Problem, ProblemCollector
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.records import Ownership

#: The longest text an actor's fields take (their columns' sizes), whatever form, API call or file sets them.
ACTOR_TEXT_LIMITS = {"name": 500, "subtype": 64, "subdivision_code": 8}
MAX_POPULATION = 10**10  # more than the world holds; larger figures overflow the column too


def check_actor_fields(problems: ProblemCollector, fields: Mapping[str, Any]) -> None:
    """The lengths and the population of an actor's fields, a draft's or an update's (fields not given pass)."""
    problems.check_lengths(ACTOR_TEXT_LIMITS, fields)
    population = fields.get("population")
    if isinstance(population, int) and population < 0:
        problems.add(Problem("a population cannot be negative", column="population"))
    elif isinstance(population, int) and population > MAX_POPULATION:
        problems.add(Problem(f"{population:,} is more people than live on Earth", column="population"))


@dataclass(frozen=True)
class Identifier:
    scheme: str
    value: str


@dataclass(frozen=True, kw_only=True)
class Actor(Ownership):
    id: uuid.UUID
    kind: ActorKind
    name: str
    subtype: str | None = None
    country_code: str | None = None
    subdivision_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    parent_id: uuid.UUID | None = None
    resolved: bool = True
    attributes: dict[str, Any] = field(default_factory=dict)
    other_names: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def identifier(self, scheme: str) -> str | None:
        for ident in self.identifiers:
            if ident.scheme == scheme:
                return ident.value
        return None


@dataclass(frozen=True, kw_only=True)
class ActorSummary:
    """The few fields a list, a graph node or a search hit needs."""

    id: uuid.UUID
    kind: ActorKind
    name: str
    country_code: str | None
    subdivision_code: str | None = None
    population: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    visibility: Visibility = Visibility.PUBLIC
    resolved: bool = True


@dataclass(frozen=True, kw_only=True)
class ActorDraft:
    """An actor about to be created (by a form, an API call or an import row)."""

    kind: ActorKind
    name: str
    id: uuid.UUID | None = None
    subtype: str | None = None
    country_code: str | None = None
    subdivision_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    parent_id: uuid.UUID | None = None
    resolved: bool = True
    attributes: dict[str, Any] = field(default_factory=dict)
    other_names: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    visibility: Visibility = Visibility.PRIVATE
