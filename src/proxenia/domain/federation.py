"""Federations: a national office (or a network secretariat) and its member governments.

Membership is by invitation and acceptance; a member may decline or leave. While active, a member's
records shared at the federation level (TLP:GREEN) reach the office and the other members; nothing
narrower ever does. The office may flag countries whose national relations it judges strained: there
city-to-city channels keep a relationship open. A flag is the office's own judgement, not reference data.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from enum import StrEnum

from proxenia.domain.kinds import Visibility
from proxenia.domain.records import Ownership

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
FEDERATION_TEXT_LIMITS = {"name": 300}
FLAG_TEXT_LIMITS = {"note": 2000}
#: The note of a message from the office: a reminder of a campaign, a routing to a mission.
MESSAGE_TEXT_LIMITS = {"note": 4000}


class MembershipStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DECLINED = "declined"
    LEFT = "left"

    @property
    def label(self) -> str:
        return {"invited": "Invited", "active": "Active member", "declined": "Declined", "left": "Left"}[self.value]


class MembershipAction(StrEnum):
    """What a member (or an invited government) does with its membership."""

    ACCEPT = "accept"
    DECLINE = "decline"
    LEAVE = "leave"


#: action -> (statuses it may start from, status it leads to)
MEMBERSHIP_MOVES: dict[MembershipAction, tuple[frozenset[MembershipStatus], MembershipStatus]] = {
    MembershipAction.ACCEPT: (frozenset({MembershipStatus.INVITED}), MembershipStatus.ACTIVE),
    MembershipAction.DECLINE: (frozenset({MembershipStatus.INVITED}), MembershipStatus.DECLINED),
    MembershipAction.LEAVE: (frozenset({MembershipStatus.ACTIVE, MembershipStatus.INVITED}), MembershipStatus.LEFT),
}
#: Statuses from which the office may invite again (a government that declined or left may come back).
REINVITABLE = frozenset({MembershipStatus.DECLINED, MembershipStatus.LEFT})


def next_status(current: MembershipStatus | None, action: MembershipAction) -> MembershipStatus:
    """The status an action leads to, or ``ValueError`` in plain words."""
    allowed, target = MEMBERSHIP_MOVES[action]
    if current not in allowed:
        state = current.label.lower() if current else "not invited"
        raise ValueError(f"cannot {action.value} a membership that is {state}")
    return target


def check_slug(slug: str) -> str | None:
    """A problem with a federation slug, or None."""
    if not _SLUG.match(slug):
        return "use 3 to 64 lower-case letters, digits and hyphens"
    return None


@dataclass(frozen=True)
class FederationView:
    id: uuid.UUID
    slug: str
    name: str
    office_tenant_id: uuid.UUID
    office_name: str
    description: str | None = None


@dataclass(frozen=True)
class MemberView:
    """One government in a federation, as the office and the members see it."""

    tenant_id: uuid.UUID
    slug: str
    name: str
    status: MembershipStatus
    actor_id: uuid.UUID | None
    actor_name: str | None
    country_code: str | None
    updated_at: dt.datetime | None
    is_office: bool = False


@dataclass(frozen=True)
class FederationDetail:
    federation: FederationView
    members: list[MemberView]
    my_status: MembershipStatus | None
    is_office: bool

    @property
    def active(self) -> list[MemberView]:
        return [m for m in self.members if m.status is MembershipStatus.ACTIVE and not m.is_office]


@dataclass(frozen=True, kw_only=True)
class CountryFlag(Ownership):
    """The office's judgement that national relations with a country are strained."""

    id: uuid.UUID
    federation_id: uuid.UUID
    country_code: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CountryFlagDraft:
    country_code: str
    note: str = ""
    visibility: Visibility = Visibility.PRIVATE


class MessageKind(StrEnum):
    """Messages from the office to one member, shown in the member's inbox and kept in the audit trail."""

    REMINDER = "reminder"
    ROUTING = "routing"

    @property
    def label(self) -> str:
        return {"reminder": "Reminder", "routing": "Routed to a mission"}[self.value]


class RoutingSubject(StrEnum):
    """What an office can route to a mission: a member's engagement or its request for help."""

    ENGAGEMENT = "engagement"
    REQUEST = "request"


@dataclass(frozen=True, kw_only=True)
class FederationMessage(Ownership):
    """Owned by the office and addressed to one member: readable by the two of them (and per its sharing
    level, private by default)."""

    id: uuid.UUID
    federation_id: uuid.UUID
    addressee_tenant_id: uuid.UUID
    kind: MessageKind
    subject: str
    body: str = ""
    campaign_id: uuid.UUID | None = None
    mission_id: uuid.UUID | None = None
    subject_kind: RoutingSubject | None = None
    subject_id: uuid.UUID | None = None
    sent_by: str | None = None
