"""Reads kept for a viewer until something they are made of is written: what a recommender reads of the whole
installation (the adoption history, how active each adopter is) costs hundreds of milliseconds at scale
and changes only when something is written.

One value is kept per sharing position (anonymous, each organisation with its partners and federations,
the system), with the stamps it was read at: the last changes of the ``kinds`` of record it is made of
(every write to a record, its visibility included, logs a change of its kind; of ``own_kinds``, the
viewer's organisation's changes only), and the practice documents stamp (a practice's text). A read
after either moved reads again; the least recently used positions are dropped past ``kept``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable
from typing import Generic, TypeVar

from proxenia.domain.viewer import Viewer
from proxenia.store.actors import ActorRepository
from proxenia.store.adoptions import AdoptionRepository
from proxenia.store.audit import last_changes
from proxenia.store.database import Connection, Database
from proxenia.store.practice_vectors import PracticeVectors
from proxenia.store.practices import PracticeRepository
from proxenia.store.sharing import SHARING_KINDS

T = TypeVar("T")

#: What the practice library's kept reads (the adoption history, adopters' activity, the practices a
#: viewer may read) are made of: practices, adoptions, actors, and who shares with whom (the permission
#: filter reads the sharing agreements and federations). Logging an engagement leaves them kept.
PRACTICE_READS = frozenset(
    {PracticeRepository.kind, AdoptionRepository.kind, ActorRepository.kind, *SHARING_KINDS}
)


def sharing_position(viewer: Viewer) -> tuple[object, ...]:
    """What decides which records a viewer may read (two viewers with the same position read the same)."""
    return (viewer.tenant_id, viewer.partner_tenants, viewer.federation_tenants, viewer.is_system)


class KeptReads(Generic[T]):
    """``read(conn, viewer, *args)`` kept per sharing position and ``args`` (hashable: a filter, say).

    ``kinds``: the kinds of record (``changes.record_kind``) the read is made of; a write of any other
    kind leaves the value kept. ``own_kinds``: kinds of which the read holds only the viewer's
    organisation's records, so only its own changes count (a viewer without an organisation: anyone's)."""

    def __init__(
        self,
        db: Database,
        read: Callable[..., T],
        *,
        kinds: Collection[str],
        kept: int = 8,
        own_kinds: Collection[str] = (),
    ) -> None:
        self.db = db
        self.read = read
        self.kept = kept
        self.kinds = frozenset(kinds)
        self.own_kinds = frozenset(own_kinds)
        self._values: OrderedDict[tuple[object, ...], tuple[tuple[object, int], T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, viewer: Viewer, *args: Hashable) -> T:
        """The value for the viewer's sharing position, read again only if anything was written since."""
        key = (*sharing_position(viewer), *args)
        with self.db.read() as conn:
            stamp = (self._last_change(conn, viewer), PracticeVectors(conn).stamps()[0])
            with self._lock:
                found = self._values.get(key)
            if found is not None and found[0] == stamp:
                return found[1]
            value = self.read(conn, viewer, *args)  # in the same transaction as the stamps it is kept under
        with self._lock:
            self._values[key] = (stamp, value)
            self._values.move_to_end(key)
            while len(self._values) > self.kept:
                self._values.popitem(last=False)
        return value

    def _last_change(self, conn: Connection, viewer: Viewer) -> object:
        if viewer.tenant_id is None:  # no organisation: every change of the kinds counts
            return last_changes(conn, self.kinds | self.own_kinds)
        return last_changes(conn, self.kinds, tenant_kinds=self.own_kinds, tenant_id=viewer.tenant_id)
