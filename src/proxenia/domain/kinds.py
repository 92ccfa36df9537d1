"""Enumerations of the registry: actor kinds, sharing levels, tie statuses; and of the organisations using
an installation (tenants): their kinds, slugs and users' roles.

Kinds and levels are closed sets fixed by the product; tie *types* are data (see ``ties.TieType``).
"""

from __future__ import annotations

import re
from enum import StrEnum

from proxenia.domain.errors import Problem


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


#: What a tenant is. ``reference`` is the installation's own tenant (it owns the reference data): there is one.
TENANT_KINDS = ("government", "network", "national_office", "reference", "organisation")
REFERENCE_KIND = "reference"
_CREATABLE = ", ".join(k for k in TENANT_KINDS if k != REFERENCE_KIND)
#: A tenant's slug names it on the command line (``--tenant los-angeles``) and in addresses
#: (``/api/v1/sharing/partners/los-angeles``): lower-case letters, digits and inner hyphens.
_TENANT_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


def tenant_problems(slug: str, name: str, kind: str) -> list[Problem]:
    """Every problem of a new tenant, each naming its field (the store adds: the slug is not taken)."""
    problems = []
    if not _TENANT_SLUG.fullmatch(slug):  # (``$`` would let a final newline through)
        problems.append(Problem(f"'{slug}' is not a slug: use up to 64 lower-case letters, digits and hyphens, "
                                "starting and ending with a letter or digit (e.g. los-angeles)", column="slug"))
    if not name.strip():
        problems.append(Problem("is required", column="name"))
    elif len(name) > 300:
        problems.append(Problem("is longer than 300 characters", column="name"))
    if kind == REFERENCE_KIND:
        problems.append(Problem("the reference tenant is the installation's own and exists already; choose "
                                f"another kind ({_CREATABLE})", column="kind"))
    elif kind not in TENANT_KINDS:
        problems.append(Problem(f"unknown kind '{kind}' (known: {_CREATABLE})", column="kind"))
    return problems
