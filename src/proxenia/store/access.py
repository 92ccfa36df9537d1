"""The permission filter: the one place that decides which rows a viewer may read or change.

Every repository builds its queries with ``readable(table, viewer)``; no endpoint filters by itself.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Connection, FromClause, and_, false, or_, select, true

from proxenia.domain.errors import NotFound, PermissionDenied
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.viewer import Viewer
from proxenia.store.tables import federation_members, sharing_agreements

_SHARED_WITH_PARTNERS = (Visibility.PARTNERS.value, Visibility.FEDERATION.value)


def readable(table: FromClause, viewer: Viewer) -> ColumnElement[bool]:
    """SQL condition: rows of ``table`` that ``viewer`` may read.

    Sharing levels nest: a federation record is also visible to named partners; public records to all.
    """
    if viewer.is_system:
        return true()
    tenant = table.c.tenant_id
    visibility = table.c.visibility
    conditions: list[ColumnElement[bool]] = [visibility == Visibility.PUBLIC.value]
    if viewer.tenant_id is not None:
        conditions.append(tenant == viewer.tenant_id)
    if viewer.partner_tenants:
        conditions.append(and_(visibility.in_(_SHARED_WITH_PARTNERS), tenant.in_(sorted(viewer.partner_tenants))))
    if viewer.federation_tenants:
        conditions.append(
            and_(visibility == Visibility.FEDERATION.value, tenant.in_(sorted(viewer.federation_tenants)))
        )
    return or_(*conditions)


def writable(table: FromClause, viewer: Viewer) -> ColumnElement[bool]:
    """SQL condition: rows of ``table`` that ``viewer`` may change (its own tenant's, as editor)."""
    if viewer.is_system:
        return true()
    if viewer.tenant_id is None or not viewer.can_edit:
        return false()
    return table.c.tenant_id == viewer.tenant_id


def check_can_write(viewer: Viewer, tenant_id: uuid.UUID, what: str) -> None:
    if viewer.can_write(tenant_id):
        return
    if viewer.is_anonymous:
        raise PermissionDenied(f"sign in to change {what}")
    if viewer.tenant_id != tenant_id:
        raise PermissionDenied(f"{what} belongs to another organisation; you can read it but not change it")
    raise PermissionDenied(f"your role ({viewer.role}) cannot change {what}; an editor or admin can")


def raise_not_readable(what: str) -> NotFound:
    """Unreadable and absent records give the same answer, so ids cannot be probed."""
    return NotFound(f"{what} was not found (or is not shared with you)")


def resolve_viewer(
    conn: Connection,
    *,
    user_id: uuid.UUID | None,
    username: str | None,
    tenant_id: uuid.UUID | None,
    role: Role | None,
    departments: frozenset[uuid.UUID] = frozenset(),
    is_installation_admin: bool = False,
) -> Viewer:
    """Build a viewer with the tenants that share with its tenant, read once per request."""
    partners: frozenset[uuid.UUID] = frozenset()
    federated: frozenset[uuid.UUID] = frozenset()
    if tenant_id is not None:
        partners = frozenset(
            conn.scalars(
                select(sharing_agreements.c.tenant_id).where(sharing_agreements.c.partner_tenant_id == tenant_id)
            )
        )
        mine = select(federation_members.c.federation_id).where(
            federation_members.c.tenant_id == tenant_id, federation_members.c.status == "active"
        )
        federated = frozenset(
            conn.scalars(
                select(federation_members.c.tenant_id).where(
                    federation_members.c.federation_id.in_(mine),
                    federation_members.c.status == "active",
                    federation_members.c.tenant_id != tenant_id,
                )
            )
        )
    return Viewer(
        user_id=user_id,
        username=username,
        tenant_id=tenant_id,
        role=role,
        partner_tenants=partners,
        federation_tenants=federated,
        departments=departments,
        is_installation_admin=is_installation_admin,
    )
