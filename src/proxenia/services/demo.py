"""The demo installation: organisations using Proxenia, with real content from the source documents."""

from __future__ import annotations

from proxenia.domain.progress import ProgressReporter, SilentProgress
from proxenia.domain.viewer import Viewer
from proxenia.store.database import Database
from proxenia.store.tenants import TenantRepository

#: The organisations of the demo: two cities, a city network and a national office.
DEMO_TENANTS = (
    ("los-angeles", "City of Los Angeles — Mayor's Office of International Affairs", "government"),
    ("seoul", "Seoul Metropolitan Government — International Relations", "government"),
    ("c40", "C40 Cities Climate Leadership Group — Secretariat", "network"),
    ("us-subnational-office", "US Office of Subnational Diplomacy (demo)", "national_office"),
)


class DemoService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.viewer = Viewer.system("proxenia demo")

    def load(self, progress: ProgressReporter | None = None) -> list[str]:
        """Create the demo organisations (idempotent) and report what the demo holds."""
        progress = progress or SilentProgress()
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
        return [f"Demo organisation created: {n}" for n in created] or ["Demo organisations already present."]
