"""Helpers the diagnostics share: union-find over hex ids, and the records a finding names."""

from __future__ import annotations

import heapq
import uuid
from collections import defaultdict
from collections.abc import Iterable

from proxenia.domain.findings import EngagementFact, RecordRef

MAX_RECORDS = 12  # the most recent records behind a finding; the finding says how many there are


class Groups:
    """Union-find over ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self, keys: Iterable[str]) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            out[self.find(k)].append(k)
        return list(out.values())


def as_uuid(hex_id: str | None) -> uuid.UUID | None:
    return uuid.UUID(hex_id) if hex_id else None


def ref(f: EngagementFact) -> RecordRef:
    return RecordRef("engagement", as_uuid(f.id), f.title, f.start_date)


def refs(facts: Iterable[EngagementFact]) -> tuple[RecordRef, ...]:
    """The most recent engagements behind a finding."""
    return tuple(ref(f) for f in heapq.nlargest(MAX_RECORDS, facts, key=_start))


def recent_refs(facts: list[EngagementFact]) -> tuple[RecordRef, ...]:
    """The same for facts already in date order: the last ones, newest first."""
    return tuple(ref(f) for f in reversed(facts[-MAX_RECORDS:]))


def _start(f: EngagementFact) -> int:
    return f.start_day
