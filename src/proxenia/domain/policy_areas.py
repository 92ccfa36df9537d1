"""The vocabulary of policy areas a practice or a request for help belongs to.

Two schemes side by side: the areas city diplomacy practitioners name (public health, climate
mitigation, ...) and the major topics of the Policy Agendas Project (PAP), which the State Policy
Innovation and Diffusion database (SPID) uses. ``related`` aligns the two, so that a request about
public health also finds a state health policy (a partial match, said as such in explanations).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from proxenia.domain.errors import InvalidInput, Problem


@dataclass(frozen=True)
class PolicyArea:
    code: str
    label: str
    scheme: str  # "proxenia" or "pap"
    related: tuple[str, ...] = ()


_P = "proxenia"
_PAP = "pap"

POLICY_AREAS: tuple[PolicyArea, ...] = (
    PolicyArea("public_health", "Public health", _P, ("pap.health",)),
    PolicyArea("climate_mitigation", "Climate mitigation", _P, ("pap.environment", "pap.energy")),
    PolicyArea("climate_adaptation", "Climate adaptation", _P, ("pap.environment",)),
    PolicyArea("migration_inclusion", "Migration and inclusion", _P, ("pap.immigration", "pap.civil_rights")),
    PolicyArea("food_security", "Food security", _P, ("pap.agriculture",)),
    PolicyArea(
        "economic_development_trade",
        "Economic development and trade",
        _P,
        ("pap.macroeconomics", "pap.domestic_commerce", "pap.foreign_trade", "pap.labor"),
    ),
    PolicyArea("culture_major_events", "Culture and major events", _P, ("pap.culture",)),
    PolicyArea("safety_resilience", "Safety and resilience", _P, ("pap.law_and_crime", "pap.defense")),
    PolicyArea("mobility", "Mobility", _P, ("pap.transportation",)),
    PolicyArea("housing", "Housing", _P, ("pap.housing",)),
    PolicyArea("digital", "Digital", _P, ("pap.technology",)),
    PolicyArea("governance", "Governance", _P, ("pap.government_operations",)),
    # Policy Agendas Project major topics (the codebook's labels, as SPID writes them).
    PolicyArea("pap.macroeconomics", "Macroeconomics", _PAP),
    PolicyArea("pap.civil_rights", "Civil Rights", _PAP),
    PolicyArea("pap.health", "Health", _PAP),
    PolicyArea("pap.agriculture", "Agriculture", _PAP),
    PolicyArea("pap.labor", "Labor", _PAP),
    PolicyArea("pap.education", "Education", _PAP),
    PolicyArea("pap.environment", "Environment", _PAP),
    PolicyArea("pap.energy", "Energy", _PAP),
    PolicyArea("pap.immigration", "Immigration", _PAP),
    PolicyArea("pap.transportation", "Transportation", _PAP),
    PolicyArea("pap.law_and_crime", "Law and Crime", _PAP),
    PolicyArea("pap.social_welfare", "Social Welfare", _PAP),
    PolicyArea("pap.housing", "Housing", _PAP),
    PolicyArea("pap.domestic_commerce", "Domestic Commerce", _PAP),
    PolicyArea("pap.defense", "Defense", _PAP),
    PolicyArea("pap.technology", "Technology", _PAP),
    PolicyArea("pap.foreign_trade", "Foreign Trade", _PAP),
    PolicyArea("pap.international_affairs", "International Affairs", _PAP),
    PolicyArea("pap.government_operations", "Government Operations", _PAP),
    PolicyArea("pap.public_lands", "Public Lands", _PAP),
    PolicyArea("pap.culture", "Culture", _PAP),
)

BY_CODE = {a.code: a for a in POLICY_AREAS}


def area_label(code: str) -> str:
    area = BY_CODE.get(code)
    if area is None:
        return code
    return f"{area.label} (PAP)" if area.scheme == _PAP else area.label


def unknown_area(code: str, field: str) -> Problem:
    """The problem of a code that is not in the vocabulary, listing the codes that are."""
    return Problem(f"unknown policy area '{code}' (known: {', '.join(BY_CODE)})", column=field)


def area_codes(codes: Iterable[str], *, field: str = "area") -> tuple[str, ...]:
    """Policy area codes as the vocabulary writes them (trimmed, lower case, each once, blanks dropped);
    ``InvalidInput`` naming each unknown code and the codes accepted (the one check of the search filters,
    challenges and requests, whichever interface the codes come from)."""
    wanted = tuple(dict.fromkeys(c.strip().lower() for c in codes if c.strip()))
    unknown = [unknown_area(c, field) for c in wanted if c not in BY_CODE]
    if unknown:
        raise InvalidInput(unknown)
    return wanted


def pap_code(major_topic: str) -> str | None:
    """The vocabulary code of a PAP major topic as SPID writes it ('Law and Crime'), or None."""
    wanted = major_topic.strip().lower()
    for area in POLICY_AREAS:
        if area.scheme == _PAP and area.label.lower() == wanted:
            return area.code
    return None


def related_codes(code: str) -> set[str]:
    """Codes aligned with ``code`` in either direction (not including ``code`` itself)."""
    return set(_related(code))


@functools.cache
def _related(code: str) -> frozenset[str]:
    """``related_codes``, worked out once per code (the vocabulary above is a constant)."""
    out = set(BY_CODE[code].related) if code in BY_CODE else set()
    out.update(a.code for a in POLICY_AREAS if code in a.related)
    out.discard(code)
    return frozenset(out)


def area_match(wanted: set[str], have: set[str]) -> float:
    """1 when an area is shared, 0.5 when only aligned areas are shared, else 0."""
    if not wanted or not have:
        return 0.0
    if wanted & have:
        return 1.0
    aligned = frozenset().union(*(_related(c) for c in wanted))
    return 0.5 if aligned & have else 0.0
