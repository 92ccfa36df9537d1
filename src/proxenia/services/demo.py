"""The demo installation: organisations using Proxenia, their people, what they share with whom, and
real content from the source documents. Every step is idempotent; each area adds its own step."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from proxenia.domain.errors import Conflict
from proxenia.domain.kinds import Role
from proxenia.domain.progress import ProgressReporter, SilentProgress
from proxenia.domain.viewer import Viewer
from proxenia.services.demo_portfolio import load_portfolio_demo
from proxenia.services.practices.demo_cases import SourceCaseLoader
from proxenia.store.database import Database
from proxenia.store.sharing import SharingRepository
from proxenia.store.tenants import TenantRepository

if TYPE_CHECKING:
    from proxenia.services.container import Services

#: The organisations of the demo: two cities, a city network and a national office.
DEMO_TENANTS = (
    ("los-angeles", "City of Los Angeles — Mayor's Office of International Affairs", "government"),
    ("seoul", "Seoul Metropolitan Government — International Relations", "government"),
    ("c40", "C40 Cities Climate Leadership Group — Secretariat", "network"),
    ("us-subnational-office", "US Office of Subnational Diplomacy (demo)", "national_office"),
)
#: Demo sign-ins (a local demo only: `proxenia demo` prints them).
DEMO_PASSWORD = "proxenia demo 2026"
DEMO_USERS = (
    ("admin", None, Role.ADMIN, "Installation administrator", True),
    ("la-admin", "los-angeles", Role.ADMIN, "Los Angeles international affairs lead", False),
    ("la-editor", "los-angeles", Role.EDITOR, "Los Angeles protocol officer", False),
    ("seoul-editor", "seoul", Role.EDITOR, "Seoul international relations officer", False),
    ("c40-editor", "c40", Role.EDITOR, "C40 knowledge manager", False),
    ("office-analyst", "us-subnational-office", Role.ADMIN, "National office analyst", False),
)
#: Los Angeles shares partner-level records with Seoul's office (the two cities learned from each other).
DEMO_PARTNERS = (("los-angeles", "seoul"), ("seoul", "los-angeles"))

Step = Callable[["Services", ProgressReporter], list[str]]


class DemoService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.viewer = Viewer.system("proxenia demo")
        self.steps: list[Step] = [self._organisations, self._accounts, self._sharing, self._practice_exchange]
        self.steps.append(self._engagements_and_portfolio)

    def add_step(self, step: Step) -> None:
        self.steps.append(step)

    def load(self, services: Services, progress: ProgressReporter | None = None) -> list[str]:
        progress = progress or SilentProgress()
        lines: list[str] = []
        for step in self.steps:
            lines.extend(step(services, progress))
        return lines

    def _organisations(self, services: Services, progress: ProgressReporter) -> list[str]:
        progress.start("Preparing the demo organisations", len(DEMO_TENANTS))
        created = []
        with self.db.begin() as conn:
            tenants = TenantRepository(conn)
            existing = {t.slug for t in tenants.all()}
            for slug, name, kind in DEMO_TENANTS:
                if slug not in existing:
                    tenants.create(self.viewer, slug=slug, name=name, kind=kind)
                    created.append(name)
                progress.advance()
        progress.finish()
        return [f"Demo organisation created: {n}" for n in created]

    def _accounts(self, services: Services, progress: ProgressReporter) -> list[str]:
        for username, tenant, role, name, installation in DEMO_USERS:
            with contextlib.suppress(Conflict):  # already there
                services.accounts.create_user(self.viewer, username=username, password=DEMO_PASSWORD,
                                              display_name=name, tenant=tenant, role=role,
                                              installation_admin=installation)
        names = ", ".join(u[0] for u in DEMO_USERS)
        return [f"Sign in at /login as one of {names}, password '{DEMO_PASSWORD}' (demo only)."]

    def _sharing(self, services: Services, progress: ProgressReporter) -> list[str]:
        with self.db.begin() as conn:
            tenants = {t.slug: t.id for t in TenantRepository(conn).all()}
            repo = SharingRepository(conn)
            for owner, partner in DEMO_PARTNERS:
                repo.share_with(self.viewer, tenants[owner], tenants[partner], "demo: partner cities")
        return []

    def _practice_exchange(self, services: Services, progress: ProgressReporter) -> list[str]:
        """The source documents' cases in the practice exchange (see services/practices/demo_cases.py)."""
        progress.start("Adding the source documents' practices, adoptions and networks", None)
        lines = SourceCaseLoader(self.db).load()
        progress.finish()
        return lines

    def _engagements_and_portfolio(self, services: Services, progress: ProgressReporter) -> list[str]:
        """Los Angeles's illustrative engagement log, requests, goals and scenarios (services/demo_portfolio.py)."""
        progress.start("Adding the demo engagement log, requests, goals and balancing scenarios", None)
        lines = load_portfolio_demo(services)
        progress.finish()
        return lines
