"""Which organisation acts: the signed-in user's tenant, or, on the command line, the tenant the
installation's operator names (``--tenant``) — the operator then acts as that tenant's administrator."""

from __future__ import annotations

import uuid

from proxenia.domain.errors import InvalidInput, PermissionDenied, Problem, Unauthenticated
from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.store.access import resolve_viewer
from proxenia.store.database import Database
from proxenia.store.tenants import TenantRepository

#: The user id the audit trail records for the installation's operator acting as a tenant.
OPERATOR_ID = uuid.UUID("00000000-0000-4000-8000-00000000c11a")
#: The user id of a server's own reads at start (warming dashboards and reports as an organisation sees them).
WARM_UP_USER = uuid.uuid5(uuid.NAMESPACE_URL, "proxenia:federation-dashboard-warm-up")


def tenant_of(viewer: Viewer, what: str = "this") -> uuid.UUID:
    """The tenant a viewer acts for; anonymous and tenant-less viewers are told what is missing."""
    if viewer.tenant_id is not None:
        return viewer.tenant_id
    if viewer.is_anonymous:
        raise Unauthenticated(f"sign in to use {what}")
    if viewer.is_system:
        raise InvalidInput(Problem("say which organisation acts (--tenant SLUG)", column="tenant"))
    raise PermissionDenied(f"{what} belongs to an organisation; your account has none")


def require_editor(viewer: Viewer, what: str) -> uuid.UUID:
    tenant = tenant_of(viewer, what)
    if not viewer.can_edit:
        raise PermissionDenied(f"your role ({viewer.role}) cannot change {what}; an editor or admin can")
    return tenant


def require_admin(viewer: Viewer, what: str) -> uuid.UUID:
    tenant = tenant_of(viewer, what)
    if not (viewer.is_system or viewer.role is Role.ADMIN):
        raise PermissionDenied(f"only an admin of the organisation can change {what}")
    return tenant


def operator_as(db: Database, slug: str | None, label: str = "cli") -> Viewer:
    """The command line's viewer: the installation itself, or an administrator of the named tenant."""
    if not slug:
        return Viewer.system(label)
    with db.read() as conn:
        tenant = TenantRepository(conn).by_slug(slug)
        return resolve_viewer(
            conn, user_id=OPERATOR_ID, username=f"{label} ({slug})", tenant_id=tenant.id, role=Role.ADMIN
        )
