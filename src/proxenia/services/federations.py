"""Federations: an office creates one, invites governments, and they accept, decline or leave; the office
flags the countries whose national relations it judges strained. Who sees what: the office and the
active members see the member list; a government that was invited sees the federation and the office."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from proxenia.domain.countries import country_code
from proxenia.domain.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Problem,
    Unauthenticated,
    refuse_too_long,
)
from proxenia.domain.federation import (
    FEDERATION_TEXT_LIMITS,
    FLAG_TEXT_LIMITS,
    REINVITABLE,
    CountryFlag,
    CountryFlagDraft,
    FederationDetail,
    FederationView,
    MembershipAction,
    MembershipStatus,
    MemberView,
    check_slug,
    next_status,
)
from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import require_admin, require_editor, tenant_of
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Connection, Database
from proxenia.store.federation_facts import Scope
from proxenia.store.federation_flags import CountryFlagRepository
from proxenia.store.sharing import Federation, SharingRepository
from proxenia.store.tenants import TenantRepository

OFFICE_KINDS = ("national_office", "network")


@dataclass(frozen=True)
class OfficeContext:
    """A federation as its office acts on it: the federation and the scope of the office's reads."""

    federation: Federation
    scope: Scope


def _view(conn: Connection, fed: Federation) -> FederationView:
    office = TenantRepository(conn).get(fed.office_tenant_id)
    return FederationView(fed.id, fed.slug, fed.name, fed.office_tenant_id, office.name)


def federation_of(conn: Connection, slug: str, viewer: Viewer) -> Federation:
    """The federation, if the viewer's organisation is its office or has a membership (any status)."""
    if viewer.is_anonymous:
        raise Unauthenticated("sign in to see your federations")
    try:
        fed = SharingRepository(conn).by_slug(slug)
    except NotFound:
        raise NotFound(f"federation '{slug}' was not found (or you are not part of it)") from None
    if viewer.is_system or viewer.tenant_id == fed.office_tenant_id:
        return fed
    if viewer.tenant_id is None or SharingRepository(conn).status(fed.id, viewer.tenant_id) is None:
        raise NotFound(f"federation '{slug}' was not found (or you are not part of it)")
    return fed


def office_context(conn: Connection, viewer: Viewer, slug: str) -> OfficeContext:
    """The federation when the viewer acts for its office (or is the installation); otherwise refused."""
    fed = federation_of(conn, slug, viewer)
    if not viewer.is_system and viewer.tenant_id != fed.office_tenant_id:
        raise PermissionDenied("only the federation's office sees this; members see their own records")
    return OfficeContext(fed, Scope(viewer, fed.id, fed.office_tenant_id))


class FederationService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ----------------------------------------------------------------------------------------
    def mine(self, viewer: Viewer) -> list[tuple[FederationView, MembershipStatus, bool]]:
        """The federations the viewer's organisation belongs to or was invited to (and whether it is the office)."""
        if viewer.is_anonymous:
            raise Unauthenticated("sign in to see your federations")
        if viewer.tenant_id is None:
            return []
        with self.db.read() as conn:
            rows = SharingRepository(conn).memberships(tenant_id=viewer.tenant_id)
            office = viewer.tenant_id
            return [(_view(conn, m.federation), MembershipStatus(m.status), m.federation.office_tenant_id == office)
                    for m in rows]

    def detail(self, viewer: Viewer, slug: str) -> FederationDetail:
        with self.db.read() as conn:
            fed = federation_of(conn, slug, viewer)
            sharing = SharingRepository(conn)
            is_office = viewer.is_system or viewer.tenant_id == fed.office_tenant_id
            mine = sharing.status(fed.id, viewer.tenant_id) if viewer.tenant_id else None
            rows = sharing.memberships(federation_id=fed.id)
            if not (is_office or mine == MembershipStatus.ACTIVE.value):
                rows = [m for m in rows if m.tenant_id in (viewer.tenant_id, fed.office_tenant_id)]
            actors = ActorRepository(conn).summaries(viewer, {m.actor_id for m in rows if m.actor_id})
            slugs = {t.id: t.slug for t in TenantRepository(conn).all()}
            members = [
                MemberView(
                    tenant_id=m.tenant_id, slug=slugs.get(m.tenant_id, ""), name=m.tenant_name,
                    status=MembershipStatus(m.status), actor_id=m.actor_id,
                    actor_name=actors[m.actor_id].name if m.actor_id in actors else None,
                    country_code=actors[m.actor_id].country_code if m.actor_id in actors else None,
                    updated_at=None, is_office=m.tenant_id == fed.office_tenant_id,
                )
                for m in rows
            ]
            return FederationDetail(_view(conn, fed), members, MembershipStatus(mine) if mine else None, is_office)

    # -- changing membership ------------------------------------------------------------------------------
    def create(self, viewer: Viewer, *, slug: str, name: str, office: str | None = None) -> FederationView:
        """A federation whose office is the viewer's organisation (or, for the installation, ``office``)."""
        problem = check_slug(slug)
        if problem:
            raise InvalidInput(Problem(problem, column="slug"))
        if not name.strip():
            raise InvalidInput(Problem("is required", column="name"))
        refuse_too_long(FEDERATION_TEXT_LIMITS, {"name": name.strip()})
        with self.db.begin() as conn:
            tenants = TenantRepository(conn)
            if viewer.is_system or viewer.is_installation_admin:
                if not office:
                    raise InvalidInput(Problem("name the office's organisation", column="office"))
                tenant = tenants.by_slug(office)
            else:
                tenant = tenants.get(require_admin(viewer, "federations"))
            if tenant.kind not in OFFICE_KINDS:
                raise PermissionDenied("a federation is run by a national office or a network secretariat")
            fed = SharingRepository(conn).create_federation(viewer, slug=slug, name=name.strip(),
                                                            office_tenant_id=tenant.id)
            return _view(conn, fed)

    def invite(self, viewer: Viewer, slug: str, member: str, *, actor_id: uuid.UUID | None = None) -> MembershipStatus:
        """The office invites a government (by tenant slug), naming the registry actor that stands for it."""
        with self.db.begin() as conn:
            fed = office_context(conn, viewer, slug).federation
            if not viewer.is_system and viewer.role is not Role.ADMIN:
                raise PermissionDenied("only an admin of the office can invite members")
            if not member.strip():
                raise InvalidInput(Problem("choose the government to invite", column="tenant"))
            try:
                tenant = TenantRepository(conn).by_slug(member)
            except NotFound:  # a field of the invitation, not the resource asked for
                raise InvalidInput(Problem(f"no organisation is called '{member}'", column="tenant")) from None
            sharing = SharingRepository(conn)
            current = sharing.status(fed.id, tenant.id)
            if current is not None and MembershipStatus(current) not in REINVITABLE:
                raise Conflict(f"{tenant.name} is already {MembershipStatus(current).label.lower()}")
            actor = actor_id or tenant.actor_id
            if actor is not None and not ActorRepository(conn).summaries(viewer, [actor]):
                raise InvalidInput(Problem("the actor does not exist (or is not shared with you)", column="actor_id"))
            sharing.set_membership(viewer, fed.id, tenant.id, MembershipStatus.INVITED.value, actor_id=actor)
            return MembershipStatus.INVITED

    def respond(self, viewer: Viewer, slug: str, action: MembershipAction) -> MembershipStatus:
        """The invited or member government accepts, declines or leaves (its admin decides)."""
        tenant = require_admin(viewer, "your organisation's memberships")
        with self.db.begin() as conn:
            fed = federation_of(conn, slug, viewer)
            if tenant == fed.office_tenant_id:
                raise Conflict("the office runs the federation; it cannot accept, decline or leave it")
            sharing = SharingRepository(conn)
            current = sharing.status(fed.id, tenant)
            try:
                target = next_status(MembershipStatus(current) if current else None, action)
            except ValueError as exc:
                raise Conflict(str(exc)) from None
            sharing.set_membership(viewer, fed.id, tenant, target.value)
            return target

    # -- the office's country flags -----------------------------------------------------------------------
    def flags(self, viewer: Viewer, slug: str) -> list[CountryFlag]:
        with self.db.read() as conn:
            fed = federation_of(conn, slug, viewer)
            return CountryFlagRepository(conn).for_federation(viewer, fed.id)

    def flag_country(self, viewer: Viewer, slug: str, draft: CountryFlagDraft) -> uuid.UUID:
        """The office flags a country as strained (its own judgement, private unless it shares it)."""
        require_editor(viewer, "the office's country flags")
        refuse_too_long(FLAG_TEXT_LIMITS, {"note": draft.note.strip()})
        code = country_code(draft.country_code, field="country_code")
        with self.db.begin() as conn:
            context = office_context(conn, viewer, slug)
            repo = CountryFlagRepository(conn)
            if repo.existing(context.federation.id, code) is not None:
                raise Conflict(f"{code} is already flagged; change or remove that flag")
            tenant = tenant_of(viewer, "country flags")
            draft = CountryFlagDraft(country_code=code, note=draft.note.strip(), visibility=draft.visibility)
            return repo.create(viewer, context.federation.id, draft, tenant)

    def unflag(self, viewer: Viewer, slug: str, flag_id: uuid.UUID, version: int | None = None) -> None:
        with self.db.begin() as conn:
            context = office_context(conn, viewer, slug)
            repo = CountryFlagRepository(conn)
            if repo.get(viewer, flag_id).federation_id != context.federation.id:
                raise NotFound(f"flag {flag_id} is not one of this federation's")
            repo.delete(viewer, flag_id, version)
