"""The policy-driven portfolio of one government: its settings, the diagnostics (silos, overlaps,
conflicts, gaps, dormant ties) and the departments × goals heat map."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import math
import operator
import threading
import time
import uuid
from collections import OrderedDict
from typing import Any

from proxenia.analytics.diagnostics import CapacityFact, DiagnosticsInput, GoalFact, TieFact, diagnose
from proxenia.analytics.kept_reads import KeptReads
from proxenia.analytics.overlaps import OverlapMemo
from proxenia.domain.engagements import is_currency
from proxenia.domain.errors import InvalidInput, NotFound, Problem
from proxenia.domain.findings import DiagnosticsOptions, DiagnosticsReport
from proxenia.domain.goals import GoalKind
from proxenia.domain.portfolio import HeatCell, HeatMap, PortfolioSettings
from proxenia.domain.ties import TieView
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import WARM_UP_USER, require_admin, tenant_of
from proxenia.services.allocation import bulk_allocation
from proxenia.services.portfolio_facts import EngagementFactsKeeper
from proxenia.store.access import resolve_viewer
from proxenia.store.accounts import DEPARTMENT_KIND
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.engagement_facts import EngagementFactReader, departments_of, tenants_with_engagements
from proxenia.store.engagements import FOLLOW_UP_KIND, EngagementRepository
from proxenia.store.goals import AlignmentRepository, GoalRepository
from proxenia.store.people import PersonRepository
from proxenia.store.portfolio import SETTINGS_KIND, PortfolioSettingsRepository, ScenarioRepository
from proxenia.store.sharing import SHARING_KINDS
from proxenia.store.ties import TieRepository

log = logging.getLogger(__name__)
HOME_TIE_TYPES = ("sister_city", "friendship_city")
MAX_HEAT_GOALS = 30
_actors, _people = operator.attrgetter("actors"), operator.attrgetter("people")
REPORTS_KEPT = 4  # reports kept, the most recently asked (one of 200,000 engagements, 11,000 findings: 34 MB)
#: What a report is made of: the government's own engagements, follow-ups, departments, settings, plans and
#: alignments (another government's leave it kept) and, whoever writes them, the actors, ties, goals and
#: people it names, and who shares with whom.
REPORT_OWN_KINDS = frozenset({
    EngagementRepository.kind, FOLLOW_UP_KIND, DEPARTMENT_KIND, SETTINGS_KIND, ScenarioRepository.kind,
    AlignmentRepository.kind,
})
REPORT_KINDS = frozenset({ActorRepository.kind, TieRepository.kind, GoalRepository.kind, PersonRepository.kind,
                          *SHARING_KINDS})


def _short(label: str, limit: int = 60) -> str:
    """SDG targets are sentences: a column header keeps the code and the first words."""
    return label if len(label) <= limit else label[: limit - 1].rsplit(" ", 1)[0] + "…"


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _check_as_of(as_of: dt.date, window_days: int, dormant_years: int = 0) -> None:
    """Refuse a day the window (``window_days`` back) or the dormancy limit (``dormant_years`` back) cannot be
    counted from: the calendar starts on 0001-01-01."""
    earliest = max(dt.date.min + dt.timedelta(days=window_days), dt.date(1 + dormant_years, 1, 1))
    if as_of < earliest:
        back = f"{window_days} days" + (f" and {dormant_years} years" if dormant_years else "")
        raise InvalidInput(Problem(f"{as_of.isoformat()} is too early: the portfolio looks {back} back from it; "
                                   f"give a day from {earliest.isoformat()} on", column="as_of"))


def _tie_fact(view: TieView) -> TieFact:
    t = view.tie
    return TieFact(t.id.hex, view.other.id.hex, view.other.name, view.label, t.status.value, t.start_date)


class PortfolioService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._reports: KeptReads[DiagnosticsReport] = KeptReads(
            db, self._diagnose, kept=REPORTS_KEPT, kinds=REPORT_KINDS, own_kinds=REPORT_OWN_KINDS
        )
        self._facts = EngagementFactsKeeper()
        self._sweeps: OrderedDict[uuid.UUID, OverlapMemo] = OrderedDict()  # per government, the latest few
        self._sweeps_lock = threading.Lock()

    # -- settings ---------------------------------------------------------------------------------------
    def settings(self, viewer: Viewer) -> PortfolioSettings:
        tenant = tenant_of(viewer, "the portfolio")
        with self.db.read() as conn:
            return PortfolioSettingsRepository(conn).get(tenant)

    def save_settings(self, viewer: Viewer, **changes: Any) -> PortfolioSettings:
        """Change the portfolio settings (admins): home actor, currency, goal weights, windows."""
        tenant = require_admin(viewer, "the portfolio settings")
        allowed = {"home_actor_id", "currency", "goal_weights", "window_days", "dormant_years"}
        unknown = set(changes) - allowed
        if unknown:
            raise InvalidInput(Problem(f"unknown setting {sorted(unknown)[0]}", column=sorted(unknown)[0]))
        problems: list[Problem] = []
        if "currency" in changes and not is_currency(str(changes["currency"]).upper()):
            problems.append(Problem("is not an ISO 4217 currency code", column="currency"))
        if not 30 <= int(changes.get("window_days", 365)) <= 3650:
            problems.append(Problem("must be between 30 and 3,650 days", column="window_days"))
        if not 1 <= int(changes.get("dormant_years", 3)) <= 50:
            problems.append(Problem("must be between 1 and 50 years", column="dormant_years"))
        weights = changes.get("goal_weights") or {}
        if any(not (0 <= float(w) <= 10) or math.isnan(float(w)) for w in weights.values()):
            problems.append(Problem("goal weights are between 0 and 10", column="goal_weights"))
        if problems:
            raise InvalidInput(problems)
        with self.db.begin() as conn:
            repo = PortfolioSettingsRepository(conn)
            current = repo.get(tenant)
            if changes.get("home_actor_id") and not ActorRepository(conn).exists(viewer, changes["home_actor_id"]):
                raise NotFound(f"actor {changes['home_actor_id']} was not found (or is not shared with you)")
            if weights:
                known = GoalRepository(conn).readable_ids(viewer, weights)
                missing = [str(g) for g in weights if g not in known]
                if missing:
                    raise InvalidInput(Problem(f"unknown goal {missing[0]}", column="goal_weights"))
                changes["goal_weights"] = {uuid.UUID(str(k)): float(v) for k, v in weights.items()}
            if "currency" in changes:
                changes["currency"] = str(changes["currency"]).upper()
            updated = dataclasses.replace(current, **changes)
            repo.save(viewer, updated)
        return updated

    # -- diagnostics --------------------------------------------------------------------------------------
    def diagnose(
        self, viewer: Viewer, *, as_of: dt.date | None = None, window_days: int | None = None,
        dormant_years: int | None = None,
    ) -> DiagnosticsReport:
        """Silos, near-duplicates, conflicts, gaps and dormant ties over the organisation's engagements.

        A report is kept per sharing position and question until something it is made of is written (the
        government's own engagements, departments, settings…, or anyone's actors, ties, goals, people:
        ``REPORT_OWN_KINDS``, ``REPORT_KINDS``): an office's dashboard asks again on every view, and a
        government with 200,000 engagements takes seconds to diagnose. A report read again starts from the
        engagement facts and the near-duplicate sweep of the last one, brought up to date from what changed
        (``EngagementFactsKeeper``, ``OverlapMemo``)."""
        tenant_of(viewer, "the portfolio")
        report = self._reports.get(viewer, as_of or _today(), window_days, dormant_years)
        return dataclasses.replace(report, findings=list(report.findings))

    def warm_up(self, min_engagements: int) -> int:
        """Diagnose the portfolio of the organisations with at least ``min_engagements`` engagements (the
        busiest ``REPORTS_KEPT``: as many reports as are kept), as their own people see it, with the default
        options (at start, in the background): the first view of their portfolio page is served from the kept
        report, not after seconds of reading. Returns how many."""
        with self.db.read() as conn:
            tenants = tenants_with_engagements(conn, min_engagements, limit=REPORTS_KEPT)
        for tenant in tenants:
            with self.db.read() as conn:
                member = resolve_viewer(conn, user_id=WARM_UP_USER, username="warm-up", tenant_id=tenant, role=None)
            try:
                self.diagnose(member)
            except Exception:  # one organisation's failure must not stop the others (it will show on a view)
                log.exception("diagnosing the portfolio of tenant %s at start failed", tenant)
        return len(tenants)

    def _diagnose(
        self, conn: Any, viewer: Viewer, as_of: dt.date, window_days: int | None, dormant_years: int | None
    ) -> DiagnosticsReport:
        tenant = tenant_of(viewer, "the portfolio")
        started = time.perf_counter()
        with bulk_allocation():
            settings = PortfolioSettingsRepository(conn).get(tenant)
            options = DiagnosticsOptions(
                as_of=as_of,
                window_days=window_days or settings.window_days,
                dormant_years=dormant_years or settings.dormant_years,
            )
            _check_as_of(options.as_of, options.window_days, options.dormant_years)
            data = self._gather(conn, viewer, tenant, settings, options)
            report = diagnose(data, self._sweep_memo(tenant))
            del data  # freed by reference counting before the collector runs again: nothing left to scan
        report.seconds = time.perf_counter() - started  # the reads and the analysis, as the asker waits
        return report

    def _sweep_memo(self, tenant: uuid.UUID) -> OverlapMemo:
        """The government's near-duplicate sweep memo (shared by its viewers: it is keyed on the facts
        themselves, so a viewer who reads fewer of them finds those counterparts changed)."""
        with self._sweeps_lock:
            memo = self._sweeps.pop(tenant, None) or OverlapMemo()
            self._sweeps[tenant] = memo
            while len(self._sweeps) > self._facts.kept:  # a memo holds its facts: no more than the keeper
                self._sweeps.popitem(last=False)
        return memo

    def _gather(
        self, conn: Any, viewer: Viewer, tenant: uuid.UUID, settings: PortfolioSettings, options: DiagnosticsOptions
    ) -> DiagnosticsInput:
        reader = EngagementFactReader(conn)
        start = options.as_of - dt.timedelta(days=options.window_days)
        facts = self._facts.facts(conn, viewer, tenant, start, options.as_of)
        in_window = set(itertools.chain.from_iterable(map(_actors, facts)))
        actor_ids = set(map(uuid.UUID, in_window))
        person_ids = set(map(uuid.UUID, set(itertools.chain.from_iterable(map(_people, facts)))))
        goals_repo = GoalRepository(conn)
        own = goals_repo.search(viewer, kinds=(GoalKind.PRIORITY, GoalKind.OBJECTIVE), tenant_id=tenant)
        chosen = goals_repo.get_many(viewer, settings.goal_weights)
        weighted = {g.id: g for g in own} | {k: v for k, v in chosen.items() if settings.goal_weights[k] > 0}
        ties = TieRepository(conn)
        alignments = AlignmentRepository(conn).search(viewer, tenant_id=tenant)
        aligned: dict[str, TieFact] = {}
        home_ties: list[TieFact] = []
        if settings.home_actor_id is not None:
            for view in ties.for_actor(viewer, settings.home_actor_id):
                if view.tie.type_code in HOME_TIE_TYPES:
                    home_ties.append(_tie_fact(view))
                aligned[view.tie.id.hex] = _tie_fact(view)
        extra = ties.get_many(viewer, {a.tie_id for a in alignments if a.tie_id.hex not in aligned})
        others = {t.id: t.target_id if t.source_id == settings.home_actor_id else t.source_id for t in extra}
        names = ActorRepository(conn).summaries(viewer, set(others.values()))
        for tie in extra:
            other = others[tie.id]
            name = names[other].name if other in names else "?"
            aligned[tie.id.hex] = TieFact(tie.id.hex, other.hex, name, tie.type_code, tie.status.value, tie.start_date)
        by_goal: dict[str, list[str]] = {}
        for a in alignments:
            by_goal.setdefault(a.goal_id.hex, []).append(a.tie_id.hex)
        quiet = {uuid.UUID(t.partner_id) for t in [*home_ties, *aligned.values()] if t.partner_id not in in_window}
        departments = departments_of(conn, tenant)
        return DiagnosticsInput(
            facts=facts,
            options=options,
            actor_names={a.id.hex: a.name for a in ActorRepository(conn).summaries(viewer, actor_ids).values()},
            person_names={k.hex: v for k, v in reader.person_names(viewer, person_ids).items()},
            department_names={d[0].hex: d[2] for d in departments},
            goals=[GoalFact(g.id.hex, g.label, g.parent_id.hex if g.parent_id else None) for g in weighted.values()],
            goals_served=reader.goals_served(viewer, tenant, start, options.as_of, weighted),
            alignments=by_goal,
            home_ties=home_ties,
            aligned_ties=aligned,
            last_engagement=reader.last_engagement_with(viewer, tenant, quiet),  # the others: from the facts
            capacities=self._capacities(conn, viewer, tenant, settings, departments),
        )

    def _capacities(
        self, conn: Any, viewer: Viewer, tenant: uuid.UUID, settings: PortfolioSettings,
        departments: list[tuple[uuid.UUID, str, str]],
    ) -> list[CapacityFact]:
        """Capacities of the government's plan (its latest base scenario), matched to departments by slug or name."""
        plans = [s for s in ScenarioRepository(conn).search(viewer, tenant_id=tenant) if s.base_id is None]
        if not plans:
            return []
        by_key = {d[1]: d[0] for d in departments} | {d[2]: d[0] for d in departments}
        plan = plans[-1].plan
        return [
            CapacityFact(by_key[c.department].hex, c.period, c.staff_days, c.budget, plan.currency)
            for c in plan.capacities
            if c.department in by_key and len(c.period) == 7
        ]

    # -- heat map ---------------------------------------------------------------------------------------------
    def heat_map(self, viewer: Viewer, *, as_of: dt.date | None = None, window_days: int | None = None) -> HeatMap:
        tenant = tenant_of(viewer, "the portfolio")
        with self.db.read() as conn:
            settings = PortfolioSettingsRepository(conn).get(tenant)
            end = as_of or _today()
            _check_as_of(end, window_days or settings.window_days)
            start = end - dt.timedelta(days=window_days or settings.window_days)
            totals = EngagementFactReader(conn).goal_totals(viewer, tenant, start, end)
            goals_repo = GoalRepository(conn)
            own = goals_repo.search(viewer, kinds=(GoalKind.PRIORITY, GoalKind.OBJECTIVE), tenant_id=tenant)
            seen = goals_repo.get_many(viewer, {t[1] for t in totals} | set(settings.goal_weights))
            departments = departments_of(conn, tenant)
        goals = {g.id: g for g in own} | seen
        weight = {g: settings.goal_weights.get(g, 1.0) for g in goals}
        used = {t[1] for t in totals}
        ordered = sorted(goals.values(), key=lambda g: (g.id not in used, -weight[g.id], g.kind.value, g.label))
        columns = [(g.id, _short(g.label), weight[g.id]) for g in ordered[:MAX_HEAT_GOALS]]
        top = max((t[3] for t in totals), default=0.0)
        cells = {
            (dep, goal): HeatCell(n, w, staff, max(1, math.ceil(4 * w / top)) if top else 0)
            for dep, goal, n, w, staff in totals
        }
        rows: list[tuple[uuid.UUID | None, str]] = [(d[0], d[2]) for d in departments]
        if any(dep is None for dep, *_ in totals):
            rows.append((None, "(no department)"))
        return HeatMap(start, end, rows, columns, cells)
