"""Ties between actors, typed by a vocabulary that is data, not code."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.actors import ActorSummary
from proxenia.domain.kinds import TieStatus, Visibility
from proxenia.domain.records import Ownership


@dataclass(frozen=True)
class TieType:
    code: str
    label: str
    inverse_label: str
    directed: bool
    description: str = ""

    def label_from(self, outgoing: bool) -> str:
        """The label read from one end: 'member of' outgoing, 'has member' incoming."""
        return self.label if outgoing or not self.directed else self.inverse_label


#: The vocabulary every installation starts with (tenants and admins may add more).
DEFAULT_TIE_TYPES: tuple[TieType, ...] = (
    TieType(
        "sister_city",
        "sister city of",
        "sister city of",
        False,
        "A formal twinning or sister-city agreement between two places.",
    ),
    TieType(
        "friendship_city",
        "friendship city of",
        "friendship city of",
        False,
        "A lighter, often time-limited friendship or cooperation agreement.",
    ),
    TieType(
        "network_membership",
        "member of",
        "has member",
        True,
        "Membership of a city network or association (W3C Organization Ontology's sense).",
    ),
    TieType(
        "mou",
        "memorandum of understanding with",
        "memorandum of understanding with",
        False,
        "A signed memorandum of understanding between the two actors.",
    ),
    TieType(
        "consular_presence",
        "has a consulate in",
        "hosts a consulate of",
        True,
        "A country's embassy or consulate present in a place.",
    ),
    TieType(
        "trade_office",
        "has a trade office in",
        "hosts a trade office of",
        True,
        "A trade or investment office of one actor in the other's territory.",
    ),
    TieType("partnership", "partner of", "partner of", False, "A project or programme partnership."),
    TieType(
        "pledge",
        "pledged to",
        "pledge of",
        True,
        "A pledge or commitment to an agreement (Paris Agreement, Covenant of Mayors, ...).",
    ),
    TieType("serves", "serves", "served by", True, "A mission serving a locale (its consular district)."),
)


@dataclass(frozen=True, kw_only=True)
class Tie(Ownership):
    id: uuid.UUID
    type_code: str
    source_id: uuid.UUID
    target_id: uuid.UUID
    status: TieStatus = TieStatus.ACTIVE
    start_date: str | None = None
    end_date: str | None = None
    rationale: str | None = None
    source_ref: str | None = None
    notes: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


#: The longest text a tie's fields take, whatever form, API call or file sets them.
TIE_TEXT_LIMITS = {"rationale": 10_000, "source_ref": 2000, "notes": 10_000}


@dataclass(frozen=True, kw_only=True)
class TieDraft:
    type_code: str
    source_id: uuid.UUID
    target_id: uuid.UUID
    id: uuid.UUID | None = None
    status: TieStatus = TieStatus.ACTIVE
    start_date: str | None = None
    end_date: str | None = None
    rationale: str | None = None
    source_ref: str | None = None
    notes: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    visibility: Visibility = Visibility.PRIVATE


@dataclass(frozen=True, kw_only=True)
class TieView:
    """A tie read from one actor's side: the other end and the label in that direction."""

    tie: Tie
    other: ActorSummary
    outgoing: bool
    label: str
