"""Actors: the governments, missions, networks, organisations and agreements of city diplomacy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.records import Ownership


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
