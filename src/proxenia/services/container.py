"""The services of one installation, built from settings (no import-time globals)."""

from __future__ import annotations

from dataclasses import dataclass

from proxenia.analytics.embedders import default_embedder
from proxenia.analytics.practice_match import TextMatchProvider
from proxenia.config import Settings
from proxenia.services.accounts import AccountService
from proxenia.services.audit import AuditService
from proxenia.services.backup import BackupService
from proxenia.services.briefing import BriefingService
from proxenia.services.demo import DemoService
from proxenia.services.engagement_import import EngagementImportService
from proxenia.services.engagements import EngagementService
from proxenia.services.exchange import ExchangeService
from proxenia.services.goals import GoalService
from proxenia.services.intake import IntakeService
from proxenia.services.portfolio import PortfolioService
from proxenia.services.practices import (
    AdoptionService,
    HelpRequestService,
    PracticeSearchService,
    PracticeService,
    RecommendationService,
    SpidLoadService,
)
from proxenia.services.reference import ReferenceService
from proxenia.services.registry import RegistryService
from proxenia.services.registry_edits import RegistryEditService
from proxenia.services.scenarios import ScenarioService
from proxenia.services.setup import SetupService
from proxenia.services.tenancy import TenancyService
from proxenia.store.database import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    setup: SetupService
    reference: ReferenceService
    registry: RegistryService
    edits: RegistryEditService
    exchange: ExchangeService
    demo: DemoService
    accounts: AccountService
    tenancy: TenancyService
    backups: BackupService
    audit: AuditService
    practices: PracticeService
    practice_search: PracticeSearchService
    adoptions: AdoptionService
    recommendations: RecommendationService
    help_requests: HelpRequestService
    spid: SpidLoadService
    engagements: EngagementService
    engagement_import: EngagementImportService
    goals: GoalService
    intake: IntakeService
    briefings: BriefingService
    portfolio: PortfolioService
    scenarios: ScenarioService

    def close(self) -> None:
        self.db.dispose()


def build_services(settings: Settings) -> Services:
    db = Database(settings.database_url, echo=settings.echo_sql)
    # The transferability engine plugs in here: RecommendationService(db, provider=<engine>).
    recommendations = RecommendationService(db, provider=TextMatchProvider(db))
    engagements = EngagementService(db)
    return Services(
        settings=settings,
        db=db,
        setup=SetupService(db),
        reference=ReferenceService(db),
        registry=RegistryService(db),
        edits=RegistryEditService(db),
        exchange=ExchangeService(db),
        demo=DemoService(db),
        tenancy=TenancyService(db),
        backups=BackupService(db),
        audit=AuditService(db),
        practices=PracticeService(db),
        practice_search=PracticeSearchService(db, default_embedder(settings.semantic_search)),
        adoptions=AdoptionService(db),
        recommendations=recommendations,
        help_requests=HelpRequestService(db, recommendations),
        spid=SpidLoadService(db),
        engagements=engagements,
        engagement_import=EngagementImportService(db, engagements),
        goals=GoalService(db),
        intake=IntakeService(db),
        # The practice exchange plugs into briefing books with briefings.connect_practices(<source>).
        briefings=BriefingService(db),
        portfolio=PortfolioService(db),
        scenarios=ScenarioService(db),
        accounts=AccountService(
            db,
            session_seconds=settings.session_max_age_seconds,
            attempts_per_minute=settings.login_attempts_per_minute,
        ),
    )
