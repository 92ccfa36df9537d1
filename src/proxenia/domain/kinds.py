"""Enumerations of the registry: actor kinds, sharing levels, tie statuses.

Kinds and levels are closed sets fixed by the product; tie *types* are data (see ``ties.TieType``).
"""

from __future__ import annotations

from enum import StrEnum


class ActorKind(StrEnum):
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"
    MISSION = "mission"
    NETWORK = "network"
    ORGANISATION = "organisation"
    MULTILATERAL = "multilateral"
    AGREEMENT = "agreement"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def is_subnational(self) -> bool:
        """Cities and regions: the governments below national level."""
        return self in (ActorKind.CITY, ActorKind.REGION)


_KIND_LABELS = {
    ActorKind.CITY: "City",
    ActorKind.REGION: "Region / state",
    ActorKind.COUNTRY: "Country (national government)",
    ActorKind.MISSION: "Diplomatic mission",
    ActorKind.NETWORK: "City network",
    ActorKind.ORGANISATION: "Organisation",
    ActorKind.MULTILATERAL: "Multilateral body",
    ActorKind.AGREEMENT: "Agreement",
}

#: Optional finer kinds, kept in ``Actor.subtype``.
SUBTYPES: dict[ActorKind, tuple[str, ...]] = {
    ActorKind.MISSION: ("embassy", "consulate", "trade_office"),
    ActorKind.ORGANISATION: ("university", "diaspora_group", "chamber", "ngo", "company", "foundation"),
    ActorKind.REGION: ("state", "province", "county", "department", "district", "group_of_municipalities"),
}


class Visibility(StrEnum):
    """Who may read a record, from the narrowest to the widest audience."""

    PRIVATE = "private"
    PARTNERS = "partners"
    FEDERATION = "federation"
    PUBLIC = "public"

    @property
    def tlp(self) -> str:
        """The Traffic Light Protocol 2.0 label government users know."""
        return _TLP[self]

    @property
    def css(self) -> str:
        return "tlp-" + _TLP[self].removeprefix("TLP:").lower().replace("+", "-")

    @property
    def rank(self) -> int:
        return list(Visibility).index(self)


_TLP = {
    Visibility.PUBLIC: "TLP:CLEAR",
    Visibility.FEDERATION: "TLP:GREEN",
    Visibility.PARTNERS: "TLP:AMBER",
    Visibility.PRIVATE: "TLP:AMBER+STRICT",
}


class TieStatus(StrEnum):
    ACTIVE = "active"
    DORMANT = "dormant"
    ENDED = "ended"


class Role(StrEnum):
    """A user's role inside its tenant."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def can_edit(self) -> bool:
        return self in (Role.EDITOR, Role.ADMIN)
