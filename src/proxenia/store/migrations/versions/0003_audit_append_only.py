"""The audit trail is append-only: triggers refuse UPDATE and DELETE on ``changes``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION proxenia_changes_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER changes_append_only BEFORE UPDATE OR DELETE ON changes "
            "FOR EACH ROW EXECUTE FUNCTION proxenia_changes_append_only()"
        )
    else:
        op.execute(
            "CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )
        op.execute(
            "CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER changes_append_only ON changes")
        op.execute("DROP FUNCTION proxenia_changes_append_only()")
    else:
        op.execute("DROP TRIGGER changes_no_update")
        op.execute("DROP TRIGGER changes_no_delete")
