"""The federation in the demo: the US office of the demo runs a federation of real US city tenants of the
registry (Los Angeles, Austin, Irvine by GeoNames id), publishes its priorities, flags a country, and
sends a reporting campaign the cities answer in the browser; missions, a summit, a routing.

What the source documents state is cited; everything else is marked as a demo setting or an
illustrative record (engagements carry the ``demo`` origin). No mission below is reference data: the
shipped data sets document none, so the office enters examples marked illustrative. Idempotent."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from typing import TYPE_CHECKING

from proxenia.domain.campaigns import TEMPLATES, CampaignDraft
from proxenia.domain.engagements import EngagementDraft, EngagementKind, EngagementOrigin, GoalWeight, Participant
from proxenia.domain.errors import Conflict, NotFound
from proxenia.domain.federation import CountryFlagDraft, MembershipAction, MembershipStatus, RoutingSubject
from proxenia.domain.goals import GoalDraft, GoalKind
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.missions import MissionDraft
from proxenia.domain.names import reference_id
from proxenia.domain.processes import ParticipationDraft, ParticipationRole, ProcessDraft, ProcessKind
from proxenia.domain.progress import ProgressReporter
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import operator_as
from proxenia.services.demo import DEMO_PASSWORD
from proxenia.services.practices.demo_cases import SEED_000, SEED_002
from proxenia.services.reference.places import place_id
from proxenia.store.tenants import TenantRepository

if TYPE_CHECKING:
    from proxenia.services.container import Services

FED = "us-cities"
OFFICE = "us-subnational-office"
LOS_ANGELES, AUSTIN, IRVINE, SEOUL, MILAN, GUANGZHOU, LAHORE = (5368361, 4671654, 5359777, 1835848, 3173435,
                                                                1809858, 1172451)
#: Real US cities of the registry: tenant slug, name, GeoNames id.
CITIES = (("los-angeles", None, LOS_ANGELES), ("austin", "City of Austin (demo tenant)", AUSTIN),
          ("irvine", "City of Irvine (demo tenant)", IRVINE))
USERS = (("austin-editor", "austin", "Austin international affairs officer"),
         ("irvine-editor", "irvine", "Irvine international affairs officer"))
DEMO_SETTING = "Demo setting: the office's own judgement, not a fact of the registry."
ILLUSTRATIVE = "Illustrative demo record (not a documented fact)."
PRIORITIES = (
    ("NP-1", "Climate action with city partners (Paris Agreement)"),
    ("NP-2", "Sustainable development (Agenda 2030, the SDGs)"),
    ("NP-3", "Economic ties and inclusive growth"),
)


def demo_id(key: str) -> uuid.UUID:
    return reference_id("federation-demo", key)


class FederationDemo:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.system = Viewer.system("proxenia demo")
        self.lines: list[str] = []

    def _as(self, slug: str) -> Viewer:
        return operator_as(self.services.db, slug, "proxenia demo")

    def run(self) -> list[str]:
        self._tenants()
        office = self._as(OFFICE)
        self._federation(office)
        goals = self._priorities(office)
        self._flag(office)
        self._engagements(goals)
        self._campaign(office)
        self._missions_and_summit(office)
        return self.lines or ["Federation demo already present."]

    def _tenants(self) -> None:
        with self.services.db.begin() as conn:
            tenants = TenantRepository(conn)
            existing = {t.slug for t in tenants.all()}
            for slug, name, geonameid in CITIES:
                if name and slug not in existing:
                    tenants.create(self.system, slug=slug, name=name, kind="government", actor_id=place_id(geonameid))
                    self.lines.append(f"Demo organisation created: {name}")
        for username, tenant, name in USERS:
            with contextlib.suppress(Conflict):
                self.services.accounts.create_user(self.system, username=username, password=DEMO_PASSWORD,
                                                   display_name=name, tenant=tenant, role=Role.EDITOR)

    def _federation(self, office: Viewer) -> None:
        federations = self.services.federations
        try:
            federations.detail(office, FED)
        except NotFound:
            federations.create(self.system, slug=FED, name="US cities and the national office (demo)", office=OFFICE)
            self.lines.append("Demo federation created: US cities and the national office")
        members = {m.slug: m.status for m in federations.detail(office, FED).members}
        for slug, _, geonameid in CITIES:
            if members.get(slug) is MembershipStatus.ACTIVE:
                continue
            if members.get(slug) is not MembershipStatus.INVITED:
                federations.invite(office, FED, slug, actor_id=place_id(geonameid))
            federations.respond(self._as(slug), FED, MembershipAction.ACCEPT)

    def _priorities(self, office: Viewer) -> dict[str, uuid.UUID]:
        out = {}
        for code, title in PRIORITIES:
            goal = demo_id(f"priority-{code}")
            try:
                self.services.goals.get(office, goal)
            except NotFound:
                self.services.goals.create(office, GoalDraft(
                    id=goal, kind=GoalKind.NATIONAL_PRIORITY, code=code, title=title, visibility=Visibility.PUBLIC,
                    source_ref=f"Demo setting: themes of {SEED_002}"))
            out[code] = goal
        return out

    def _flag(self, office: Viewer) -> None:
        if any(f.country_code == "CN" for f in self.services.federations.flags(office, FED)):
            return
        note = (f"{DEMO_SETTING} The source cites US–China climate ties as a case where city-to-city "
                "collaboration keeps channels open where national positions limit cooperation.")
        self.services.federations.flag_country(office, FED, CountryFlagDraft(country_code="CN", note=note))
        self.lines.append("Demo setting: the office flags China as strained (its own judgement)")

    def _engagements(self, goals: dict[str, uuid.UUID]) -> None:
        recent = dt.date.today() - dt.timedelta(days=45)
        plan = (
            ("los-angeles", "la-seoul-2020", EngagementKind.CALL, "Call with Seoul on drive-through testing",
             dt.date(2020, 3, 1), SEOUL, Visibility.FEDERATION, (),
             f"Los Angeles established drive-thru testing sites as recommended by Seoul ({SEED_002}). The source "
             "says early 2020; the day is a demo setting."),
            ("los-angeles", "la-milan-2020", EngagementKind.CALL, "Call with Milan on reconfiguring hospital spaces",
             dt.date(2020, 3, 15), MILAN, Visibility.FEDERATION, (),
             f"Los Angeles adopted Milan's approach to reconfiguring hospital spaces ({SEED_002}). The day is a "
             "demo setting."),
            ("los-angeles", "la-guangzhou-climate", EngagementKind.MEETING, "Climate exchange with Guangzhou",
             recent, GUANGZHOU, Visibility.FEDERATION, ("NP-1",), ILLUSTRATIVE),
            ("los-angeles", "la-guangzhou-private", EngagementKind.MEETING,
             "Internal preparation of the Guangzhou visit (kept private)", recent, GUANGZHOU, Visibility.PRIVATE,
             (), ILLUSTRATIVE + " Private: the office must never see it."),
            ("austin", "austin-lahore", EngagementKind.MEETING, "Entrepreneurship exchange with Lahore", recent,
             LAHORE, Visibility.FEDERATION, ("NP-3",),
             f"{ILLUSTRATIVE} The Austin–Lahore partnership itself is in the source ({SEED_000})."),
        )
        for tenant, key, kind, title, day, partner, vis, priorities, text in plan:
            engagement = demo_id(f"engagement-{key}")
            editor = self._as(tenant)
            try:
                self.services.engagements.get(editor, engagement)
                continue
            except NotFound:
                pass
            departments = self.services.engagements.departments(editor)
            self.services.engagements.log(editor, EngagementDraft(
                id=engagement, kind=kind, title=title, start_date=day, description=text,
                department_id=departments[0][0] if departments else None,
                participants=(Participant(actor_id=place_id(partner)),),
                goals=tuple(GoalWeight(goals[p]) for p in priorities), origin=EngagementOrigin.DEMO, visibility=vis))
            self.lines.append(f"Demo engagement ({vis.value}): {title}")

    def _campaign(self, office: Viewer) -> None:
        title, description, questions = TEMPLATES["engagement"]
        title = f"{title} 2026 (demo)"
        if any(c.title == title for c in self.services.campaigns.campaigns(office, FED)):
            return
        campaign = self.services.campaigns.create(office, FED, CampaignDraft(
            federation_id=uuid.uuid4(), title=title, description=description, topic="international engagement",
            questions=questions))
        self.services.campaigns.send(office, campaign, [slug for slug, _, _ in CITIES],
                                     deadline=dt.date.today() + dt.timedelta(days=30))
        self.lines.append(f"Demo campaign sent to Los Angeles, Austin and Irvine: {title}")

    def _missions_and_summit(self, office: Viewer) -> None:
        missions = self.services.missions
        known = {m.mission.name: m.mission.id for m in missions.missions(office)}
        examples = (
            ("Illustrative example: US consular post serving Guangzhou", "US", "CN", GUANGZHOU),
            ("Illustrative example: Korean consular post serving Los Angeles", "KR", "US", LOS_ANGELES),
        )
        for name, sending, host, locale in examples:
            if name not in known:
                known[name] = missions.create(office, MissionDraft(
                    name=name, subtype="consulate", sending_country=sending, host_country=host,
                    serves=(place_id(locale),), illustrative=True, visibility=Visibility.FEDERATION,
                    note="Entered by the office to show the feature; the shipped data sets document no mission."))
                self.lines.append(f"Illustrative mission (office-owned, not reference data): {name}")
        if not missions.routings(office, FED):
            missions.route(office, FED, RoutingSubject.ENGAGEMENT, demo_id("engagement-la-guangzhou-climate"),
                           known[examples[0][0]], "Illustrative routing: the post can connect the climate exchange.")
        processes = self.services.processes
        summit = demo_id("process-cities-summit-americas")
        try:
            processes.detail(office, summit)
        except NotFound:
            processes.create(office, ProcessDraft(
                id=summit, kind=ProcessKind.SUMMIT, name="Cities Summit of the Americas", start_date="2023",
                description="The State Department announced it would co-host a Cities Summit of the Americas in "
                            "2023 (as the source states).", source_ref=SEED_002, visibility=Visibility.PUBLIC))
            processes.participate(self._as("los-angeles"), ParticipationDraft(
                process_id=summit, role=ParticipationRole.DELEGATE, actor_id=place_id(LOS_ANGELES),
                note=ILLUSTRATIVE + " The source does not list the participants.", visibility=Visibility.FEDERATION))
            self.lines.append("Summit from the source documents: Cities Summit of the Americas (2023)")


def federation_demo_step(services: Services, progress: ProgressReporter) -> list[str]:
    """The demo step (see ``DemoService.add_step``)."""
    progress.start("Adding the federation: US city tenants, a campaign, missions, a summit", None)
    lines = FederationDemo(services).run()
    progress.finish()
    return lines
