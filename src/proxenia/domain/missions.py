"""Missions and the locales they serve: embassies, consulates and trade offices are actors of kind
``mission``; a ``serves`` tie links a mission to each place of its district (a city, a state, a whole
country). A mission belongs to the country it represents (its parent actor is that country)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from proxenia.domain.actors import ActorSummary
from proxenia.domain.countries import is_country_code
from proxenia.domain.errors import Problem, ProblemCollector
from proxenia.domain.kinds import SUBTYPES, ActorKind, Visibility

MISSION_SUBTYPES = SUBTYPES[ActorKind.MISSION]
MISSION_TEXT_LIMITS = {"name": 500, "source_ref": 2000, "note": 2000}
#: Attribute marking an example entered by an office to show the feature (never reference data).
ILLUSTRATIVE = "illustrative"


@dataclass(frozen=True, kw_only=True)
class MissionDraft:
    name: str
    subtype: str
    sending_country: str
    host_country: str
    serves: tuple[uuid.UUID, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    source_ref: str | None = None
    note: str | None = None
    illustrative: bool = False
    visibility: Visibility = Visibility.PRIVATE


@dataclass(frozen=True)
class MissionView:
    mission: ActorSummary
    subtype: str | None
    sending_country: str | None
    locales: tuple[ActorSummary, ...]
    illustrative: bool = False
    source_ref: str | None = None


@dataclass(frozen=True)
class PartnerMissions:
    """A foreign partner of a government and the missions of the government's own country serving it."""

    partner: ActorSummary
    tie_label: str
    missions: tuple[MissionView, ...]


@dataclass(frozen=True)
class LocaleMissions:
    """For one government: the foreign missions serving it, and its own country's missions serving its
    foreign partners."""

    actor: ActorSummary
    serving: tuple[MissionView, ...]
    partners: tuple[PartnerMissions, ...]


def check_mission(draft: MissionDraft) -> list[Problem]:
    problems = []
    if not draft.name.strip():
        problems.append(Problem("is required", column="name"))
    if draft.subtype not in MISSION_SUBTYPES:
        problems.append(Problem(f"is one of {', '.join(MISSION_SUBTYPES)}", column="subtype"))
    for column in ("sending_country", "host_country"):
        if not is_country_code(getattr(draft, column) or ""):
            problems.append(Problem("is an ISO 3166-1 alpha-2 code", column=column))
    if not draft.serves:
        problems.append(Problem("name at least one place the mission serves", column="serves"))
    lengths = ProblemCollector()
    lengths.check_lengths(MISSION_TEXT_LIMITS, vars(draft))
    return problems + lengths.problems
