"""The demo's engagement log and portfolio for the City of Los Angeles tenant.

Every place is a real record of the registry (GeoNames cities, Los Angeles's sister cities from the
Wikipedia twin-town lists). The departments, engagements, requests, goals and plan are illustrative
records of the demo tenant, marked as demo (engagements carry ``origin = demo``; titles of goals and
plans say "demo"). They are laid out so that the diagnostics have something real to say: Busan is
worked by three departments that never meet, one Mexico City delegation is logged twice, a protocol
officer is booked in two cities on the same days, the youth-exchange priority has no activity, and
most sister cities have had no engagement for years. Dates are relative to the day of loading.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from proxenia.domain.balancing import Activity, Adjustments, BalancingInput, Capacity, GoalSpec
from proxenia.domain.engagements import (
    EngagementDraft,
    EngagementKind,
    EngagementOrigin,
    FollowUp,
    GoalWeight,
    Money,
    Occurrence,
    Participant,
)
from proxenia.domain.errors import NotFound, ProxeniaError
from proxenia.domain.goals import GoalDraft, GoalKind, sdg_id
from proxenia.domain.kinds import Visibility
from proxenia.domain.people import PersonDraft
from proxenia.domain.proposals import Attendee, ProposalDraft, ProposalKind
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import operator_as
from proxenia.services.intake import default_rules
from proxenia.services.reference.places import place_id
from proxenia.store.actors import ActorRepository

if TYPE_CHECKING:
    from proxenia.services.container import Services

NAMESPACE = uuid.UUID("b5d2b6f4-3c1e-4a0b-9d55-2b7c1e0a9f31")
# GeoNames ids of real places
LOS_ANGELES, BUSAN, SEOUL, GUANGZHOU, MEXICO_CITY, VANCOUVER = 5368361, 1838524, 1835848, 1809858, 3530597, 6173331
NAGOYA, AUCKLAND, TAIPEI = 1856057, 2193733, 1668341
DEPARTMENTS = (
    ("intl", "Mayor's Office of International Affairs"),
    ("econ", "Economic and Workforce Development"),
    ("climate", "Climate Emergency Mobilization Office"),
    ("port", "Port of Los Angeles"),
)


def _id(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


class PortfolioDemo:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.today = dt.datetime.now(dt.UTC).date()

    def load(self) -> list[str]:
        s = self.services
        try:
            admin = operator_as(s.db, "los-angeles", "proxenia demo")
        except ProxeniaError:
            return []
        s.goals.load_sdgs()
        try:
            s.goals.get(admin, _id("goal:trade"))
            return ["Demo engagement log and portfolio already present."]
        except NotFound:
            pass
        with s.db.read() as conn:
            if not ActorRepository(conn).exists(admin, place_id(LOS_ANGELES)):
                return ["Demo engagement log skipped: load the reference data first (proxenia init)."]
        deps = {key: s.accounts.create_department(admin, key, name) for key, name in DEPARTMENTS}
        goals = self._goals(admin)
        s.portfolio.save_settings(admin, home_actor_id=place_id(LOS_ANGELES), currency="USD", window_days=365,
                                  dormant_years=3, goal_weights={sdg_id("11.6"): 1.0, sdg_id("13.2"): 2.0,
                                                                 sdg_id("17.17"): 1.0, sdg_id("4.7"): 1.0})
        officer = s.edits.create_person(admin, PersonDraft(id=_id("person:protocol"), name="Protocol officer (demo)"))
        count = self._engagements(admin, deps, goals, officer)
        s.intake.set_rules(admin, default_rules())
        self._requests(admin)
        base = self._scenarios(admin)
        return [f"Demo engagement log: {count} illustrative engagements of Los Angeles across {len(deps)} "
                f"departments; screened requests; goals; balancing scenarios (see /portfolio, /scenarios/{base})."]

    def _goals(self, admin: Viewer) -> dict[str, uuid.UUID]:
        g = self.services.goals
        made = {}
        for key, code, title in (
            ("trade", "P1", "Trade, investment and the ports (demo priority)"),
            ("climate", "P2", "Climate action with partner cities (demo priority)"),
            ("youth", "P3", "Global talent and youth exchange (demo priority)"),
            ("la28", "P4", "The 2028 Olympic and Paralympic Games (demo priority)"),
        ):
            made[key] = g.create(admin, GoalDraft(id=_id(f"goal:{key}"), kind=GoalKind.PRIORITY, code=code,
                                                  title=title, visibility=Visibility.PRIVATE))
        made["green-shipping"] = g.create(admin, GoalDraft(
            id=_id("goal:green-shipping"), kind=GoalKind.OBJECTIVE, code="P2.1", parent_id=made["climate"],
            title="Green shipping corridors with partner ports (demo objective)"))
        return made

    def _engagements(
        self, admin: Viewer, deps: dict[str, uuid.UUID], goals: dict[str, uuid.UUID], officer: uuid.UUID
    ) -> int:
        day = self.today

        def ago(days: int) -> dt.date:
            return day - dt.timedelta(days=days)

        def e(key: str, kind: EngagementKind, title: str, start: dt.date, dep: str, places: tuple[int, ...],
              goal_keys: tuple[str, ...] = (), people: tuple[Participant, ...] = (), **extra: Any) -> EngagementDraft:
            return EngagementDraft(
                id=_id(f"engagement:{key}"), kind=kind, title=title, start_date=start, department_id=deps[dep],
                participants=tuple(Participant(actor_id=place_id(p)) for p in places) + people,
                goals=tuple(GoalWeight(goals[k]) for k in goal_keys), origin=EngagementOrigin.DEMO,
                visibility=Visibility.PRIVATE, **extra,
            )

        officer_at = (Participant(person_id=officer, role="protocol"),)
        drafts = [
            # Busan: three departments, no joint engagement, no cross-reference (a silo).
            e("busan-port", EngagementKind.TRADE_MISSION, "Port of Busan trade mission: logistics and cold chain",
              ago(200), "port", (BUSAN,), ("trade",), place="Busan", staff_days=12.0,
              cost=Money(Decimal("48000"), "USD"), policy_areas=("ports", "trade"),
              outcomes="Two logistics firms met; follow-up visit proposed by Busan Port Authority."),
            e("busan-climate", EngagementKind.CALL, "Call with Busan on a green shipping corridor", ago(120), "climate",
              (BUSAN,), ("green-shipping",), staff_days=0.5, policy_areas=("climate", "ports"),
              follow_ups=(FollowUp("Share the corridor feasibility study", "Climate office", ago(60)),)),
            e("busan-anniversary", EngagementKind.EVENT_HOSTED, "Sister-city anniversary reception for Busan",
              ago(40), "intl", (BUSAN,), (), place="Los Angeles City Hall", staff_days=3.0,
              cost=Money(Decimal("6500"), "USD"), policy_areas=("culture",)),
            # Mexico City: one delegation logged twice by two departments (an overlap).
            e("mexico-intl", EngagementKind.INBOUND_DELEGATION, "Mexico City delegation: trade and investment",
              ago(75), "intl", (MEXICO_CITY,), ("trade",), place="Los Angeles", staff_days=2.0,
              people=officer_at, policy_areas=("trade",)),
            e("mexico-econ", EngagementKind.MEETING, "Delegation from Mexico City on trade and investment", ago(74),
              "econ", (MEXICO_CITY,), ("trade",), place="Los Angeles", staff_days=1.5, policy_areas=("trade",)),
            # The protocol officer is booked in Seoul and Vancouver on overlapping days (a conflict).
            e("seoul-visit", EngagementKind.OUTBOUND_VISIT, "Visit to Seoul: smart city and LA28 exchange", ago(30),
              "intl", (SEOUL,), ("la28",), place="Seoul", end_date=ago(27), staff_days=8.0,
              cost=Money(Decimal("21000"), "USD"), people=officer_at, policy_areas=("mega-events", "technology")),
            e("vancouver-forum", EngagementKind.EVENT_ATTENDED, "Cascadia climate forum in Vancouver", ago(28),
              "climate", (VANCOUVER,), ("climate",), place="Vancouver", end_date=ago(27), staff_days=4.0,
              people=officer_at, policy_areas=("climate",)),
            e("guangzhou-trade", EngagementKind.MEETING, "Guangzhou trade office: electric vehicles supply chain",
              ago(300), "econ", (GUANGZHOU,), ("trade",), staff_days=1.0, policy_areas=("trade",)),
            e("nagoya-la28", EngagementKind.CALL, "Call with Nagoya on hosting the Asian Games", ago(150), "intl",
              (NAGOYA,), ("la28",), staff_days=0.5, policy_areas=("mega-events",)),
            e("youth-exchange", EngagementKind.PROGRAMME, "Sister-city youth exchange with Auckland", ago(5 * 365),
              "intl", (AUCKLAND,), (), end_date=ago(4 * 365), policy_areas=("youth", "education"),
              occurrences=(Occurrence(ago(5 * 365), ago(5 * 365 - 12), "Auckland"),
                           Occurrence(ago(4 * 365 + 20), ago(4 * 365 + 8), "Los Angeles"))),
        ]
        return len(self.services.engagements.log_many(admin, drafts, summary="demo engagement log"))

    def _requests(self, admin: Viewer) -> None:
        intake = self.services.intake
        for draft in (
            ProposalDraft(
                id=_id("proposal:busan"), kind=ProposalKind.DELEGATION_VISIT,
                requester_name="Busan Metropolitan City", requester_actor_id=place_id(BUSAN),
                purpose="Study tour of the Port of Los Angeles' clean-air programme (demo request)",
                topics=("ports", "climate"), received_on=self.today - dt.timedelta(days=2),
                proposed_start=self.today + dt.timedelta(days=12), proposed_end=self.today + dt.timedelta(days=14),
                attendees=(Attendee("Head of delegation (demo)", "Director, port policy"),),
                cost_to_us=Money(Decimal("0"), "USD")),
            ProposalDraft(
                id=_id("proposal:guangzhou"), kind=ProposalKind.DELEGATION_VISIT, requester_name="Guangzhou",
                requester_actor_id=place_id(GUANGZHOU), topics=("trade",),
                purpose="Trade delegation on electric vehicles (demo request)",
                received_on=self.today - dt.timedelta(days=1), proposed_start=self.today + dt.timedelta(days=60),
                cost_to_us=Money(Decimal("4000"), "USD")),
            ProposalDraft(
                id=_id("proposal:taipei"), kind=ProposalKind.PARTNERSHIP, requester_name="Taipei",
                requester_actor_id=place_id(TAIPEI), topics=("heat resilience",),
                purpose="Proposed partnership on extreme-heat resilience (demo request)",
                received_on=self.today, proposed_start=self.today + dt.timedelta(days=90),
                cost_to_us=Money(Decimal("0"), "USD")),
        ):
            try:
                new_id = intake.submit(admin, draft)
            except ProxeniaError:
                continue  # already there
            intake.screen(admin, new_id)

    def _scenarios(self, admin: Viewer) -> uuid.UUID:
        start = dt.date(self.today.year + (1 if self.today.month > 6 else 0), 1 if self.today.month > 6 else 7, 1)
        months = [f"{(start.replace(day=1) + dt.timedelta(days=31 * i)):%Y-%m}" for i in range(12)]
        goals = (
            GoalSpec("trade", "P1 Trade, investment and the ports", 2.0, 3.0),
            GoalSpec("climate", "P2 Climate action with partner cities", 2.0, 3.0),
            GoalSpec("youth", "P3 Global talent and youth exchange", 1.0, 2.0),
            GoalSpec("la28", "P4 The 2028 Games", 0.0, 2.0),  # not yet a priority: a variant raises it
        )
        a = Activity
        activities = (
            a("busan-mission", "Busan port trade mission", "port", tuple(months[2:4]), 14, 52_000,
              {"trade": 1.0, "climate": 0.4}, mandatory=True),
            a("green-corridor", "Green shipping corridor working group", "climate", tuple(months[0:12:3]), 10, 12_000,
              {"climate": 1.0, "trade": 0.3}, min_level=0.5, max_level=2.0),
            a("mexico-investment", "Mexico City investment forum", "econ", (months[4],), 12, 40_000,
              {"trade": 0.9}),
            a("youth-auckland", "Youth exchange with Auckland", "intl", tuple(months[6:8]), 20, 30_000,
              {"youth": 1.0}, min_level=0.5),
            a("youth-berlin", "Student fellowship with Berlin", "intl", tuple(months[8:10]), 12, 18_000,
              {"youth": 0.8}),
            a("la28-seoul", "LA28 exchange with Seoul", "intl", (months[5],), 8, 25_000, {"la28": 1.0, "trade": 0.2}),
            a("la28-nagoya", "Games-hosting peer review with Nagoya", "intl", (months[9],), 6, 15_000,
              {"la28": 0.8}),
            a("heat-taipei", "Extreme-heat partnership with Taipei", "climate", tuple(months[3:6]), 9, 20_000,
              {"climate": 0.7, "youth": 0.1}),
            a("anniversaries", "Sister-city anniversaries", "intl", tuple(months[0:12:4]), 6, 9_000,
              {"youth": 0.3, "trade": 0.2}, mandatory=True),
            a("ev-supply", "EV supply-chain roundtable with Guangzhou", "econ", (months[7],), 5, 14_000,
              {"trade": 0.6, "climate": 0.3}),
        )
        capacities = tuple(
            Capacity(dep, month, staff, budget)
            for dep, staff, budget in (("intl", 16.0, 14_000.0), ("econ", 12.0, 45_000.0), ("climate", 8.0, 9_000.0),
                                       ("port", 8.0, 33_000.0))
            for month in months
        )
        plan = BalancingInput(activities, capacities, goals, "USD")
        sc = self.services.scenarios
        base = sc.create(admin, name="Plan for the next 12 months (demo)", plan=plan,
                         description="Illustrative activities and capacities of the demo tenant.")
        sc.create(admin, name="Budget −20 % (demo)", base_id=base, adjustments=Adjustments(budget_factor=0.8))
        sc.create(admin, name="LA28 becomes a priority (demo)", base_id=base,
                  adjustments=Adjustments(goal_weights={"la28": 3.0}))
        return base


def load_portfolio_demo(services: Services) -> list[str]:
    return PortfolioDemo(services).load()

