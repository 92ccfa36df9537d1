"""Merging duplicate actors: ties, names, identifiers, posts and children move to the survivor."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Column, UniqueConstraint, and_, delete, exists, insert, or_, select, tuple_, update

from proxenia.domain.errors import InvalidInput
from proxenia.domain.viewer import Viewer
from proxenia.store.access import check_can_write
from proxenia.store.actors import ActorRepository
from proxenia.store.adoptions import reassign_actor
from proxenia.store.columns import utcnow
from proxenia.store.records import snapshot
from proxenia.store.tables import actor_names, actor_redirects, actors, identifiers, metadata, posts, ties

# Tables the merger treats itself (ties fold, names dedupe, redirects chain); every other reference moves.
SPECIAL = frozenset({"ties", "actor_names", "actors", "actor_redirects"})


class ActorMerger:
    def __init__(self, repo: ActorRepository) -> None:
        self.repo = repo
        self.conn = repo.conn

    def merge(self, viewer: Viewer, survivor_id: uuid.UUID, duplicate_id: uuid.UUID) -> dict[str, int]:
        """Fold ``duplicate`` into ``survivor``; the duplicate's id keeps redirecting to the survivor."""
        if survivor_id == duplicate_id:
            raise InvalidInput("an actor cannot be merged into itself")
        survivor = dict(self.repo._row(viewer, survivor_id)._mapping)
        duplicate = dict(self.repo._row(viewer, duplicate_id)._mapping)
        check_can_write(viewer, duplicate["tenant_id"], "the duplicate actor")
        moved: dict[str, int] = {}
        moved["ties"] = self._move_ties(survivor_id, duplicate_id, survivor["country_code"])
        have = set(self.conn.scalars(select(actor_names.c.folded).where(actor_names.c.actor_id == survivor_id)))
        names = [
            dict(r._mapping)
            for r in self.conn.execute(select(actor_names).where(actor_names.c.actor_id == duplicate_id))
        ]
        new_names = [
            {**n, "actor_id": survivor_id, "role": "other" if n["role"] == "primary" else n["role"]}
            for n in names
            if n["folded"] not in have
        ]
        if new_names:
            self.conn.execute(insert(actor_names), new_names)
        moved["names"] = len(new_names)
        moved["identifiers"] = self.conn.execute(
            update(identifiers).where(identifiers.c.actor_id == duplicate_id).values(actor_id=survivor_id)
        ).rowcount
        moved["posts"] = self.conn.execute(
            update(posts).where(posts.c.organization_id == duplicate_id).values(organization_id=survivor_id)
        ).rowcount
        moved.update(reassign_actor(self.conn, duplicate_id, survivor_id))  # the practice exchange's references
        moved.update(move_references(self.conn, duplicate_id, survivor_id))  # everything else that points to it
        moved["children"] = self.conn.execute(
            update(actors).where(actors.c.parent_id == duplicate_id).values(parent_id=survivor_id)
        ).rowcount
        self.conn.execute(
            update(actor_redirects).where(actor_redirects.c.new_id == duplicate_id).values(new_id=survivor_id)
        )
        self.conn.execute(delete(actors).where(actors.c.id == duplicate_id))
        self.conn.execute(insert(actor_redirects).values(old_id=duplicate_id, new_id=survivor_id, merged_at=utcnow()))
        self.repo.log.record(
            viewer,
            kind="actor",
            record_id=duplicate_id,
            action="merge",
            tenant_id=duplicate["tenant_id"],
            before=snapshot(duplicate),
            after={"merged_into": str(survivor_id), **moved},
            summary=f"merged into {survivor['name']} ({survivor_id})",
        )
        return moved

    def _move_ties(self, survivor: uuid.UUID, duplicate: uuid.UUID, country: str | None) -> int:
        moved = 0
        rows: list[Any] = list(
            self.conn.execute(
                select(ties.c.id, ties.c.type_code, ties.c.source_id, ties.c.target_id).where(
                    or_(ties.c.source_id == duplicate, ties.c.target_id == duplicate)
                )
            )
        )
        for tie_id, type_code, source, target in rows:
            new_source = survivor if source == duplicate else source
            new_target = survivor if target == duplicate else target
            clash = self.conn.scalar(
                select(ties.c.id)
                .where(
                    ties.c.type_code == type_code,
                    ties.c.id != tie_id,
                    or_(
                        and_(ties.c.source_id == new_source, ties.c.target_id == new_target),
                        and_(ties.c.source_id == new_target, ties.c.target_id == new_source),
                    ),
                )
                .limit(1)
            )
            if new_source == new_target or clash is not None:
                self.conn.execute(delete(ties).where(ties.c.id == tie_id))  # would duplicate a tie, or loop
                continue
            values: dict[str, Any] = {"source_id": new_source, "target_id": new_target}
            if source == duplicate:
                values["source_country"] = country
            if target == duplicate:
                values["target_country"] = country
            self.conn.execute(update(ties).where(ties.c.id == tie_id).values(**values))
            moved += 1
        return moved


def move_references(conn: Any, duplicate: uuid.UUID, survivor: uuid.UUID) -> dict[str, int]:
    """Point every other column that references ``actors.id`` from the duplicate to the survivor, found from
    the schema so that a table added later is not forgotten (its rows would otherwise cascade away).

    Where a unique key holds the column, the duplicate's rows that would collide with the survivor's are
    dropped first (the survivor already has that row)."""
    moved: dict[str, int] = {}
    for table in metadata.sorted_tables:
        if table.name in SPECIAL:
            continue
        for column in table.columns:
            if not any(fk.column is actors.c.id for fk in column.foreign_keys):
                continue
            for key in _unique_keys(table, column):
                others = [c for c in key if c is not column]
                clash: Any
                if others:
                    mine = select(*others).where(column == survivor)
                    clash = tuple_(*others).in_(mine) if len(others) > 1 else others[0].in_(mine)
                else:
                    clash = exists().where(column == survivor)
                conn.execute(delete(table).where(column == duplicate, clash))
            n = conn.execute(update(table).where(column == duplicate).values({column.name: survivor})).rowcount
            if n:
                moved[f"{table.name}.{column.name}"] = n
    return moved


def _unique_keys(table: Any, column: Column[Any]) -> list[list[Column[Any]]]:
    keys = [list(table.primary_key.columns)]
    keys += [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    keys += [list(i.columns) for i in table.indexes if i.unique]
    return [k for k in keys if any(c is column for c in k)]
