"""Who learned from whom: the index on ``adoptions.learned_from_id`` holds only the adoptions that name a
teacher. Most adoptions do not; with every NULL in the index, the planner's statistics said a teacher
matched nearly every adoption, and a lookup of a few teachers read the whole table.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NAMED = sa.text("learned_from_id IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_adoptions_learned_from", table_name="adoptions")
    op.create_index(
        "ix_adoptions_learned_from",
        "adoptions",
        ["learned_from_id"],
        unique=False,
        sqlite_where=NAMED,
        postgresql_where=NAMED,
    )


def downgrade() -> None:
    op.drop_index("ix_adoptions_learned_from", table_name="adoptions")
    op.create_index("ix_adoptions_learned_from", "adoptions", ["learned_from_id"], unique=False)
