"""Missions and locales: embassies, consulates and trade offices tied to the places they serve; which
foreign missions serve a government, and which of its own country's missions serve its foreign partners;
an office routing a member's engagement or request to the relevant mission (a message to the member)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from proxenia.domain.actors import ActorDraft, ActorSummary
from proxenia.domain.countries import optional_country_code
from proxenia.domain.engagements import EngagementSummary
from proxenia.domain.errors import InvalidInput, NotFound, Problem, refuse_too_long
from proxenia.domain.federation import MESSAGE_TEXT_LIMITS, FederationMessage, MessageKind, RoutingSubject
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.missions import (
    ILLUSTRATIVE,
    LocaleMissions,
    MissionDraft,
    MissionView,
    PartnerMissions,
    check_mission,
)
from proxenia.domain.paging import PageRequest
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import require_editor
from proxenia.services.engagements import EngagementService
from proxenia.services.federations import office_context
from proxenia.services.practices.requests import HelpRequestService
from proxenia.services.reference.places import country_id
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Connection, Database
from proxenia.store.engagements import EngagementFilter
from proxenia.store.federation_messages import MessageRepository
from proxenia.store.missions import SERVES, MissionReader, MissionRow
from proxenia.store.sharing import SharingRepository
from proxenia.store.ties import TieRepository

SUBNATIONAL = (ActorKind.CITY, ActorKind.REGION)


def _views(rows: Iterable[MissionRow]) -> list[MissionView]:
    grouped: dict[uuid.UUID, tuple[MissionRow, list[ActorSummary]]] = {}
    for row in rows:
        _, locales = grouped.setdefault(row.mission.id, (row, []))
        if row.locale is not None and row.locale.id not in {loc.id for loc in locales}:
            locales.append(row.locale)
    return [
        MissionView(r.mission, r.subtype, r.sending_country, tuple(sorted(locales, key=lambda a: a.name)),
                    bool(r.attributes.get(ILLUSTRATIVE)), r.attributes.get("source_ref"))
        for r, locales in sorted(grouped.values(), key=lambda g: g[0].mission.name)
    ]


def _places_of(conn: Connection, viewer: Viewer, actors: Iterable[ActorSummary]) -> dict[uuid.UUID, set[uuid.UUID]]:
    """Each actor with the places that contain it (its region, its country): a mission serving any serves it."""
    reader = MissionReader(conn)
    found = list(actors)
    places = {a.id: {a.id} | ({country_id(a.country_code)} if a.country_code else set()) for a in found}
    origins: dict[uuid.UUID, set[uuid.UUID]] = {a.id: {a.id} for a in found}
    for _ in range(3):  # city -> county -> state -> country
        parents = reader.parents(viewer, origins)
        upper: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
        for child, parent in parents.items():
            for origin in origins[child]:
                places[origin].add(parent)
            upper[parent] |= origins[child]
        origins = upper
        if not origins:
            break
    return places


class MissionService:
    def __init__(self, db: Database, engagements: EngagementService, help_requests: HelpRequestService) -> None:
        self.db = db
        self.engagements = engagements
        self.help_requests = help_requests

    def create(self, viewer: Viewer, draft: MissionDraft) -> uuid.UUID:
        """A mission (owned by the viewer's organisation) and a ``serves`` tie to each place it serves."""
        tenant = require_editor(viewer, "missions")
        problems = check_mission(draft)
        if problems:
            raise InvalidInput(problems)
        attributes: dict[str, object] = {"sending_country": draft.sending_country}
        if draft.illustrative:
            attributes[ILLUSTRATIVE] = True
        if draft.source_ref:
            attributes["source_ref"] = draft.source_ref
        if draft.note:
            attributes["note"] = draft.note
        with self.db.begin() as conn:
            actors = ActorRepository(conn)
            locales = actors.summaries(viewer, draft.serves)
            missing = [str(i) for i in draft.serves if i not in locales]
            if missing:
                raise InvalidInput(Problem(f"places not found (or not shared with you): {', '.join(missing)}",
                                           column="serves"))
            sender = country_id(draft.sending_country)
            mission_id = actors.create(viewer, ActorDraft(
                kind=ActorKind.MISSION, subtype=draft.subtype, name=draft.name.strip(),
                country_code=draft.host_country, latitude=draft.latitude, longitude=draft.longitude,
                parent_id=sender if actors.summaries(viewer, [sender]) else None, attributes=attributes,
                visibility=draft.visibility,
            ), tenant_id=tenant)
            ties = TieRepository(conn)
            for locale in locales.values():
                ties.create(viewer, TieDraft(type_code=SERVES, source_id=mission_id, target_id=locale.id,
                                             source_ref=draft.source_ref, notes=draft.note,
                                             visibility=draft.visibility),
                            tenant_id=tenant, countries=(draft.host_country, locale.country_code))
            return mission_id

    def missions(self, viewer: Viewer, *, sending_country: str | None = None) -> list[MissionView]:
        """The missions the viewer may read (of one sending country: a code or name; an unknown one is an error)."""
        code = optional_country_code(sending_country, field="sending_country")
        with self.db.read() as conn:
            return _views(MissionReader(conn).missions(viewer, sending_country=code))

    def for_actor(self, viewer: Viewer, actor_id: uuid.UUID) -> LocaleMissions:
        """The foreign missions serving a government, and its own country's missions serving its partners."""
        with self.db.read() as conn:
            me = ActorRepository(conn).summaries(viewer, [actor_id]).get(actor_id)
            if me is None:
                raise NotFound(f"actor {actor_id} was not found (or is not shared with you)")
            reader = MissionReader(conn)
            mine = _places_of(conn, viewer, [me])[me.id]
            serving = [m for m in _views(reader.serving(viewer, mine)) if m.sending_country != me.country_code]
            partners: dict[uuid.UUID, tuple[ActorSummary, str]] = {}
            for view in TieRepository(conn).for_actor(viewer, actor_id):
                other = view.other
                if other.kind in SUBNATIONAL and other.country_code and other.country_code != me.country_code:
                    partners.setdefault(other.id, (other, view.label))
            places = _places_of(conn, viewer, [p for p, _ in partners.values()])
            rows = reader.serving(viewer, {p for ps in places.values() for p in ps})
        own = [m for m in _views(rows) if me.country_code and m.sending_country == me.country_code]
        out = []
        for partner, label in sorted(partners.values(), key=lambda p: p[0].name):
            serving_partner = tuple(m for m in own if {loc.id for loc in m.locales} & places[partner.id])
            out.append(PartnerMissions(partner, label, serving_partner))
        return LocaleMissions(me, tuple(serving), tuple(out))

    # -- routing by the office ---------------------------------------------------------------------------
    def _subject(self, viewer: Viewer, kind: RoutingSubject, subject_id: uuid.UUID) -> tuple[str, uuid.UUID,
                                                                                               list[uuid.UUID]]:
        """(title, owner tenant, places concerned) of a member's engagement or request the viewer may read."""
        if kind is RoutingSubject.ENGAGEMENT:
            engagement = self.engagements.get(viewer, subject_id)
            return engagement.title, engagement.tenant_id, [p.actor_id for p in engagement.counterparts
                                                            if p.actor_id]
        request = self.help_requests.get(viewer, subject_id)
        return request.title, request.tenant_id, [request.asker.id]

    def suggestions(
        self, viewer: Viewer, slug: str, kind: RoutingSubject, subject_id: uuid.UUID
    ) -> tuple[str, list[MissionView]]:
        """The subject's title and the missions serving the places it concerns (the relevant ones first)."""
        title, _, concerned = self._subject(viewer, kind, subject_id)
        with self.db.read() as conn:
            office_context(conn, viewer, slug)
            located = ActorRepository(conn).summaries(viewer, concerned)
            places = {p for ps in _places_of(conn, viewer, located.values()).values() for p in ps}
            return title, _views(MissionReader(conn).serving(viewer, places))

    def route(
        self, viewer: Viewer, slug: str, kind: RoutingSubject, subject_id: uuid.UUID, mission_id: uuid.UUID,
        note: str = "",
    ) -> uuid.UUID:
        """Route a member's engagement or request to a mission: a message to the member, kept by the office."""
        require_editor(viewer, "routings")
        refuse_too_long(MESSAGE_TEXT_LIMITS, {"note": note.strip()})
        title, owner, _ = self._subject(viewer, kind, subject_id)
        with self.db.begin() as conn:
            context = office_context(conn, viewer, slug)
            if owner not in SharingRepository(conn).active_members(context.federation.id) or owner == viewer.tenant_id:
                raise InvalidInput(Problem("route the records of the federation's members", column="subject_id"))
            mission = ActorRepository(conn).summaries(viewer, [mission_id]).get(mission_id)
            if mission is None or mission.kind is not ActorKind.MISSION:
                raise InvalidInput(Problem("not a mission (or not shared with you)", column="mission_id"))
            return MessageRepository(conn).create(viewer, {
                "tenant_id": context.federation.office_tenant_id, "federation_id": context.federation.id,
                "addressee_tenant_id": owner, "kind": MessageKind.ROUTING.value,
                "subject": f"Routed to {mission.name}: {title}"[:300], "body": note.strip(),
                "mission_id": mission_id, "subject_kind": kind.value, "subject_id": subject_id,
                "sent_by": viewer.label, "visibility": Visibility.PRIVATE.value,
            })

    def routings(self, viewer: Viewer, slug: str) -> list[FederationMessage]:
        with self.db.read() as conn:
            context = office_context(conn, viewer, slug)
            return MessageRepository(conn).search(viewer, federation_id=context.federation.id,
                                                  kinds=(MessageKind.ROUTING,))

    def routing_candidates(
        self, viewer: Viewer, slug: str, *, limit: int = 20
    ) -> list[tuple[EngagementSummary, str, list[MissionView]]]:
        """The members' latest engagements shared with the office, each with the missions serving the places
        it concerns (the relevant missions to route it to)."""
        with self.db.read() as conn:
            context = office_context(conn, viewer, slug)
            members = {m.tenant_id: m.tenant_name for m in SharingRepository(conn).memberships(
                federation_id=context.federation.id) if m.status == "active"
                and m.tenant_id != context.federation.office_tenant_id}
        found = self.engagements.search(viewer, EngagementFilter(), PageRequest(limit=200)).items
        out = []
        for e in [e for e in found if e.tenant_id in members][:limit]:
            _, missions = self.suggestions(viewer, slug, RoutingSubject.ENGAGEMENT, e.id)
            out.append((e, members[e.tenant_id], missions))
        return out

    def mission_names(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        with self.db.read() as conn:
            return {k: v.name for k, v in ActorRepository(conn).summaries(viewer, ids).items()}

