"""Fast ranking: a covering index for the practices a viewer may read, one for the most recent first,
and stamps that change whenever the full-text documents or the embeddings of practices change (kept
by triggers, so every writer counts), letting a search service keep its matrix of vectors in memory
and know when it is stale.

The stamps table and its triggers are not in the MetaData (like the full-text structures): they never
travel in backups, and a restore bumps them like any other write. Each starts at a random value, so a
database made again from nothing does not repeat the stamps of the one it replaced.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

STAMPED = (("practice_search", "documents"), ("practice_embeddings", "embeddings"))
SQLITE_EVENTS = (("ai", "INSERT"), ("au", "UPDATE"), ("ad", "DELETE"))


def upgrade() -> None:
    op.create_index(
        "ix_practices_readable",
        "practices",
        ["status", "visibility", "tenant_id", "curator_tenant_id", "id"],
        unique=False,
    )
    op.create_index("ix_practices_recent", "practices", ["status", "created_at"], unique=False)
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute("CREATE TABLE practice_index_stamps (name VARCHAR(32) PRIMARY KEY, stamp BIGINT NOT NULL)")
    start = "floor(random() * 1000000000)::bigint" if postgres else "abs(random()) % 1000000000"
    for _, name in STAMPED:
        op.execute(f"INSERT INTO practice_index_stamps (name, stamp) VALUES ('{name}', {start})")
    if postgres:
        op.execute(
            "CREATE FUNCTION practice_index_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "UPDATE practice_index_stamps SET stamp = stamp + 1 WHERE name = TG_ARGV[0]; RETURN NULL; END $$"
        )
        for table, name in STAMPED:
            op.execute(
                f"CREATE TRIGGER {table}_stamp AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION practice_index_bump('{name}')"
            )
        return
    for table, name in STAMPED:
        for suffix, event in SQLITE_EVENTS:
            op.execute(
                f"CREATE TRIGGER {table}_stamp_{suffix} AFTER {event} ON {table} BEGIN "
                f"UPDATE practice_index_stamps SET stamp = stamp + 1 WHERE name = '{name}'; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, _ in STAMPED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}")
        op.execute("DROP FUNCTION IF EXISTS practice_index_bump()")
    else:
        for table, _ in STAMPED:
            for suffix, _event in SQLITE_EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_stamp_{suffix}")
    op.execute("DROP TABLE IF EXISTS practice_index_stamps")
    op.drop_index("ix_practices_recent", table_name="practices")
    op.drop_index("ix_practices_readable", table_name="practices")
