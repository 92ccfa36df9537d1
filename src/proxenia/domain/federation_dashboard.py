"""The office's dashboard: what the members shared, aggregated — engagement by foreign country, the
subnational channels with each country and their strength, pledges and the practices linked to them,
alignment with the office's published priorities, and the hubs of the federation's network."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from proxenia.domain.actors import ActorSummary

#: Engagements within this many days count as recent for a channel's strength.
RECENT_DAYS = 730


@dataclass
class CountryEngagement:
    country_code: str
    engagements: int = 0
    members: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_year: dict[int, int] = field(default_factory=dict)
    flagged: bool = False


@dataclass
class ChannelCountry:
    """The subnational channels of the members with one foreign country."""

    country_code: str
    ties: int = 0
    members: int = 0
    partners: int = 0
    recent_engagements: int = 0
    flagged: bool = False
    flag_note: str = ""

    @property
    def strength(self) -> int:
        """Ties plus recent engagements: how many live threads hold the channel open."""
        return self.ties + self.recent_engagements


@dataclass(frozen=True)
class Channel:
    """One member's tie(s) with one foreign subnational government."""

    member_name: str
    member_tenant_id: uuid.UUID
    partner: ActorSummary
    tie_types: tuple[str, ...]
    since: str | None
    recent_engagements: int = 0
    last_engagement: dt.date | None = None


@dataclass(frozen=True)
class PledgeRow:
    member_name: str
    agreement_id: uuid.UUID
    agreement_name: str
    since: str | None
    tie_id: uuid.UUID | None
    practices: tuple[tuple[uuid.UUID, str], ...] = ()


@dataclass(frozen=True)
class AlignmentRow:
    goal_id: uuid.UUID
    label: str
    engagements: int
    members: int
    ties: int


@dataclass(frozen=True)
class Hub:
    actor: ActorSummary
    degree: int
    degree_centrality: float
    betweenness: float
    is_member: bool
    member_ties: int


@dataclass(frozen=True)
class NetworkNode:
    actor: ActorSummary
    is_member: bool
    betweenness: float = 0.0  # 0 for members outside the hubs list


@dataclass(frozen=True)
class FederationNetwork:
    """The members and the hubs of a federation's network, with the ties among them (for the graph)."""

    nodes: list[NetworkNode]
    edges: list[tuple[uuid.UUID, uuid.UUID]]
    truncated: bool = False


@dataclass(frozen=True)
class DashboardWindow:
    date_from: dt.date
    date_to: dt.date


@dataclass
class FederationDashboard:
    federation_name: str
    window: DashboardWindow
    members: int
    engagements: int
    countries: list[CountryEngagement] = field(default_factory=list)
    channels: list[ChannelCountry] = field(default_factory=list)
    pledges: list[PledgeRow] = field(default_factory=list)
    alignment: list[AlignmentRow] = field(default_factory=list)
    aligned_engagements: int = 0
    hubs: list[Hub] = field(default_factory=list)
    hubs_note: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted({y for c in self.countries for y in c.by_year})

    @property
    def aligned_share(self) -> float:
        return self.aligned_engagements / self.engagements if self.engagements else 0.0
