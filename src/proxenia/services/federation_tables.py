"""Every chart of the office's dashboard as a table: the same rows serve the page's table view, the CSV
download and the command line, so what a chart shows and what is exported never differ."""

from __future__ import annotations

from typing import Any

from proxenia.domain.countries import country_name
from proxenia.domain.engagements import EngagementKind
from proxenia.domain.federation_dashboard import FederationDashboard
from proxenia.services.federation_dashboard import ChannelDetail

Table = tuple[list[str], list[list[Any]]]
SECTIONS: dict[str, str] = {
    "countries": "Engagement by foreign country",
    "trend": "Engagements per year and country",
    "kinds": "Engagements per kind and country",
    "channels": "Subnational channels by country",
    "pledges": "Pledges and the practices linked to them",
    "alignment": "Alignment with the office's priorities",
    "hubs": "Hubs of the federation's network",
}


def _kind_label(code: str) -> str:
    try:
        return EngagementKind(code).label
    except ValueError:
        return code


def dashboard_table(board: FederationDashboard, section: str) -> Table:
    """The header and rows of one section (a ``KeyError`` for an unknown one)."""
    if section == "countries":
        return (
            ["country", "country_name", "engagements", "members", "flagged_strained"],
            [[c.country_code, country_name(c.country_code), c.engagements, c.members, "yes" if c.flagged else ""]
             for c in board.countries],
        )
    if section == "trend":
        years = board.years
        return (
            ["country", "country_name", *[str(y) for y in years]],
            [[c.country_code, country_name(c.country_code), *[c.by_year.get(y, 0) for y in years]]
             for c in board.countries],
        )
    if section == "kinds":
        kinds = sorted({k for c in board.countries for k in c.by_kind})
        return (
            ["country", "country_name", *[_kind_label(k) for k in kinds]],
            [[c.country_code, country_name(c.country_code), *[c.by_kind.get(k, 0) for k in kinds]]
             for c in board.countries],
        )
    if section == "channels":
        return (
            ["country", "country_name", "ties", "members", "partners", "recent_engagements", "strength",
             "flagged_strained", "office_note"],
            [[c.country_code, country_name(c.country_code), c.ties, c.members, c.partners, c.recent_engagements,
              c.strength, "yes" if c.flagged else "", c.flag_note] for c in board.channels],
        )
    if section == "pledges":
        return (
            ["member", "agreement", "since", "practices"],
            [[p.member_name, p.agreement_name, p.since or "", "; ".join(t for _, t in p.practices)]
             for p in board.pledges],
        )
    if section == "alignment":
        return (
            ["priority", "engagements", "members", "ties_aligned"],
            [[a.label, a.engagements, a.members, a.ties] for a in board.alignment],
        )
    if section == "hubs":
        return (
            ["actor", "country", "kind", "member", "members_tied", "ties", "degree_centrality", "betweenness"],
            [[h.actor.name, h.actor.country_code or "", h.actor.kind.value, "yes" if h.is_member else "",
              h.member_ties, h.degree, h.degree_centrality, h.betweenness] for h in board.hubs],
        )
    raise KeyError(section)


def channels_table(detail: ChannelDetail) -> Table:
    return (
        ["member", "partner", "partner_country", "tie_types", "since", "recent_engagements", "last_engagement"],
        [[c.member_name, c.partner.name, c.partner.country_code or "", "; ".join(c.tie_types), c.since or "",
          c.recent_engagements, c.last_engagement.isoformat() if c.last_engagement else ""]
         for c in detail.channels],
    )
