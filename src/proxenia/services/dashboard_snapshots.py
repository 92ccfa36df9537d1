"""Snapshots of the costly part of an office's dashboard (the aggregates over the members' shared records
and the network's hubs), so that a national dashboard is served in well under a second.

A snapshot is dropped at once when the federation's members or its office change anything (a record
made private, a member leaving: the office must never keep seeing it), and otherwise kept while no
one changed anything, or for ``max_age`` seconds when only other organisations did (their public
records can only add context). The page says when its figures were computed and offers to refresh.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Snapshot(Generic[T]):
    value: T
    generation: int
    taken: float = field(default_factory=time.monotonic)
    taken_at: float = field(default_factory=time.time)


class SnapshotCache(Generic[T]):
    def __init__(self, *, max_age: float = 300.0, capacity: int = 32) -> None:
        self.max_age = max_age
        self.capacity = capacity
        self._items: OrderedDict[Hashable, Snapshot[T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self, key: Hashable, generation: int, changed_since: Callable[[int], bool]
    ) -> Snapshot[T] | None:
        """The snapshot still valid at ``generation``; ``changed_since(g)`` says whether the federation's own
        tenants changed anything after change ``g``."""
        with self._lock:
            found = self._items.get(key)
        if found is None:
            return None
        if found.generation != generation and (
            time.monotonic() - found.taken > self.max_age or changed_since(found.generation)
        ):
            self.drop(key)
            return None
        with self._lock:
            self._items.move_to_end(key)
        return found

    def put(self, key: Hashable, value: T, generation: int) -> Snapshot[T]:
        snapshot = Snapshot(value, generation)
        with self._lock:
            self._items[key] = snapshot
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return snapshot

    def drop(self, key: Hashable) -> None:
        with self._lock:
            self._items.pop(key, None)

    def drop_federation(self, federation_id: uuid.UUID) -> None:
        with self._lock:
            for key in [k for k in self._items if isinstance(k, tuple) and k and k[0] == federation_id]:
                self._items.pop(key, None)
