"""What a list's download holds: every match in the list's order, up to a limit, filled in a batch at a time.

A download is read in two steps. First the keys of every match (ids, or whatever the list ranks by), in the
list's order, in one query, one more than the limit, so the download knows whether it was cut. Then, while
it is streamed, the rows a batch at a time, each batch a few statements by key. Reading it as pages instead
would skip ``offset`` rows and count every match again on each page: a download of 100,000 engagements took
30 s that way, quadratic in its length.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from proxenia.domain.paging import MAX_LIMIT

K = TypeVar("K")
T = TypeVar("T")


@dataclass(frozen=True)
class ListDownload(Generic[K, T]):
    """The keys of a download's rows, in order; whether more matched than it holds; how to fill in rows."""

    keys: Sequence[K]
    limit: int
    truncated: bool  # more rows matched than ``limit``: the download holds the first ``limit``
    fill: Callable[[Sequence[K]], Sequence[T]]

    @classmethod
    def cut(cls, keys: Sequence[K], limit: int, fill: Callable[[Sequence[K]], Sequence[T]]) -> ListDownload[K, T]:
        """From keys read with ``limit + 1``: keep ``limit`` of them, and note whether one was left out."""
        return cls(keys[:limit], limit, len(keys) > limit, fill)

    def batches(self, size: int = MAX_LIMIT) -> Iterator[Sequence[T]]:
        """The rows, ``size`` at a time (rows gone since the keys were read are left out)."""
        for start in range(0, len(self.keys), size):
            yield self.fill(self.keys[start : start + size])

    def rows(self) -> list[T]:
        return [row for batch in self.batches() for row in batch]

