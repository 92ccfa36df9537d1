"""Tenants: the governments, networks and offices that own records on one installation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from proxenia.domain.errors import Conflict, NotFound
from proxenia.domain.kinds import TENANT_KINDS
from proxenia.domain.viewer import Viewer
from proxenia.store.columns import utcnow
from proxenia.store.records import ChangeLog
from proxenia.store.tables import tenants

REFERENCE_SLUG = "reference"
REFERENCE_TENANT_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")


@dataclass(frozen=True)
class Tenant:
    id: uuid.UUID
    slug: str
    name: str
    kind: str
    actor_id: uuid.UUID | None


class TenantRepository:
    """Tenants are not owned records: the names of organisations are visible to signed-in users."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def ensure_reference(self) -> Tenant:
        found = self.conn.execute(select(tenants).where(tenants.c.id == REFERENCE_TENANT_ID)).first()
        if found is None:
            self.conn.execute(
                insert(tenants).values(
                    id=REFERENCE_TENANT_ID,
                    slug=REFERENCE_SLUG,
                    name="Proxenia reference data",
                    kind="reference",
                    created_at=utcnow(),
                )
            )
        return self.get(REFERENCE_TENANT_ID)

    def get(self, tenant_id: uuid.UUID) -> Tenant:
        row = self.conn.execute(select(tenants).where(tenants.c.id == tenant_id)).first()
        if row is None:
            raise NotFound(f"tenant {tenant_id} does not exist")
        return Tenant(row.id, row.slug, row.name, row.kind, row.actor_id)

    def by_slug(self, slug: str) -> Tenant:
        row = self.conn.execute(select(tenants).where(tenants.c.slug == slug)).first()
        if row is None:
            raise NotFound(f"no tenant with slug '{slug}'")
        return Tenant(row.id, row.slug, row.name, row.kind, row.actor_id)

    def all(self) -> list[Tenant]:
        rows = self.conn.execute(select(tenants).order_by(tenants.c.name))
        return [Tenant(r.id, r.slug, r.name, r.kind, r.actor_id) for r in rows]

    def create(
        self,
        viewer: Viewer,
        *,
        slug: str,
        name: str,
        kind: str,
        actor_id: uuid.UUID | None = None,
        tenant_id: uuid.UUID | None = None,
    ) -> Tenant:
        if kind not in TENANT_KINDS:
            raise Conflict(f"unknown tenant kind '{kind}' (known: {', '.join(TENANT_KINDS)})")
        if self.conn.scalar(select(tenants.c.id).where(tenants.c.slug == slug)) is not None:
            raise Conflict(f"a tenant with slug '{slug}' already exists")
        new_id = tenant_id or uuid.uuid4()
        values = {"id": new_id, "slug": slug, "name": name, "kind": kind, "actor_id": actor_id, "created_at": utcnow()}
        self.conn.execute(insert(tenants).values(**values))
        ChangeLog(self.conn).record(
            viewer, kind="tenant", record_id=new_id, action="create", tenant_id=new_id, after=values
        )
        return self.get(new_id)
