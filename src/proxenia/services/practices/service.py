"""Practices: record, change, curate (draft → submitted → validated → published), read with their
adoptions, shares, lineage and what they serve (pledges, goals, agreements)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import replace
from typing import Any

from proxenia.domain.actors import Actor
from proxenia.domain.dates import normalise_date
from proxenia.domain.errors import InvalidInput, NotFound, Problem, ProblemCollector, Unauthenticated
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.practices import (
    CONTACT_TEXT_LIMITS,
    EDITABLE_FIELDS,
    LINK_TEXT_LIMITS,
    TEXT_LIMITS,
    Contact,
    ContextSnapshot,
    CurationStep,
    EvidenceLevel,
    Link,
    PracticeDraft,
    PracticeStatus,
)
from proxenia.domain.viewer import Viewer
from proxenia.services.practices.lineage import build_lineage
from proxenia.services.practices.views import PracticeDetail
from proxenia.services.reference.places import country_id
from proxenia.store.actors import ActorRepository
from proxenia.store.adoptions import AdoptionRepository
from proxenia.store.database import Connection, Database
from proxenia.store.practice_queries import PracticeQuery
from proxenia.store.practice_shares import PracticeLinkRepository, ShareRepository
from proxenia.store.practices import PracticeRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository
from proxenia.store.ties import TieRepository

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def owner_of(viewer: Viewer) -> uuid.UUID:
    if viewer.is_system:
        return REFERENCE_TENANT_ID
    if viewer.tenant_id is None:
        raise Unauthenticated("sign in to record practices")
    return viewer.tenant_id


def context_of(conn: Connection, viewer: Viewer, actor_id: uuid.UUID | None) -> ContextSnapshot:
    """The originator's context now, from the registry: size, income group, region, country."""
    if actor_id is None:
        return ContextSnapshot(taken_at=dt.date.today().isoformat())
    actors = ActorRepository(conn)
    actor: Actor = actors.get(viewer, actor_id)
    country_attrs: dict[str, Any] = {}
    if actor.country_code:
        if actor.kind is ActorKind.COUNTRY:
            country_attrs = actor.attributes
        else:
            try:
                country_attrs = actors.get(viewer, country_id(actor.country_code)).attributes
            except NotFound:
                country_attrs = {}
    return ContextSnapshot(
        population=actor.population,
        income_group=country_attrs.get("income_group"),
        region=country_attrs.get("wb_region"),
        country_code=actor.country_code,
        kind=actor.kind.value,
        taken_at=dt.date.today().isoformat(),
    )


def _too_long(
    problems: ProblemCollector, column: str, whose: str, limits: dict[str, int], values: dict[str, Any]
) -> None:
    for name, limit in limits.items():
        if len(values.get(name) or "") > limit:
            problems.add(Problem(f"{whose} {name} is longer than {limit:,} characters", column=column))


def check_practice(draft: PracticeDraft, known_areas: set[str]) -> PracticeDraft:
    """Validate a draft; every problem names its field. Returns the draft with dates normalised."""
    problems = ProblemCollector()
    if not draft.title.strip():
        problems.add(Problem("is required", column="title"))
    problems.check_lengths(TEXT_LIMITS, vars(draft))
    for code in draft.policy_areas:
        if code not in known_areas:
            problems.add(Problem(f"unknown policy area '{code}' (see /api/v1/policy-areas)", column="policy_areas"))
    start = draft.start_date
    try:
        start = normalise_date(draft.start_date)
    except ValueError as exc:
        problems.add(Problem(str(exc), column="start_date"))
    for contact in draft.contacts:
        if not contact.name.strip():
            problems.add(Problem("every contact needs a name", column="contacts"))
        _too_long(problems, "contacts", "a contact's", CONTACT_TEXT_LIMITS, vars(contact))
        if contact.email and not _EMAIL.match(contact.email):
            problems.add(Problem(f"'{contact.email}' is not an e-mail address", column="contacts"))
    for link in draft.links:
        _too_long(problems, "links", "a link's", LINK_TEXT_LIMITS, vars(link))
        if not link.url.startswith(("https://", "http://")):
            problems.add(Problem(f"'{link.url}' is not a web address (http:// or https://)", column="links"))
    problems.raise_if_any()
    return replace(draft, title=draft.title.strip(), start_date=start)


class PracticeService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- writing --------------------------------------------------------------------------------------
    def create(self, viewer: Viewer, draft: PracticeDraft) -> uuid.UUID:
        if not viewer.is_system:
            draft = replace(draft, status=PracticeStatus.DRAFT)  # curation decides the rest
        with self.db.begin() as conn:
            repo = PracticeRepository(conn)
            draft = check_practice(draft, repo.known_areas())
            self._check_refs(conn, viewer, draft.originator_id, draft.curator_tenant_id)
            context = context_of(conn, viewer, draft.originator_id)
            return repo.create(viewer, draft, tenant_id=owner_of(viewer), context=context)

    def update(self, viewer: Viewer, practice_id: uuid.UUID, version: int | None, fields: dict[str, Any]) -> int:
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise InvalidInput(Problem(f"cannot change {', '.join(sorted(unknown))}", column=sorted(unknown)[0]))
        fields = dict(fields)
        with self.db.begin() as conn:
            repo = PracticeRepository(conn)
            current = repo.get(viewer, practice_id)
            merged = PracticeDraft(
                title=fields.get("title", current.title),
                **{n: fields.get(n, getattr(current, n)) for n in ("summary", "problem", "approach", "resources")},
                outcomes=fields.get("outcomes", current.outcomes),
                policy_areas=tuple(fields.get("policy_areas", current.policy_areas)),
                start_date=fields.get("start_date", current.start_date),
                contacts=tuple(Contact(**c) if isinstance(c, dict) else c for c in fields.get("contacts", ())),
                links=tuple(Link(**x) if isinstance(x, dict) else x for x in fields.get("links", ())),
                source_ref=fields.get("source_ref", current.source_ref),
            )
            checked = check_practice(merged, repo.known_areas())
            if "start_date" in fields:
                fields["start_date"] = checked.start_date
            if "title" in fields:
                fields["title"] = checked.title
            if "contacts" in fields:
                fields["contacts"] = [c.__dict__ for c in merged.contacts]
            if "links" in fields:
                fields["links"] = [x.__dict__ for x in merged.links]
            if fields.get("evidence_level") is not None:
                fields["evidence_level"] = EvidenceLevel(fields["evidence_level"]).value
            if "visibility" in fields:
                fields["visibility"] = Visibility(fields["visibility"]).value
            self._check_refs(conn, viewer, fields.get("originator_id"), fields.get("curator_tenant_id"))
            after = repo.update(viewer, practice_id, version, fields)
        return int(after["version"])

    def delete(self, viewer: Viewer, practice_id: uuid.UUID, version: int | None = None) -> None:
        with self.db.begin() as conn:
            PracticeRepository(conn).delete(viewer, practice_id, version)

    def curate(
        self, viewer: Viewer, practice_id: uuid.UUID, step: CurationStep, version: int | None = None, note: str = ""
    ) -> int:
        if viewer.is_anonymous:
            raise Unauthenticated("sign in to curate practices")
        with self.db.begin() as conn:
            after = PracticeRepository(conn).curate(viewer, practice_id, version, step, note.strip() or None)
        return int(after["version"])

    def _check_refs(
        self, conn: Connection, viewer: Viewer, originator_id: uuid.UUID | None, curator: uuid.UUID | None
    ) -> None:
        if originator_id is not None and not ActorRepository(conn).exists(viewer, originator_id):
            raise InvalidInput(
                Problem("the originating actor does not exist or is not shared with you", column="originator_id")
            )
        if curator is not None:
            try:
                TenantRepository(conn).get(curator)
            except NotFound:
                raise InvalidInput(Problem("no such organisation", column="curator_tenant_id")) from None

    # -- what a practice serves -------------------------------------------------------------------------
    def link(
        self,
        viewer: Viewer,
        practice_id: uuid.UUID,
        *,
        pledge_id: uuid.UUID | None = None,
        agreement_id: uuid.UUID | None = None,
        goal_id: uuid.UUID | None = None,
        note: str = "",
        source_ref: str | None = None,
        visibility: Visibility = Visibility.PRIVATE,
    ) -> uuid.UUID:
        """Link a practice to the pledge (a tie of type pledge), goal or agreement it serves."""
        given = [x for x in (pledge_id, agreement_id, goal_id) if x is not None]
        if len(given) != 1:
            raise InvalidInput(Problem("link to exactly one pledge, goal or agreement", column="pledge_id"))
        with self.db.begin() as conn:
            if not PracticeRepository(conn).exists(viewer, practice_id):
                raise NotFound(f"practice {practice_id} was not found (or is not shared with you)")
            kind = "goal"
            if pledge_id is not None:
                tie = TieRepository(conn).get(viewer, pledge_id)
                if tie.type_code != "pledge":
                    raise InvalidInput(Problem("that tie is not a pledge", column="pledge_id"))
                kind = "pledge"
            elif agreement_id is not None:
                found = ActorRepository(conn).summaries(viewer, [agreement_id]).get(agreement_id)
                if found is None or found.kind is not ActorKind.AGREEMENT:
                    raise InvalidInput(Problem("no such agreement", column="agreement_id"))
                kind = "agreement"
            values = {
                "practice_id": practice_id,
                "kind": kind,
                "tie_id": pledge_id,
                "agreement_id": agreement_id,
                "goal_id": goal_id,
                "note": note,
                "source_ref": source_ref,
                "visibility": visibility.value,
            }
            return PracticeLinkRepository(conn).create(viewer, values, tenant_id=owner_of(viewer))

    def unlink(self, viewer: Viewer, link_id: uuid.UUID) -> None:
        with self.db.begin() as conn:
            PracticeLinkRepository(conn).delete(viewer, link_id)

    # -- reading ----------------------------------------------------------------------------------------
    def detail(self, viewer: Viewer, practice_id: uuid.UUID) -> PracticeDetail:
        with self.db.read() as conn:
            practice = PracticeRepository(conn).get(viewer, practice_id)
            adoptions = AdoptionRepository(conn).for_practice(viewer, practice_id)
            shares = ShareRepository(conn).for_practice(viewer, practice_id)
            links = PracticeLinkRepository(conn).for_practice(viewer, practice_id)
        lineage = build_lineage(
            practice.id, practice.title, practice.originator, practice.start_date, adoptions, shares
        )
        curator = practice.review.curator_tenant_id
        return PracticeDetail(
            practice=practice,
            adoptions=adoptions,
            shares=shares,
            links=links,
            lineage=lineage,
            can_edit=viewer.can_write(practice.tenant_id),
            can_review=viewer.is_system or (curator is not None and viewer.can_edit and viewer.tenant_id == curator),
        )

    def queue(self, viewer: Viewer) -> list[Any]:
        """The curation queue: practices waiting for this organisation's review, and its own under review."""
        with self.db.read() as conn:
            ids = PracticeQuery(conn).queue(viewer)
            found = PracticeRepository(conn).summaries(viewer, ids)
        return [found[i] for i in ids if i in found]

    def pledge_links(self, viewer: Viewer, actor_id: uuid.UUID) -> list[Any]:
        """Practices linked to an actor's pledges (its Paris commitment → the practices adopted to meet it)."""
        with self.db.read() as conn:
            return PracticeLinkRepository(conn).for_actor_pledges(viewer, actor_id)

    def policy_areas(self) -> list[tuple[str, str, str]]:
        from proxenia.domain.policy_areas import POLICY_AREAS

        return [(a.code, a.label, a.scheme) for a in POLICY_AREAS]

    def curators(self, viewer: Viewer) -> list[tuple[uuid.UUID, str]]:
        """Organisations that may curate a library (networks and national offices)."""
        with self.db.read() as conn:
            return [(t.id, t.name) for t in TenantRepository(conn).all() if t.kind in ("network", "national_office")]
