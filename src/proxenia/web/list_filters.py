"""The filters of the list pages, read from the query string once so that a list page and its download
show the same records (the page's address, with ``.csv`` added, downloads what the page lists)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import Depends, Query

from proxenia.domain.engagements import EngagementFilter, EngagementKind
from proxenia.domain.errors import InvalidInput, Problem
from proxenia.domain.help_requests import RequestStatus
from proxenia.domain.practices import EvidenceLevel, PracticeFilter, PracticeStatus
from proxenia.domain.viewer import Viewer


def day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise InvalidInput(Problem(f"'{text}' is not a date (YYYY-MM-DD)", column="date")) from None


class EngagementListQuery:
    """The engagement log's filters from the query string (a FastAPI dependency shared by the list page and
    its downloads): the viewer's own organisation's engagements (every public one when signed out), by
    title, kind, department, dates and open follow-ups."""

    def __init__(
        self,
        q: Annotated[str | None, Query(max_length=200)] = None,
        kind: Annotated[str | None, Query(max_length=32)] = None,
        department: Annotated[str | None, Query(max_length=40)] = None,
        date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
        date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
        follow_ups: bool = False,
    ) -> None:
        self.q, self.kind, self.department = q, kind, department
        self.date_from, self.date_to, self.follow_ups = date_from, date_to, follow_ups

    def filter(self, viewer: Viewer) -> EngagementFilter:
        try:
            kind_value = EngagementKind(self.kind) if self.kind else None
            department_id = uuid.UUID(self.department) if self.department else None
        except ValueError:
            raise InvalidInput(Problem("is not a valid choice", column="kind" if self.kind else "department")) from None
        return EngagementFilter(tenant_id=viewer.tenant_id, department_id=department_id, kind=kind_value,
                                text=self.q, date_from=day(self.date_from), date_to=day(self.date_to),
                                open_follow_ups=self.follow_ups)

    def params(self) -> dict[str, object]:
        """The query string again, for the page's links (pages, downloads)."""
        return {"q": self.q or "", "kind": self.kind or "", "department": self.department or "",
                "from": self.date_from or "", "to": self.date_to or "", "follow_ups": self.follow_ups}


EngagementQuery = Annotated[EngagementListQuery, Depends()]


def practice_filter(q: str, area: str, evidence: str, status: str, source: str, country: str) -> PracticeFilter:
    """The practice library's filter: published practices unless another status (or ``any``) is asked for."""
    # the policy area (and the country) are checked by the search itself, whichever interface asks
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


class PracticeListQuery:
    """The practice library's filters from the query string (a FastAPI dependency shared by the library page,
    its CSV and its GeoJSON): words, policy area, evidence, curation status, data set, country."""

    def __init__(
        self,
        q: Annotated[str, Query(max_length=500)] = "",
        area: Annotated[str, Query(max_length=64)] = "",
        evidence: Annotated[str, Query(max_length=32)] = "",
        status: Annotated[str, Query(max_length=16)] = "",
        source: Annotated[str, Query(max_length=32)] = "",
        country: Annotated[str, Query(max_length=2)] = "",
    ) -> None:
        self.q, self.area, self.evidence, self.status, self.source, self.country = (
            q, area, evidence, status, source, country
        )

    def filter(self) -> PracticeFilter:
        return practice_filter(self.q, self.area, self.evidence, self.status, self.source, self.country)

    def params(self) -> dict[str, str]:
        """The query string again, for the page's links (pages, downloads, the map's data)."""
        return {"q": self.q, "area": self.area, "evidence": self.evidence, "status": self.status,
                "source": self.source, "country": self.country}


PracticeQuery = Annotated[PracticeListQuery, Depends()]


def request_statuses(status: str) -> tuple[RequestStatus, ...]:
    try:
        return (RequestStatus(status),) if status else ()
    except ValueError:
        raise InvalidInput(Problem(f"unknown status '{status}'", column="status")) from None
