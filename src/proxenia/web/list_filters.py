"""The filters of the list pages, read from the query string once so that a list page and its download
show the same records (the page's address, with ``.csv`` added, downloads what the page lists)."""

from __future__ import annotations

import datetime as dt
import uuid

from proxenia.domain.engagements import EngagementFilter, EngagementKind
from proxenia.domain.errors import InvalidInput, Problem
from proxenia.domain.help_requests import RequestStatus
from proxenia.domain.policy_areas import POLICY_AREAS
from proxenia.domain.practices import EvidenceLevel, PracticeFilter, PracticeStatus
from proxenia.domain.viewer import Viewer


def day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise InvalidInput(Problem(f"'{text}' is not a date (YYYY-MM-DD)", column="date")) from None


def engagement_filter(
    viewer: Viewer,
    q: str | None,
    kind: str | None,
    department: str | None,
    date_from: str | None,
    date_to: str | None,
    follow_ups: bool,
) -> EngagementFilter:
    """The engagement log's filter: the viewer's own organisation's engagements (every public one when
    signed out), by title, kind, department, dates and open follow-ups."""
    try:
        kind_value = EngagementKind(kind) if kind else None
        department_id = uuid.UUID(department) if department else None
    except ValueError:
        raise InvalidInput(Problem("is not a valid choice", column="kind" if kind else "department")) from None
    return EngagementFilter(tenant_id=viewer.tenant_id, department_id=department_id, kind=kind_value, text=q,
                            date_from=day(date_from), date_to=day(date_to), open_follow_ups=follow_ups)


def practice_filter(q: str, area: str, evidence: str, status: str, source: str, country: str) -> PracticeFilter:
    """The practice library's filter: published practices unless another status (or ``any``) is asked for."""
    if area and area not in {a.code for a in POLICY_AREAS}:
        raise InvalidInput(Problem(f"unknown policy area '{area}'", column="area"))
    statuses: tuple[PracticeStatus, ...] = (PracticeStatus.PUBLISHED,)
    try:
        if status == "any":
            statuses = ()
        elif status:
            statuses = (PracticeStatus(status),)
        levels = (EvidenceLevel(evidence),) if evidence else ()
    except ValueError:
        raise InvalidInput(Problem("is not a valid choice", column="status" if status else "evidence")) from None
    return PracticeFilter(query=q, policy_areas=(area,) if area else (), statuses=statuses, evidence_levels=levels,
                          country_code=country or None, source=source or None)


def request_statuses(status: str) -> tuple[RequestStatus, ...]:
    try:
        return (RequestStatus(status),) if status else ()
    except ValueError:
        raise InvalidInput(Problem(f"unknown status '{status}'", column="status")) from None
