"""Which practice documents changed since a given stamp, without reading every document's digest: each
practice id whose full-text document was ever written or deleted has one row in
``practice_search_changes``, holding the documents stamp of its latest change (indexed). A document
deleted keeps its row (a tombstone: a change with no document left), so a reader asking "what changed
since N" sees deletions too.

The triggers that moved the documents stamp (migration 0007) are replaced by ones that move it and record
the change with the new stamp, in the same statement: on PostgreSQL once per statement (the ids from its
transition tables), on SQLite once per row. The stamp's row stays locked until the writer commits, so
changes commit in the order of their stamps: a reader that sees a change numbered N sees every change
numbered below it. A ``documents_epoch`` row, random and never moved, tells a reader that the database
was made again (its changes numbered afresh).

Like the stamps, the table and its triggers are not in the MetaData: they never travel in backups.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CURRENT = "(SELECT stamp FROM practice_index_stamps WHERE name = 'documents')"
BUMP = "UPDATE practice_index_stamps SET stamp = stamp + 1 WHERE name = 'documents'"
UPSERT = "ON CONFLICT (practice_id) DO UPDATE SET change = excluded.change"

POSTGRES_FUNCTION = f"""
CREATE FUNCTION practice_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s bigint;
BEGIN
  {BUMP} RETURNING stamp INTO s;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO practice_search_changes (practice_id, change) SELECT practice_id, s FROM new_rows {UPSERT};
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO practice_search_changes (practice_id, change)
      SELECT practice_id, s FROM (SELECT practice_id FROM new_rows UNION SELECT practice_id FROM old_rows) ids
      {UPSERT};
  ELSE
    INSERT INTO practice_search_changes (practice_id, change) SELECT practice_id, s FROM old_rows {UPSERT};
  END IF;
  RETURN NULL;
END $$
"""
POSTGRES_TRIGGERS = (
    ("ins", "INSERT", "NEW TABLE AS new_rows"),
    ("upd", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("del", "DELETE", "OLD TABLE AS old_rows"),
)


def _sqlite_record(row: str, where: str = "") -> str:
    # an INSERT … SELECT needs a WHERE before ON CONFLICT (else SQLite reads ON as a join's)
    return (
        f"INSERT INTO practice_search_changes (practice_id, change) SELECT {row}.practice_id, {CURRENT} "
        f"WHERE {where or 'true'} {UPSERT};"
    )


SQLITE_TRIGGERS = (
    ("ai", "INSERT", _sqlite_record("NEW")),
    ("au", "UPDATE", _sqlite_record("NEW") + " " + _sqlite_record("OLD", "OLD.practice_id <> NEW.practice_id")),
    ("ad", "DELETE", _sqlite_record("OLD")),
)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "practice_search_changes",
        sa.Column("practice_id", sa.Uuid(), nullable=False),
        sa.Column("change", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("practice_id", name="pk_practice_search_changes"),
    )
    op.create_index("ix_practice_search_changes_change", "practice_search_changes", ["change"])
    op.execute(
        f"INSERT INTO practice_search_changes (practice_id, change) SELECT practice_id, {CURRENT} FROM practice_search"
    )
    epoch = "floor(random() * 1000000000)::bigint" if postgres else "abs(random()) % 1000000000"
    op.execute(f"INSERT INTO practice_index_stamps (name, stamp) VALUES ('documents_epoch', {epoch})")
    if postgres:
        op.execute("DROP TRIGGER IF EXISTS practice_search_stamp ON practice_search")
        op.execute(POSTGRES_FUNCTION)
        for suffix, event, referencing in POSTGRES_TRIGGERS:
            op.execute(
                f"CREATE TRIGGER practice_search_changed_{suffix} AFTER {event} ON practice_search "
                f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION practice_search_changed()"
            )
        return
    for suffix, event, record in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS practice_search_stamp_{suffix}")
        trigger = f"practice_search_changed_{suffix}"
        op.execute(f"CREATE TRIGGER {trigger} AFTER {event} ON practice_search BEGIN {BUMP}; {record} END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for suffix, _event, _referencing in POSTGRES_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS practice_search_changed_{suffix} ON practice_search")
        op.execute("DROP FUNCTION IF EXISTS practice_search_changed()")
        op.execute(
            "CREATE TRIGGER practice_search_stamp AFTER INSERT OR UPDATE OR DELETE ON practice_search "
            "FOR EACH STATEMENT EXECUTE FUNCTION practice_index_bump('documents')"
        )
    else:
        for suffix, event, _record in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS practice_search_changed_{suffix}")
            op.execute(
                f"CREATE TRIGGER practice_search_stamp_{suffix} AFTER {event} ON practice_search BEGIN {BUMP}; END"
            )
    op.execute("DELETE FROM practice_index_stamps WHERE name = 'documents_epoch'")
    op.drop_index("ix_practice_search_changes_change", table_name="practice_search_changes")
    op.drop_table("practice_search_changes")
