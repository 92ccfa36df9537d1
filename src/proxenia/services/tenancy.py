"""Tenants, sharing agreements and federation membership: who may see what is shared."""

from __future__ import annotations

import uuid

from proxenia.domain.errors import InvalidInput, PermissionDenied
from proxenia.domain.kinds import Role, tenant_problems
from proxenia.domain.viewer import Viewer
from proxenia.store.database import Database
from proxenia.store.sharing import Membership, SharingRepository
from proxenia.store.tenants import Tenant, TenantRepository


def _require_admin(viewer: Viewer) -> uuid.UUID:
    if viewer.is_system:
        raise PermissionDenied("say which organisation acts")
    if viewer.tenant_id is None or viewer.role is not Role.ADMIN:
        raise PermissionDenied("only an admin of the organisation can change what it shares")
    return viewer.tenant_id


class TenancyService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def tenants(self, viewer: Viewer) -> list[Tenant]:
        """Organisations on this installation (their names are visible to every signed-in user)."""
        if viewer.is_anonymous:
            raise PermissionDenied("sign in to see the organisations on this installation")
        with self.db.read() as conn:
            return TenantRepository(conn).all()

    def slug_of(self, tenant_id: uuid.UUID) -> str:
        with self.db.read() as conn:
            return TenantRepository(conn).get(tenant_id).slug

    def kind_of(self, viewer: Viewer) -> str | None:
        """The kind of the viewer's own organisation (government, network, national_office…), or None."""
        if viewer.tenant_id is None:
            return None
        with self.db.read() as conn:
            return TenantRepository(conn).get(viewer.tenant_id).kind

    def create_tenant(self, viewer: Viewer, *, slug: str, name: str, kind: str) -> Tenant:
        if not (viewer.is_system or viewer.is_installation_admin):
            raise PermissionDenied("only the installation's administrator can add organisations")
        name = name.strip()
        problems = tenant_problems(slug, name, kind)
        if problems:
            raise InvalidInput(problems)
        with self.db.begin() as conn:
            return TenantRepository(conn).create(viewer, slug=slug, name=name, kind=kind)

    def partners(self, viewer: Viewer) -> list[tuple[uuid.UUID, str]]:
        if viewer.tenant_id is None:
            return []
        with self.db.read() as conn:
            return SharingRepository(conn).partners_of(viewer.tenant_id)

    def share_with(self, viewer: Viewer, partner_slug: str, note: str | None = None) -> None:
        tenant_id = _require_admin(viewer)
        with self.db.begin() as conn:
            partner = TenantRepository(conn).by_slug(partner_slug)
            SharingRepository(conn).share_with(viewer, tenant_id, partner.id, note)

    def stop_sharing(self, viewer: Viewer, partner_slug: str) -> None:
        tenant_id = _require_admin(viewer)
        with self.db.begin() as conn:
            partner = TenantRepository(conn).by_slug(partner_slug)
            SharingRepository(conn).stop_sharing(viewer, tenant_id, partner.id)

    def memberships(self, viewer: Viewer) -> list[Membership]:
        if viewer.tenant_id is None:
            return []
        with self.db.read() as conn:
            return SharingRepository(conn).memberships(tenant_id=viewer.tenant_id)
