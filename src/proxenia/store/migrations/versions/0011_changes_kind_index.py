"""``ix_changes_kind (record_kind, id)`` and ``ix_changes_kind_tenant (record_kind, tenant_id, id)``: the
last change of a kind of record, or of a kind by one tenant, in one index seek.

Reads kept between queries (the adoption history the engine ranks against, adopters' activity, the
practices a viewer may read, a government's portfolio diagnostics) were read again after any write at all,
because they keyed on the audit trail's last change. They now key on the last change of the kinds of
record they are made of (and, for a government's own engagements, of its own changes), so logging an
engagement leaves the practice library's reads kept, and another government's engagement leaves a
government's diagnostics kept. Without these indexes, the last change of a kind is a scan of all of that
kind's changes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_changes_kind", "changes", ["record_kind", "id"], unique=False)
    op.create_index("ix_changes_kind_tenant", "changes", ["record_kind", "tenant_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_changes_kind_tenant", table_name="changes")
    op.drop_index("ix_changes_kind", table_name="changes")
