"""Every list of the office dashboard as a table: the same rows serve the CSV downloads, so what a panel
shows and what is exported never differ."""

from __future__ import annotations

from typing import Any

from proxenia.domain.help_requests import HelpRequest
from proxenia.domain.ties import TieView
from proxenia.services.office_dashboard import OfficeDashboard

Table = tuple[list[str], list[list[Any]]]
#: section -> title; each is a CSV download at /dashboard/<section>.csv
SECTIONS: dict[str, str] = {
    "dormant-ties": "Dormant ties",
    "follow-ups": "Open follow-ups",
    "own-requests": "Your requests for help awaiting an answer",
    "open-requests": "Open requests from others you could answer",
    "recommended-practices": "Recommended practices for your open challenges",
}


def _requests(items: list[HelpRequest]) -> Table:
    return (
        ["request_id", "title", "asker", "asker_country", "policy_area", "needed_by", "responses", "sharing"],
        [[r.id, r.title, r.asker.name, r.asker.country_code or "", r.policy_area or "", r.needed_by or "",
          r.response_count, r.visibility.tlp] for r in items],
    )


def dashboard_table(board: OfficeDashboard, section: str) -> Table:
    """The header and rows of one section (a ``KeyError`` for an unknown one)."""
    if section == "dormant-ties":
        return (
            ["tie", "detail", "suggested_action", "tie_id"],
            [[f.title, f.detail, f.suggested_action, f.subject.id if f.subject else ""] for f in board.dormant],
        )
    if section == "follow-ups":
        return (
            ["due_date", "overdue", "action", "owner", "engagement", "engagement_id"],
            [[f.due_date or "", "yes" if f.overdue else "", f.action, f.owner or "", f.engagement_title,
              f.engagement_id] for f in board.follow_ups],
        )
    if section == "own-requests":
        return _requests(board.own_requests.items)
    if section == "open-requests":
        return _requests(board.open_requests.items)
    if section == "recommended-practices":
        return (
            ["request", "practice", "practice_id", "originator", "score", "why"],
            [[c.request.title, p.practice.title, p.practice.id,
              p.practice.originator.name if p.practice.originator else "", round(p.score, 3),
              "; ".join(str(f) for f in p.factors)]
             for c in board.recommendations for p in c.practices],
        )
    raise KeyError(section)


def ties_table(views: list[TieView]) -> Table:
    return (
        ["tie", "other", "other_country", "other_id", "status", "start_date", "end_date", "rationale", "sharing"],
        [[v.label, v.other.name, v.other.country_code or "", v.other.id, v.tie.status.value, v.tie.start_date or "",
          v.tie.end_date or "", v.tie.rationale or "", v.tie.visibility.tlp] for v in views],
    )
