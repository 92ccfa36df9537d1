"""The services of one installation, built from settings (no import-time globals)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from proxenia.analytics.embedders import default_embedder
from proxenia.analytics.practice_match import TextMatchProvider
from proxenia.analytics.practice_words import PracticeWordIndex
from proxenia.config import Settings
from proxenia.services.accounts import AccountService
from proxenia.services.audit import AuditService
from proxenia.services.backup import BackupService
from proxenia.services.briefing import BriefingService
from proxenia.services.campaign_responses import CampaignResponseService
from proxenia.services.campaigns import CampaignService
from proxenia.services.demo import DemoService
from proxenia.services.engagement_import import EngagementImportService
from proxenia.services.engagements import EngagementService
from proxenia.services.exchange import ExchangeService
from proxenia.services.federation_dashboard import FederationDashboardService
from proxenia.services.federation_demo import federation_demo_step
from proxenia.services.federations import FederationService
from proxenia.services.goals import GoalService
from proxenia.services.intake import IntakeService
from proxenia.services.missions import MissionService
from proxenia.services.office_dashboard import OfficeDashboardService
from proxenia.services.people import PeopleService
from proxenia.services.portfolio import PortfolioService
from proxenia.services.practices import (
    AdoptionService,
    HelpRequestService,
    PracticeSearchService,
    PracticeService,
    RecommendationService,
    SpidLoadService,
)
from proxenia.services.practices.engine import EngineService, engine_model_path
from proxenia.services.practices.exchanges import PracticeExchangeReader
from proxenia.services.processes import ProcessService
from proxenia.services.reference import ReferenceService
from proxenia.services.registry import RegistryService
from proxenia.services.registry_edits import RegistryEditService
from proxenia.services.scenarios import ScenarioService
from proxenia.services.setup import SetupService
from proxenia.services.tenancy import TenancyService
from proxenia.store.database import Database

log = logging.getLogger(__name__)


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
    federations: FederationService
    federation_dashboard: FederationDashboardService
    campaigns: CampaignService
    campaign_responses: CampaignResponseService
    missions: MissionService
    processes: ProcessService
    office_dashboard: OfficeDashboardService
    people: PeopleService
    engine: EngineService
    word_index: PracticeWordIndex

    def prepare(self) -> None:
        """What a server does before it accepts its first request, so that no request waits or competes
        with it: the planner's statistics where they are missing or stale, the word index of practices, the
        public tie graph of shortest chains, the semantic model (seconds of import, holding the interpreter:
        done in the background, it made every read of those seconds ten times slower)."""
        try:
            self.db.refresh_statistics()
            self.word_index.refresh()
            self.registry.prepare_graph()
            if self.practice_search.embedder is not None:
                self.practice_search.embedder.embed(["warm up"])
        except Exception:  # a server that could not prepare still serves: first views count for themselves
            log.exception("preparing the server failed")

    def warm_up(self) -> None:
        """What a server does in the background once it serves (if the settings ask): the portfolio reports of
        the busiest organisations, then every federation dashboard, whose first count reads every member."""
        if self.settings.warm_portfolio_min_engagements > 0:
            try:  # each on its own: one failing leaves the other warm
                self.portfolio.warm_up(self.settings.warm_portfolio_min_engagements)
            except Exception:
                log.exception("warming up the portfolio reports failed")
        if self.settings.warm_federation_dashboards:
            try:
                self.federation_dashboard.warm_up()
            except Exception:
                log.exception("warming up the federation dashboards failed")

    def keep_statistics(self, stop: threading.Event) -> None:
        """Until ``stop`` is set, refresh the planner's statistics every ``statistics_interval_seconds``
        (a background thread of the server: a table that grew tenfold since start is analysed again)."""
        interval = self.settings.statistics_interval_seconds
        if interval <= 0:
            return
        while not stop.wait(interval):
            try:
                analysed = self.db.refresh_statistics()
            except Exception:  # a failed check is retried at the next interval; serving goes on
                log.exception("refreshing the planner's statistics failed")
                continue
            if analysed:
                log.info("planner statistics refreshed for %s", ", ".join(analysed))

    def close(self) -> None:
        self.db.dispose()


def build_services(settings: Settings) -> Services:
    db = Database(settings.database_url, echo=settings.echo_sql)
    # The transferability engine plugs in here: RecommendationService(db, provider=<engine>).
    word_index = PracticeWordIndex(db)
    text_match = TextMatchProvider(db, word_index)
    recommendations = RecommendationService(db, provider=text_match)
    engine = EngineService(db, engine_model_path(settings), fallback=text_match)
    engine.plug_into(recommendations)  # the transferability engine serves once `proxenia engine train` ran
    engagements = EngagementService(db)
    registry = RegistryService(db)
    edits = RegistryEditService(db)
    goals = GoalService(db)
    help_requests = HelpRequestService(db, recommendations)
    demo = DemoService(db)
    demo.add_step(federation_demo_step)
    return Services(
        settings=settings,
        db=db,
        setup=SetupService(db),
        reference=ReferenceService(db),
        registry=registry,
        edits=edits,
        exchange=ExchangeService(db),
        demo=demo,
        tenancy=TenancyService(db),
        backups=BackupService(db),
        audit=AuditService(db),
        practices=PracticeService(db),
        practice_search=PracticeSearchService(db, default_embedder(settings.semantic_search), word_index),
        adoptions=AdoptionService(db),
        recommendations=recommendations,
        help_requests=help_requests,
        spid=SpidLoadService(db),
        engagements=engagements,
        engagement_import=EngagementImportService(db, engagements),
        goals=goals,
        intake=IntakeService(db),
        briefings=BriefingService(db, practices=PracticeExchangeReader(db)),
        portfolio=PortfolioService(db),
        scenarios=ScenarioService(db),
        federations=FederationService(db),
        federation_dashboard=FederationDashboardService(db),
        campaigns=CampaignService(db),
        campaign_responses=CampaignResponseService(db, registry, edits),
        missions=MissionService(db, engagements, help_requests),
        processes=ProcessService(db),
        office_dashboard=OfficeDashboardService(db, PortfolioService(db), help_requests, recommendations),
        people=PeopleService(db),
        accounts=AccountService(
            db,
            session_seconds=settings.session_max_age_seconds,
            attempts_per_minute=settings.login_attempts_per_minute,
        ),
        engine=engine,
        word_index=word_index,
    )
