"""The office dashboard's reads member by member, and which members a run of changes touched.

``MemberFactReader`` reads each member's share of the dashboard's aggregates (grouped by member
tenant), for every active member or only for some (``Scope.only``), through the same permission
filter as every other federation read. ``trace_changes`` and ``members_touching`` turn the audit trail
since the last read into the members whose share may have changed: a member's own change, a change to
an actor or a tie that a member's records point at, or a change of what another organisation shares
with the office.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, extract, func, literal, or_, select

from proxenia.store.access import readable
from proxenia.store.audit import TrailMark, changes_since
from proxenia.store.audit import trail_mark as audit_trail_mark
from proxenia.store.federation_facts import _COUNTERPART, _FM, FederationFactReader, Scope
from proxenia.store.records import chunks
from proxenia.store.tables import actors, engagement_participants, engagements, ties

#: Record kinds whose change can reach any member's share (reference data reloaded).
WIDE_KINDS = frozenset({"reference"})
#: Kinds by which another organisation changes what the office may read of its records.
SHARING_KINDS = frozenset({"sharing", "federation_member", "federation"})
#: Registry records other members' shares point at.
REGISTRY_KINDS = frozenset({"actor", "tie"})


class MemberFactReader(FederationFactReader):
    def engagement_rows(
        self, scope: Scope, date_from: dt.date, date_to: dt.date, recent_since: dt.date
    ) -> list[tuple[uuid.UUID, str, str, int, bool, int]]:
        """(member, country, kind, year, recent?, engagements) of the shared engagements with foreign actors."""
        e, cp = engagements, _COUNTERPART
        year = extract("year", e.c.start_date)
        recent = case((e.c.start_date >= recent_since, literal(1)), else_=literal(0))
        query = (
            self._engagement_base(scope, date_from, date_to)
            .add_columns(e.c.tenant_id, cp.c.country_code, e.c.kind, year, recent, func.count(func.distinct(e.c.id)))
            .group_by(e.c.tenant_id, cp.c.country_code, e.c.kind, year, recent)
        )
        return [(r[0], r[1], r[2], int(r[3]), bool(r[4]), int(r[5])) for r in self.conn.execute(query)]

    def engagement_totals(self, scope: Scope, date_from: dt.date, date_to: dt.date) -> dict[uuid.UUID, int]:
        """member -> its readable engagements in the window (foreign counterpart or not)."""
        e = engagements
        query = (
            select(e.c.tenant_id, func.count())
            .select_from(e)
            .join(_FM, scope.member_join(e.c.tenant_id))
            .where(e.c.start_date >= date_from, e.c.start_date <= date_to, readable(e, scope.viewer))
            .group_by(e.c.tenant_id)
        )
        return {r[0]: int(r[1]) for r in self.conn.execute(query)}

    def channel_rows(self, scope: Scope) -> list[tuple[uuid.UUID, str, uuid.UUID, int]]:
        """(member, country, partner, ties) of the members' subnational channels abroad."""
        sides = self._channel_sides(scope, None)
        query = select(sides.c.member, sides.c.country, sides.c.partner, func.count()).group_by(
            sides.c.member, sides.c.country, sides.c.partner)
        return [(r[0], r[1], r[2], int(r[3])) for r in self.conn.execute(query)]

    def network_rows(self, scope: Scope) -> list[tuple[uuid.UUID, uuid.UUID, int]]:
        """(member, other actor, ties) of every readable tie of a member's actor with a readable actor."""
        net = self._network_sides(scope)
        query = select(net.c.member, net.c.theirs, func.count()).group_by(net.c.member, net.c.theirs)
        return [(r[0], r[1], int(r[2])) for r in self.conn.execute(query)]

    # -- which members a set of changed records touches ---------------------------------------------
    def members_touching(
        self, scope: Scope, actor_ids: Iterable[uuid.UUID], owners: Iterable[uuid.UUID],
        tie_ids: Iterable[uuid.UUID] = (),
    ) -> set[uuid.UUID]:
        """Members whose share points at one of these actors or ties, or at an actor or tie these tenants own."""
        wanted, owned = set(actor_ids), sorted(set(owners), key=str)
        for batch in chunks(sorted(set(tie_ids), key=str), 400):
            for row in self.conn.execute(select(ties.c.source_id, ties.c.target_id).where(ties.c.id.in_(batch))):
                wanted.update(row)
        found: set[uuid.UUID] = set()
        p, other = engagement_participants, actors.alias("touched")
        for batch in list(chunks(sorted(wanted, key=str), 400)) or ([[]] if owned else []):
            hit = or_(other.c.id.in_(batch), other.c.tenant_id.in_(owned))
            queries = [
                select(_FM.c.tenant_id).where(*scope.active(), _FM.c.actor_id.in_(batch)),
                select(engagements.c.tenant_id).distinct().select_from(p)
                .join(engagements, engagements.c.id == p.c.engagement_id)
                .join(_FM, scope.member_join(engagements.c.tenant_id))
                .join(other, other.c.id == p.c.actor_id)
                .where(hit),
            ]
            for mine, theirs in ((ties.c.source_id, ties.c.target_id), (ties.c.target_id, ties.c.source_id)):
                queries.append(
                    select(_FM.c.tenant_id).distinct().select_from(ties)
                    .join(_FM, and_(_FM.c.actor_id == mine, *scope.active()))
                    .join(other, other.c.id == theirs)
                    .where(or_(hit, ties.c.tenant_id.in_(owned))))
            for query in queries:
                found.update(r[0] for r in self.conn.execute(query))
        return found


@dataclass
class ChangeTrace:
    """What the audit trail says changed since the last read."""

    last_id: int
    seen: frozenset[int]
    tenants: set[uuid.UUID] = field(default_factory=set)  # tenants that changed their own records
    actors: set[uuid.UUID] = field(default_factory=set)  # actors changed, or at an end of a changed tie
    ties: set[uuid.UUID] = field(default_factory=set)  # ties changed (their ends are looked up)
    sharers: set[uuid.UUID] = field(default_factory=set)  # tenants that changed what they share, or imported
    # actors or ties in bulk (one audit entry for the batch: their records are traced by owner)
    wide: bool = False  # a change that can reach any member (or too many changes to trace one by one)


def trace_changes(conn: Any, last_id: int, seen: frozenset[int], *, limit: int = 5_000) -> ChangeTrace:
    """The changes logged after ``last_id`` (and those behind it not yet ``seen``), summarised."""
    since = changes_since(conn, TrailMark(last_id, seen), None, limit=limit)
    trace = ChangeTrace(since.mark.last_id, since.mark.seen, wide=since.overflow)
    for row in since.rows:
        kind, record_id, tenant_id = row.kind, row.record_id, row.tenant_id
        if kind in WIDE_KINDS:
            trace.wide = True
        if tenant_id is not None:
            trace.tenants.add(tenant_id)
            if kind in SHARING_KINDS or (kind in REGISTRY_KINDS and record_id is None):
                trace.sharers.add(tenant_id)
        if kind == "actor" and record_id is not None:
            trace.actors.add(record_id)
        if kind == "tie" and record_id is not None:
            trace.ties.add(record_id)
        for image in (row.before, row.after):
            for key in ("source_id", "target_id", "actor_id", "merged_into"):
                value = (image or {}).get(key)
                if value:
                    trace.actors.add(uuid.UUID(str(value)))
    return trace


def trail_mark(conn: Any) -> ChangeTrace:
    """Where the audit trail stands (its last id and the ids just behind it), with nothing to trace yet."""
    mark = audit_trail_mark(conn, None)
    return ChangeTrace(mark.last_id, mark.seen)
