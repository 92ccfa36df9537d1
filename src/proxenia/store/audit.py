"""Reading the audit trail. There is no method to change or delete it: it is append-only by design,
and database triggers (migration 0003) refuse UPDATE and DELETE on it as a second wall."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, func, or_, select

from proxenia.domain.viewer import Viewer
from proxenia.store.tables import changes

#: How far behind the last change a PostgreSQL transaction's change may still commit and be noticed: ids
#: come from a sequence, so a change numbered N can commit after one numbered N + 1. Readers of the trail
#: look this many ids back (SQLite has one writer at a time: its changes commit in the order of their ids).
LATE_COMMIT_WINDOW = 500
#: A bulk import's entry names its first records only (``after["first_ids"]``; ``after["count"]`` in all).
NAMED_IN_IMPORT = 20


def last_change_id(conn: Connection) -> int:
    """The audit trail's last id: grows with every logged change."""
    return int(conn.scalar(select(func.max(changes.c.id))) or 0)


def last_changes(
    conn: Connection, kinds: Collection[str], *, tenant_kinds: Collection[str] = (), tenant_id: uuid.UUID | None = None
) -> tuple[int, ...]:
    """A stamp that moves with every committed change of ``kinds``, and of ``tenant_kinds`` among
    ``tenant_id``'s records: what kept reads key on. In one statement, through ``ix_changes_kind`` and
    ``ix_changes_kind_tenant``.

    Per kind (sorted by name, then the tenant's kinds): its last change (0 where none), each kind's own
    number, so a change committed after a later-numbered one of another kind still moves the stamp. On
    PostgreSQL, also how many of the kind's changes lie within ``LATE_COMMIT_WINDOW`` ids below its last:
    a change of the same kind that commits after a higher-numbered one moves that count."""
    wheres: list[tuple[Any, ...]] = [(changes.c.record_kind == kind,) for kind in sorted(set(kinds))]
    wheres += [
        (changes.c.record_kind == kind, changes.c.tenant_id == tenant_id) for kind in sorted(set(tenant_kinds))
    ]
    postgres = conn.dialect.name == "postgresql"
    latest: list[Any] = []
    for where in wheres:
        last = select(func.max(changes.c.id)).where(*where).scalar_subquery()
        latest.append(last)
        if postgres:
            window = changes.c.id > func.coalesce(last, 0) - LATE_COMMIT_WINDOW
            latest.append(select(func.count()).select_from(changes).where(*where, window).scalar_subquery())
    if not latest:
        return ()
    return tuple(int(v or 0) for v in conn.execute(select(*latest)).one())


@dataclass(frozen=True)
class TrailMark:
    """Where the audit trail stood for a reader of some kinds of change: its last change, and those of the
    kinds just behind it already seen (a PostgreSQL transaction may commit a lower number later)."""

    last_id: int
    seen: frozenset[int] = frozenset()


class ChangeRow(NamedTuple):
    """One change as the trail's readers use it."""

    id: int
    kind: str
    record_id: uuid.UUID | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    tenant_id: uuid.UUID | None


@dataclass
class ChangesSince:
    """The changes of some kinds logged after a mark, oldest first, and the mark after them; ``overflow``
    when there were more than asked for (read the whole again)."""

    mark: TrailMark
    rows: list[ChangeRow]
    overflow: bool


def records_named(since: ChangesSince) -> set[uuid.UUID] | None:
    """The records those changes are of; None when one of them does not name all of its records (a bulk
    import names its first ``NAMED_IN_IMPORT`` only)."""
    named: set[uuid.UUID] = set()
    for row in since.rows:
        if row.record_id is not None:
            named.add(row.record_id)
            continue
        after = row.after or {}
        first = after.get("first_ids") or []
        if after.get("count") != len(first):
            return None
        named.update(uuid.UUID(str(i)) for i in first)
    return named


def _of(kinds: Collection[str] | None, tenant_id: uuid.UUID | None, table: Any = changes) -> list[Any]:
    """Changes of ``kinds`` (None: of every kind), of ``tenant_id``'s records if given."""
    where = [] if kinds is None else [table.c.record_kind.in_(sorted(set(kinds)))]
    return where if tenant_id is None else [*where, table.c.tenant_id == tenant_id]


def trail_mark(
    conn: Connection, kinds: Collection[str] | None, *, tenant_id: uuid.UUID | None = None
) -> TrailMark:
    """Where the trail stands for a reader of ``kinds`` (of ``tenant_id``'s records), in one statement: read
    it before what it marks, so that a change committed in between is read again later (harmless) rather
    than missed."""
    last = select(func.coalesce(func.max(changes.c.id), 0).label("last")).subquery()
    behind = changes.alias("behind")
    near = and_(*_of(kinds, tenant_id, behind), behind.c.id > last.c.last - LATE_COMMIT_WINDOW)
    rows = conn.execute(select(last.c.last, behind.c.id).select_from(last.outerjoin(behind, near))).all()
    return TrailMark(int(rows[0][0]), frozenset(r[1] for r in rows if r[1] is not None))


def changes_since(
    conn: Connection, mark: TrailMark, kinds: Collection[str] | None, *, tenant_id: uuid.UUID | None = None,
    limit: int = 2_000,
) -> ChangesSince:
    """The changes of ``kinds`` (None: every kind; of ``tenant_id``'s records if given) after ``mark``, and
    those behind it not yet seen: one index range (``ix_changes_kind``, ``ix_changes_kind_tenant``, or the
    primary key)."""
    rows = conn.execute(
        select(changes.c.id, changes.c.record_kind, changes.c.record_id, changes.c.before, changes.c.after,
               changes.c.tenant_id)
        .where(*_of(kinds, tenant_id), changes.c.id > mark.last_id - LATE_COMMIT_WINDOW)
        .order_by(changes.c.id)
        .limit(limit + LATE_COMMIT_WINDOW + 1)
    ).all()
    fresh = [ChangeRow(*r) for r in rows if r[0] not in mark.seen and r[0] > 0]
    last = max([mark.last_id, *(r[0] for r in rows)])
    after = TrailMark(last, frozenset(r[0] for r in rows if r[0] > last - LATE_COMMIT_WINDOW))
    return ChangesSince(after, fresh, len(fresh) > limit)


@dataclass(frozen=True)
class ChangeEntry:
    id: int
    at: dt.datetime
    username: str | None
    user_id: uuid.UUID | None
    tenant_id: uuid.UUID | None
    record_kind: str
    record_id: uuid.UUID | None
    action: str
    summary: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _entry(row: Any) -> ChangeEntry:
    m = row._mapping
    at = m["at"] if m["at"].tzinfo else m["at"].replace(tzinfo=dt.UTC)
    return ChangeEntry(
        id=m["id"],
        at=at,
        username=m["username"],
        user_id=m["user_id"],
        tenant_id=m["tenant_id"],
        record_kind=m["record_kind"],
        record_id=m["record_id"],
        action=m["action"],
        summary=m["summary"],
        before=m["before"],
        after=m["after"],
    )


class AuditRepository:
    """Entries are visible to members of the tenant they concern, and to the installation's admins."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _visible(self, viewer: Viewer) -> Any:
        if viewer.is_system or viewer.is_installation_admin:
            return None
        if viewer.tenant_id is None:
            return changes.c.id < 0  # nothing
        return or_(changes.c.tenant_id == viewer.tenant_id, changes.c.user_id == viewer.user_id)

    def query(
        self,
        viewer: Viewer,
        *,
        record_id: uuid.UUID | None = None,
        user_id: uuid.UUID | None = None,
        username: str | None = None,
        kind: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[ChangeEntry]:
        q = select(changes).order_by(changes.c.id.desc()).limit(limit).offset(offset)
        visible = self._visible(viewer)
        if visible is not None:
            q = q.where(visible)
        if record_id is not None:
            q = q.where(changes.c.record_id == record_id)
        if user_id is not None:
            q = q.where(changes.c.user_id == user_id)
        if username is not None:
            q = q.where(changes.c.username == username)
        if kind is not None:
            q = q.where(changes.c.record_kind == kind)
        return [_entry(r) for r in self.conn.execute(q)]
