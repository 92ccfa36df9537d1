"""Name the Covenant of Mayors signatory whose source row has no name.

One signatory of the 2008–2018 release (organisation 14991, in Piedmont) has an empty
``organisation_name``. It was loaded with an empty name: it could not be found by name, showed as a blank
line in lists, and made a full export impossible to import back (an import refuses an empty name). The
reference loader now names such a signatory by its id (``domain.names.unnamed_signatory_name``); this
migration does the same for databases loaded before, and adds the name to the name index.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

from proxenia.domain.names import fold, unnamed_signatory_name
from proxenia.store.actors import search_names
from proxenia.store.tables.registry import actor_names, actors, identifiers

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    unnamed = bind.execute(
        sa.select(actors.c.id, identifiers.c.value)
        .join(identifiers, identifiers.c.actor_id == actors.c.id)
        .where(actors.c.name == "", identifiers.c.scheme == "com")
    ).all()
    for actor_id, organisation_id in unnamed:
        name = unnamed_signatory_name(organisation_id)
        bind.execute(sa.update(actors).where(actors.c.id == actor_id).values(name=name, name_folded=fold(name)))
        _index(bind, actor_id, name)


def _index(bind: sa.Connection, actor_id: uuid.UUID, name: str) -> None:
    known = set(bind.scalars(sa.select(actor_names.c.folded).where(actor_names.c.actor_id == actor_id)))
    rows = [
        {"actor_id": actor_id, "folded": folded, "name": shown, "role": role}
        for folded, (shown, role) in search_names(name, ()).items()
        if folded not in known
    ]
    if rows:
        bind.execute(sa.insert(actor_names), rows)


def downgrade() -> None:  # the empty name is not put back: it was a defect, not data
    pass
