"""The permission filter: the one place that decides which rows a viewer may read or change.

Every repository builds its queries with ``readable(table, viewer)``; no endpoint filters by itself.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Connection, FromClause, Select, Uuid, and_, bindparam, false, or_, select, true

from proxenia.domain.errors import NotFound, PermissionDenied
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.viewer import Viewer
from proxenia.store.tables import federation_members, sharing_agreements

_SHARED_WITH_PARTNERS = (Visibility.PARTNERS.value, Visibility.FEDERATION.value)
# Aliases are SQL constants like the tables themselves: built once, because building them per query
# costs far more than running the query.
_FED_MINE = federation_members.alias("fed_mine")
_FED_PEERS = federation_members.alias("fed_peers")


def partner_sources(tenant_id: uuid.UUID) -> Select[tuple[uuid.UUID]]:
    """Tenants that named ``tenant_id`` in a sharing agreement (their partner-level records reach it)."""
    return select(sharing_agreements.c.tenant_id).where(sharing_agreements.c.partner_tenant_id == tenant_id)


def federation_peers(tenant_id: uuid.UUID) -> Select[tuple[uuid.UUID]]:
    """Tenants sharing an active federation with ``tenant_id``."""
    mine, peers = _FED_MINE, _FED_PEERS
    return (
        select(peers.c.tenant_id)
        .join(mine, mine.c.federation_id == peers.c.federation_id)
        .where(mine.c.tenant_id == tenant_id, mine.c.status == "active", peers.c.status == "active")
    )


def readable(table: FromClause, viewer: Viewer) -> ColumnElement[bool]:
    """SQL condition: rows of ``table`` that ``viewer`` may read.

    Sharing levels nest: a federation record is also visible to named partners; public records to all.
    Partners and federation peers are sub-queries evaluated by the database once per statement, so the
    filter costs the same whatever the number of partners, and a change of sharing applies at once.
    """
    if viewer.is_system:
        return true()
    tenant = table.c.tenant_id
    visibility = table.c.visibility
    if viewer.tenant_id is None:
        return visibility == Visibility.PUBLIC.value
    return or_(
        visibility == Visibility.PUBLIC.value,
        tenant == viewer.tenant_id,
        and_(visibility.in_(_SHARED_WITH_PARTNERS), tenant.in_(partner_sources(viewer.tenant_id))),
        and_(visibility == Visibility.FEDERATION.value, tenant.in_(federation_peers(viewer.tenant_id))),
    )


#: The bound parameter the cached filter reads the viewer's tenant from.
VIEWER_TENANT = "viewer_tenant"


def viewer_mode(viewer: Viewer) -> str:
    """The shape of the filter a viewer needs: none, public rows only, or a tenant's view."""
    if viewer.is_system:
        return "system"
    return "public" if viewer.tenant_id is None else "tenant"


def viewer_params(viewer: Viewer) -> dict[str, object]:
    """Parameters for statements built with ``readable_template`` (always pass them; unused keys are fine)."""
    return {VIEWER_TENANT: viewer.tenant_id} if viewer.tenant_id is not None else {}


def readable_template(table: FromClause, mode: str) -> ColumnElement[bool]:
    """``readable`` with the viewer's tenant as a bound parameter, for statements built once and cached
    per viewer mode (building SQL expressions costs more than running these indexed queries)."""
    if mode == "system":
        return true()
    visibility = table.c.visibility
    if mode == "public":
        return visibility == Visibility.PUBLIC.value
    me = bindparam(VIEWER_TENANT, type_=Uuid())
    tenant = table.c.tenant_id
    partners = select(sharing_agreements.c.tenant_id).where(sharing_agreements.c.partner_tenant_id == me)
    peers = (
        select(_FED_PEERS.c.tenant_id)
        .join(_FED_MINE, _FED_MINE.c.federation_id == _FED_PEERS.c.federation_id)
        .where(_FED_MINE.c.tenant_id == me, _FED_MINE.c.status == "active", _FED_PEERS.c.status == "active")
    )
    return or_(
        visibility == Visibility.PUBLIC.value,
        tenant == me,
        and_(visibility.in_(_SHARED_WITH_PARTNERS), tenant.in_(partners)),
        and_(visibility == Visibility.FEDERATION.value, tenant.in_(peers)),
    )


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
