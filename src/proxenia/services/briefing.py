"""Briefing books for an actor or a country: ties by type and age, the timeline of engagements, people
and posts, shared networks, pledges, practices exchanged both ways, open follow-ups, and who in the
other departments of our own government has dealt with them. On screen, by API, CLI and as a PDF."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Protocol

from proxenia.domain.actors import ActorSummary
from proxenia.domain.briefing import (
    BriefingBook,
    DepartmentContact,
    OpenFollowUp,
    PracticeExchange,
    SharedNetwork,
    TieLine,
    TieSection,
    age_in_years,
)
from proxenia.domain.countries import country_code, country_name
from proxenia.domain.engagements import EngagementFilter, EngagementSummary
from proxenia.domain.kinds import ActorKind
from proxenia.domain.ties import TieView
from proxenia.domain.viewer import Viewer
from proxenia.interop.briefing_pdf import briefing_pdf
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.engagement_facts import EngagementFactReader
from proxenia.store.engagements import EngagementRepository
from proxenia.store.people import PostRepository
from proxenia.store.portfolio import PortfolioSettingsRepository
from proxenia.store.tenants import TenantRepository
from proxenia.store.ties import TieRepository

TIMELINE_LIMIT = 200
NETWORK = "network_membership"


class PracticeExchangeSource(Protocol):
    """The hook the practice exchange fills: practices that travelled between us and them, both ways.

    ``ours`` is our government's own place (or None); ``theirs`` the subject's actors. Register an
    implementation with ``BriefingService.connect_practices`` (see ``services/container.py``)."""

    def practices_exchanged(
        self, viewer: Viewer, ours: uuid.UUID | None, theirs: Sequence[uuid.UUID]
    ) -> list[PracticeExchange]: ...


def _line(view: TieView, today: dt.date, origin: ActorSummary | None = None) -> TieLine:
    t = view.tie
    return TieLine(t.id, view.label, view.other, t.status.value, t.start_date, age_in_years(t.start_date, today),
                   t.rationale, t.visibility, origin)


def _sections(lines: list[TieLine]) -> list[TieSection]:
    groups: dict[str, list[TieLine]] = defaultdict(list)
    for line in lines:
        groups[line.label].append(line)
    return [
        TieSection(label, sorted(items, key=lambda x: (x.start_date or "9999", x.other.name)))
        for label, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


class BriefingService:
    def __init__(self, db: Database, practices: PracticeExchangeSource | None = None) -> None:
        self.db = db
        self.practices = practices

    def connect_practices(self, source: PracticeExchangeSource) -> None:
        """Where the practice exchange plugs in; until it does, books say the section is not available."""
        self.practices = source

    # -- books ----------------------------------------------------------------------------------------
    def for_actor(self, viewer: Viewer, actor_id: uuid.UUID, *, today: dt.date | None = None) -> BriefingBook:
        today = today or dt.datetime.now(dt.UTC).date()
        with self.db.read() as conn:
            actors = ActorRepository(conn)
            actor = actors.get(viewer, actor_id)
            home, home_name, tenant_name = self._home(conn, viewer)
            ties = TieRepository(conn)
            views = ties.for_actor(viewer, actor_id)
            pledges = [_line(v, today) for v in views if v.tie.type_code == "pledge" and v.outgoing]
            others = [_line(v, today) for v in views if not (v.tie.type_code == "pledge" and v.outgoing)]
            shared: list[SharedNetwork] = []
            if home is not None and home != actor_id:
                ours = {e.other for e in ties.edges(viewer, [home], types=[NETWORK])}
                theirs = {e.other for e in ties.edges(viewer, [actor_id], types=[NETWORK])}
                nets = actors.summaries(viewer, ours & theirs)
                shared = [SharedNetwork(n, [actor.name]) for n in sorted(nets.values(), key=lambda n: n.name)]
            book = BriefingBook(
                subject_kind="actor", subject_id=actor.id, title=actor.name, country_code=actor.country_code,
                subtitle=f"{actor.kind.label}{', ' + country_name(actor.country_code) if actor.country_code else ''}",
                generated_on=today, generated_for=tenant_name, home_name=home_name,
                facts=self._actor_facts(actor.population, actor.subtype, actor.identifiers),
                tie_sections=_sections(others), pledges=pledges, shared_networks=shared,
                people=PostRepository(conn).for_organization(viewer, actor_id),
            )
            self._engagements(conn, viewer, book, EngagementFilter(actor_ids=(actor_id,)), today)
        book.practices = self._practices(viewer, home, [actor_id])
        return book

    def for_country(self, viewer: Viewer, country: str, *, today: dt.date | None = None) -> BriefingBook:
        code = country_code(country)
        today = today or dt.datetime.now(dt.UTC).date()
        with self.db.read() as conn:
            actors = ActorRepository(conn)
            home, home_name, tenant_name = self._home(conn, viewer)
            ties = TieRepository(conn)
            state = actors.by_identifier(viewer, "iso3166-1", code)
            facts: list[tuple[str, str]] = []
            if state is not None:
                attributes = actors.get(viewer, state.id).attributes
                facts = [(k, str(attributes[a])) for k, a in (("World Bank region", "wb_region"),
                                                                  ("Income group", "income_group"),
                                                                  ("Capital", "capital")) if attributes.get(a)]
                if state.population:
                    facts.insert(0, ("Population", f"{state.population:,}"))
            book = BriefingBook(
                subject_kind="country", country_code=code, subject_id=state.id if state else None,
                title=country_name(code), subtitle="Country briefing", generated_on=today,
                generated_for=tenant_name, home_name=home_name, facts=facts,
            )
            if home is not None:
                origin = actors.summaries(viewer, [home]).get(home)
                views = ties.for_actors_to_country(viewer, actor_ids=[home], from_country=None, to_country=code)
                book.tie_sections = _sections([_line(v, today, origin) for v in views])
                book.shared_networks = self._country_networks(conn, viewer, home, code)
            else:
                book.notes.append("Your organisation's own place is not set (portfolio settings), so ties with "
                                  "this country are not listed.")
            if state is not None:
                book.pledges = [_line(v, today) for v in ties.for_actor(viewer, state.id, type_code="pledge")
                                if v.outgoing]
                book.people = PostRepository(conn).for_organization(viewer, state.id)
            self._engagements(conn, viewer, book, EngagementFilter(country_code=code), today)
            counterparts = {p.actor_id for s in book.timeline for p in s.counterparts
                            if p.actor_id and p.country_code == code}
            counterparts |= {t.other.id for section in book.tie_sections for t in section.ties}
        book.practices = self._practices(viewer, home, sorted(counterparts, key=str))
        return book

    def pdf(self, book: BriefingBook) -> bytes:
        return briefing_pdf(book)

    # -- parts ------------------------------------------------------------------------------------------
    def _home(self, conn: Any, viewer: Viewer) -> tuple[uuid.UUID | None, str | None, str | None]:
        if viewer.tenant_id is None:
            return None, None, None
        tenant = TenantRepository(conn).get(viewer.tenant_id)
        home = PortfolioSettingsRepository(conn).get(viewer.tenant_id).home_actor_id
        home_name = None
        if home is not None:
            found = ActorRepository(conn).summaries(viewer, [home]).get(home)
            home_name = found.name if found else None
        return home, home_name, tenant.name

    @staticmethod
    def _actor_facts(population: int | None, subtype: str | None, identifiers: Any) -> list[tuple[str, str]]:
        facts = []
        if population:
            facts.append(("Population", f"{population:,} (GeoNames)"))
        if subtype:
            facts.append(("Type", subtype.replace("_", " ")))
        for ident in identifiers:
            if ident.scheme in ("wikidata", "geonames", "iso3166-2"):
                facts.append((ident.scheme, ident.value))
        return facts

    def _engagements(
        self, conn: Any, viewer: Viewer, book: BriefingBook, where: EngagementFilter, today: dt.date
    ) -> None:
        timeline, total = EngagementRepository(conn).search(viewer, where, limit=TIMELINE_LIMIT)
        book.timeline, book.timeline_total = timeline, total
        book.follow_ups = [
            OpenFollowUp(eid, title, f.action, f.owner, f.due_date, f.is_overdue(today))
            for eid, title, f in EngagementFactReader(conn).open_follow_ups(viewer, [s.id for s in timeline])
        ]
        book.departments = _departments(viewer, timeline)

    def _country_networks(self, conn: Any, viewer: Viewer, home: uuid.UUID, code: str) -> list[SharedNetwork]:
        ties = TieRepository(conn)
        nets = {e.other for e in ties.edges(viewer, [home], types=[NETWORK])}
        if not nets:
            return []
        members: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
        for e in ties.edges(viewer, nets, types=[NETWORK]):
            members[e.origin].add(e.other)
        summaries = ActorRepository(conn).summaries(viewer, nets | {m for s in members.values() for m in s})
        out = []
        for net in nets:
            names = sorted(summaries[m].name for m in members[net] if m in summaries
                           and summaries[m].country_code == code and summaries[m].kind is not ActorKind.COUNTRY)
            if names and net in summaries:
                out.append(SharedNetwork(summaries[net], names))
        return sorted(out, key=lambda s: (-len(s.members), s.network.name))

    def _practices(
        self, viewer: Viewer, home: uuid.UUID | None, theirs: list[uuid.UUID]
    ) -> list[PracticeExchange] | None:
        if self.practices is None:
            return None
        return self.practices.practices_exchanged(viewer, home, theirs)


def _departments(viewer: Viewer, timeline: list[EngagementSummary]) -> list[DepartmentContact]:
    """Who in our own government has dealt with them: per department, how often, when last, who logged it."""
    groups: dict[uuid.UUID | None, list[EngagementSummary]] = defaultdict(list)
    for s in timeline:
        if viewer.tenant_id is not None and s.tenant_id == viewer.tenant_id:
            groups[s.department_id].append(s)
    out = [
        DepartmentContact(
            department_id=dep,
            department=items[0].department_name or "(no department)",
            engagements=len(items),
            last_date=max(s.start_date for s in items),
            people=tuple(sorted({s.recorded_by for s in items if s.recorded_by})),
            is_mine=dep is not None and dep in viewer.departments,
        )
        for dep, items in groups.items()
    ]
    return sorted(out, key=lambda d: (d.is_mine, -d.engagements, d.department))

