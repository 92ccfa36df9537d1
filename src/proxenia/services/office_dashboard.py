"""The dashboard of a city or state office: its government's ties by status, the dormant ones (the portfolio's
diagnostic), open follow-ups (overdue first), requests for help awaiting an answer — its own and those of
others it could answer — and practices recommended for the challenges of its own open requests.

Every panel is read through the existing services and the store with the viewer, in a fixed number of
queries whatever the number of records (bounded lists, no per-row reads)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.actors import ActorSummary
from proxenia.domain.briefing import OpenFollowUp
from proxenia.domain.errors import InvalidInput, NotFound
from proxenia.domain.findings import Finding, FindingKind
from proxenia.domain.help_requests import HelpRequest, RequestStatus
from proxenia.domain.kinds import TieStatus
from proxenia.domain.paging import Page, PageRequest
from proxenia.domain.ties import TieView
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import tenant_of
from proxenia.services.portfolio import PortfolioService
from proxenia.services.practices.recommend import RecommendationService
from proxenia.services.practices.requests import HelpRequestService, challenge_of
from proxenia.services.practices.views import RecommendedPractice
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.engagement_facts import EngagementFactReader
from proxenia.store.portfolio import PortfolioSettingsRepository
from proxenia.store.tenants import TenantRepository
from proxenia.store.ties import TieRepository

#: How many rows each list panel shows (the CSV downloads and the full lists have them all).
PANEL_ROWS = 50
#: How many of the office's open requests get recommendations (the most urgent first).
MAX_CHALLENGES = 3
PRACTICES_PER_CHALLENGE = 3


@dataclass(frozen=True)
class ChallengePractices:
    """Practices recommended for one of the office's open requests for help."""

    request: HelpRequest
    practices: list[RecommendedPractice]


@dataclass
class OfficeDashboard:
    tenant_name: str
    as_of: dt.date
    home: ActorSummary | None
    tie_counts: dict[TieStatus, int]
    dormant_years: int
    dormant_checked: bool  # the portfolio's home actor is set: the diagnostics look for dormant ties
    dormant: list[Finding]
    follow_ups: list[OpenFollowUp]
    follow_ups_total: int
    own_requests: Page[HelpRequest]
    open_requests: Page[HelpRequest]
    recommendations: list[ChallengePractices] = field(default_factory=list)

    @property
    def ties_total(self) -> int:
        return sum(self.tie_counts.values())

    @property
    def overdue(self) -> int:
        return sum(1 for f in self.follow_ups if f.overdue)


def _urgency(request: HelpRequest) -> tuple[bool, str]:
    return request.needed_by is None, request.needed_by or ""


class OfficeDashboardService:
    def __init__(
        self,
        db: Database,
        portfolio: PortfolioService,
        help_requests: HelpRequestService,
        recommendations: RecommendationService,
    ) -> None:
        self.db = db
        self.portfolio = portfolio
        self.help_requests = help_requests
        self.recommendations = recommendations

    def dashboard(self, viewer: Viewer, *, as_of: dt.date | None = None) -> OfficeDashboard:
        tenant = tenant_of(viewer, "the office dashboard")
        today = as_of or dt.datetime.now(dt.UTC).date()
        report = self.portfolio.diagnose(viewer, as_of=today)
        with self.db.read() as conn:
            name = TenantRepository(conn).get(tenant).name
            home, views, checked = self._home_ties(conn, viewer, tenant)
            found, total = EngagementFactReader(conn).open_follow_ups_of(viewer, tenant, limit=PANEL_ROWS)
        follow_ups = [OpenFollowUp(eid, title, f.action, f.owner, f.due_date, f.is_overdue(today))
                      for eid, title, f in found]
        counts = {s: 0 for s in TieStatus}
        for v in views:
            counts[v.tie.status] += 1
        page = PageRequest(limit=PANEL_ROWS)
        own = self.help_requests.search(viewer, statuses=(RequestStatus.OPEN,), mine=True, page=page)
        others = self.help_requests.search(viewer, statuses=(RequestStatus.OPEN,), others=True, page=page)
        own = Page(sorted(own.items, key=_urgency), own.total, own.limit, own.offset)
        others = Page(sorted(others.items, key=_urgency), others.total, others.limit, others.offset)
        return OfficeDashboard(
            tenant_name=name,
            as_of=today,
            home=home,
            tie_counts=counts,
            dormant_years=report.options.dormant_years,
            dormant_checked=checked,
            dormant=report.of_kind(FindingKind.DORMANT_TIE),
            follow_ups=follow_ups,
            follow_ups_total=total,
            own_requests=own,
            open_requests=others,
            recommendations=self._recommendations(viewer, own.items),
        )

    def ties(self, viewer: Viewer, status: TieStatus | None = None) -> tuple[ActorSummary | None, list[TieView]]:
        """The ties of the government's own place, of one status or all, the most recent first."""
        tenant = tenant_of(viewer, "the office dashboard")
        with self.db.read() as conn:
            home, views, _ = self._home_ties(conn, viewer, tenant)
        chosen = [v for v in views if status is None or v.tie.status is status]
        chosen.sort(key=lambda v: (v.tie.start_date or "", v.other.name), reverse=True)
        return home, chosen

    def _home_ties(
        self, conn: Any, viewer: Viewer, tenant: uuid.UUID
    ) -> tuple[ActorSummary | None, list[TieView], bool]:
        """The government's own place (the portfolio's home actor, else the tenant's actor), its ties, and
        whether the portfolio settings name it."""
        in_settings = PortfolioSettingsRepository(conn).get(tenant).home_actor_id
        home_id = in_settings or TenantRepository(conn).get(tenant).actor_id
        home = ActorRepository(conn).summaries(viewer, [home_id]).get(home_id) if home_id else None
        if home is None:
            return None, [], in_settings is not None
        return home, TieRepository(conn).for_actor(viewer, home.id), in_settings is not None

    def _recommendations(self, viewer: Viewer, own: list[HelpRequest]) -> list[ChallengePractices]:
        out: list[ChallengePractices] = []
        for request in own[:MAX_CHALLENGES]:
            try:
                view = self.recommendations.recommend(viewer, challenge_of(request), limit=PRACTICES_PER_CHALLENGE)
            except (InvalidInput, NotFound):  # the asker is no longer readable, for example
                continue
            out.append(ChallengePractices(request, view.practices))
        return out
