"""Sharing agreements (a tenant names its partners) and federations (an office and its members)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, and_, delete, insert, select, update

from proxenia.domain.errors import Conflict, NotFound
from proxenia.domain.viewer import Viewer
from proxenia.store.columns import utcnow
from proxenia.store.records import ChangeLog
from proxenia.store.tables import federation_members, federations, sharing_agreements, tenants

AGREEMENT_KIND, FEDERATION_KIND, MEMBERSHIP_KIND = "sharing", "federation", "federation_member"
#: The changes that move who may read what beyond a record's own visibility (the permission filter reads
#: the agreements and the federations' members).
SHARING_KINDS = frozenset({AGREEMENT_KIND, FEDERATION_KIND, MEMBERSHIP_KIND})


@dataclass(frozen=True)
class Federation:
    id: uuid.UUID
    slug: str
    name: str
    office_tenant_id: uuid.UUID


@dataclass(frozen=True)
class Membership:
    federation: Federation
    tenant_id: uuid.UUID
    tenant_name: str
    status: str
    actor_id: uuid.UUID | None = None


class SharingRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.log = ChangeLog(conn)

    # -- partners ------------------------------------------------------------------------------
    def partners_of(self, tenant_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
        rows = self.conn.execute(
            select(tenants.c.id, tenants.c.name)
            .join(sharing_agreements, sharing_agreements.c.partner_tenant_id == tenants.c.id)
            .where(sharing_agreements.c.tenant_id == tenant_id)
            .order_by(tenants.c.name)
        )
        return [(r.id, r.name) for r in rows]

    def share_with(self, viewer: Viewer, tenant_id: uuid.UUID, partner_id: uuid.UUID, note: str | None) -> None:
        if tenant_id == partner_id:
            raise Conflict("an organisation does not need to share with itself")
        exists = self.conn.scalar(
            select(sharing_agreements.c.id).where(
                sharing_agreements.c.tenant_id == tenant_id, sharing_agreements.c.partner_tenant_id == partner_id
            )
        )
        if exists is not None:
            return
        agreement = uuid.uuid4()
        self.conn.execute(
            insert(sharing_agreements).values(
                id=agreement, tenant_id=tenant_id, partner_tenant_id=partner_id, note=note, created_at=utcnow()
            )
        )
        self.log.record(
            viewer,
            kind=AGREEMENT_KIND,
            record_id=agreement,
            action="create",
            tenant_id=tenant_id,
            after={"partner_tenant_id": partner_id, "note": note},
        )

    def stop_sharing(self, viewer: Viewer, tenant_id: uuid.UUID, partner_id: uuid.UUID) -> None:
        self.conn.execute(
            delete(sharing_agreements).where(
                sharing_agreements.c.tenant_id == tenant_id, sharing_agreements.c.partner_tenant_id == partner_id
            )
        )
        self.log.record(
            viewer,
            kind=AGREEMENT_KIND,
            record_id=None,
            action="delete",
            tenant_id=tenant_id,
            before={"partner_tenant_id": partner_id},
        )

    # -- federations -----------------------------------------------------------------------------
    def federation(self, federation_id: uuid.UUID) -> Federation:
        row = self.conn.execute(select(federations).where(federations.c.id == federation_id)).first()
        if row is None:
            raise NotFound(f"federation {federation_id} does not exist")
        return Federation(row.id, row.slug, row.name, row.office_tenant_id)

    def by_slug(self, slug: str) -> Federation:
        row = self.conn.execute(select(federations).where(federations.c.slug == slug)).first()
        if row is None:
            raise NotFound(f"no federation '{slug}'")
        return Federation(row.id, row.slug, row.name, row.office_tenant_id)

    def create_federation(self, viewer: Viewer, *, slug: str, name: str, office_tenant_id: uuid.UUID) -> Federation:
        if self.conn.scalar(select(federations.c.id).where(federations.c.slug == slug)) is not None:
            raise Conflict(f"a federation '{slug}' already exists")
        fed_id = uuid.uuid4()
        self.conn.execute(
            insert(federations).values(
                id=fed_id, slug=slug, name=name, office_tenant_id=office_tenant_id, created_at=utcnow()
            )
        )
        self.conn.execute(
            insert(federation_members).values(
                federation_id=fed_id, tenant_id=office_tenant_id, status="active", updated_at=utcnow()
            )
        )
        self.log.record(
            viewer,
            kind=FEDERATION_KIND,
            record_id=fed_id,
            action="create",
            tenant_id=office_tenant_id,
            after={"slug": slug, "name": name},
        )
        return self.federation(fed_id)

    def set_membership(
        self,
        viewer: Viewer,
        federation_id: uuid.UUID,
        tenant_id: uuid.UUID,
        status: str,
        *,
        actor_id: uuid.UUID | None = None,
    ) -> None:
        """Set a membership's status (and, when given, the registry actor standing for the member)."""
        current = self.conn.scalar(
            select(federation_members.c.status).where(
                federation_members.c.federation_id == federation_id, federation_members.c.tenant_id == tenant_id
            )
        )
        extra = {"actor_id": actor_id} if actor_id is not None else {}
        if current is None:
            self.conn.execute(
                insert(federation_members).values(
                    federation_id=federation_id, tenant_id=tenant_id, status=status, updated_at=utcnow(), **extra
                )
            )
        else:
            self.conn.execute(
                update(federation_members)
                .where(
                    and_(
                        federation_members.c.federation_id == federation_id, federation_members.c.tenant_id == tenant_id
                    )
                )
                .values(status=status, updated_at=utcnow(), **extra)
            )
        self.log.record(
            viewer,
            kind=MEMBERSHIP_KIND,
            record_id=federation_id,
            action="update",
            tenant_id=tenant_id,
            before={"status": current},
            after={"status": status, **extra},
        )

    def status(self, federation_id: uuid.UUID, tenant_id: uuid.UUID) -> str | None:
        found = self.conn.scalar(
            select(federation_members.c.status).where(
                federation_members.c.federation_id == federation_id, federation_members.c.tenant_id == tenant_id
            )
        )
        return str(found) if found is not None else None

    def memberships(
        self, *, tenant_id: uuid.UUID | None = None, federation_id: uuid.UUID | None = None
    ) -> list[Membership]:
        query = (
            select(
                federations,
                federation_members.c.tenant_id.label("member_id"),
                federation_members.c.status,
                federation_members.c.actor_id,
                tenants.c.name.label("tenant_name"),
            )
            .join(federation_members, federation_members.c.federation_id == federations.c.id)
            .join(tenants, tenants.c.id == federation_members.c.tenant_id)
            .order_by(federations.c.name, tenants.c.name)
        )
        if tenant_id is not None:
            query = query.where(federation_members.c.tenant_id == tenant_id)
        if federation_id is not None:
            query = query.where(federations.c.id == federation_id)
        return [
            Membership(
                Federation(r.id, r.slug, r.name, r.office_tenant_id), r.member_id, r.tenant_name, r.status, r.actor_id
            )
            for r in self.conn.execute(query)
        ]

    def active_members(self, federation_id: uuid.UUID) -> list[uuid.UUID]:
        """The tenants of a federation's active members (the office included)."""
        return list(
            self.conn.scalars(
                select(federation_members.c.tenant_id).where(
                    federation_members.c.federation_id == federation_id, federation_members.c.status == "active"
                )
            )
        )

    def all_federations(self) -> list[Federation]:
        rows = self.conn.execute(select(federations).order_by(federations.c.name))
        return [Federation(r.id, r.slug, r.name, r.office_tenant_id) for r in rows]
