"""A government's engagement facts kept between its diagnostics, and brought up to date from the
engagements changed since: after one engagement is logged, the next report re-reads that engagement,
not the 200,000 others.

Kept per sharing position and window, with where the audit trail stood for the government's engagements
and the stamp of everything else the facts are made of (``FACT_KINDS``, ``FACT_OWN_KINDS``). A change of
one of those (an actor or a person merged or deleted, a department, who shares with whom), an import that
does not name all its records, or more than ``CHANGES_PATCHED`` changes read the facts whole again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import threading
import uuid
from collections import OrderedDict
from typing import Any

from proxenia.analytics.kept_reads import sharing_position
from proxenia.domain.findings import EngagementFact
from proxenia.domain.viewer import Viewer
from proxenia.store.accounts import DEPARTMENT_KIND
from proxenia.store.actors import ActorRepository
from proxenia.store.audit import TrailMark, changes_since, last_changes, records_named, trail_mark
from proxenia.store.engagement_facts import EngagementFactReader
from proxenia.store.engagements import EngagementRepository
from proxenia.store.people import PersonRepository
from proxenia.store.sharing import SHARING_KINDS

ENGAGEMENT_KIND = EngagementRepository.kind
#: Besides the government's engagements (their parts and cross-references logged with them), what its facts
#: are made of: the actors and people they name (a merge or a deletion rewrites the participants), who may
#: read them, and its departments (a deletion clears an engagement's). A goal, a tie or a follow-up's
#: status leaves them kept.
FACT_KINDS = frozenset({ActorRepository.kind, PersonRepository.kind, *SHARING_KINDS})
FACT_OWN_KINDS = frozenset({DEPARTMENT_KIND})
CHANGES_PATCHED = 2_000
_order = operator.attrgetter("start_day", "id")  # the store's order: by start date, then id


@dataclasses.dataclass(frozen=True)
class _Kept:
    others: tuple[int, ...]
    mark: TrailMark
    facts: dict[str, EngagementFact]  # by id, in the store's order


class EngagementFactsKeeper:
    """``facts(conn, viewer, tenant, date_from, date_to)``: what ``EngagementFactReader.facts`` reads,
    kept for the ``kept`` latest (government, sharing position, window)."""

    def __init__(self, *, kept: int = 2) -> None:
        self.kept = kept
        self._kept: OrderedDict[tuple[object, ...], _Kept] = OrderedDict()
        self._lock = threading.Lock()

    def facts(
        self, conn: Any, viewer: Viewer, tenant: uuid.UUID, date_from: dt.date, date_to: dt.date
    ) -> list[EngagementFact]:
        key = (*sharing_position(viewer), tenant, date_from, date_to)
        others = last_changes(conn, FACT_KINDS, tenant_kinds=FACT_OWN_KINDS, tenant_id=tenant)
        reader = EngagementFactReader(conn)
        with self._lock:
            kept = self._kept.get(key)
        fresh = self._patched(reader, kept, others, viewer, tenant, date_from, date_to) if kept else None
        if fresh is None:
            mark = trail_mark(conn, {ENGAGEMENT_KIND}, tenant_id=tenant)  # before the facts: see trail_mark
            facts = reader.facts(viewer, tenant, date_from=date_from, date_to=date_to)
            fresh = _Kept(others, mark, {f.id: f for f in facts})
        with self._lock:
            self._kept[key] = fresh
            self._kept.move_to_end(key)
            while len(self._kept) > self.kept:
                self._kept.popitem(last=False)
        return list(fresh.facts.values())

    def _patched(
        self, reader: EngagementFactReader, kept: _Kept, others: tuple[int, ...], viewer: Viewer, tenant: uuid.UUID,
        date_from: dt.date, date_to: dt.date,
    ) -> _Kept | None:
        """The kept facts with the engagements changed since re-read; None: read them whole."""
        if others != kept.others:
            return None
        since = changes_since(reader.conn, kept.mark, {ENGAGEMENT_KIND}, tenant_id=tenant, limit=CHANGES_PATCHED)
        named = None if since.overflow else records_named(since)
        if named is None:
            return None
        if not named:
            return dataclasses.replace(kept, mark=since.mark)
        changed = {i.hex for i in named}
        reread = reader.facts(viewer, tenant, date_from=date_from, date_to=date_to, ids=changed)
        return _Kept(others, since.mark, patch(kept.facts, changed, reread))


def patch(
    facts: dict[str, EngagementFact], changed: set[str], reread: list[EngagementFact]
) -> dict[str, EngagementFact]:
    """``facts`` with the ``changed`` ones replaced by what was ``reread`` of them (gone: deleted, out of the
    window or no longer readable), and the other ends of their cross-references brought along. Facts are
    never changed in place: a report being computed from the old ones may still read them."""
    out = dict(facts)
    ends: dict[str, set[str]] = {}  # unchanged fact -> changed ones it must no longer / now point at
    for eid in changed:
        old = out.pop(eid, None)
        for other in old.related if old is not None else ():
            ends.setdefault(other, set())
    by_id = {f.id: f for f in reread}
    for f in reread:
        for other in f.related:
            ends.setdefault(other, set()).add(f.id)
    for other, now in ends.items():
        fact = out.get(other)
        if fact is None or other in changed:
            continue
        related = [r for r in fact.related if r not in changed] + sorted(now)
        out[other] = dataclasses.replace(fact, related=related)
    out.update(by_id)
    if not reread:
        return out
    return {f.id: f for f in sorted(out.values(), key=_order)}
