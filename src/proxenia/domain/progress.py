"""A small progress interface so long services can report without knowing the terminal."""

from __future__ import annotations

from typing import Protocol


class ProgressReporter(Protocol):
    def start(self, task: str, total: int | None = None) -> None: ...

    def advance(self, amount: int = 1) -> None: ...

    def finish(self) -> None: ...


class SilentProgress:
    """The default: report nothing."""

    def start(self, task: str, total: int | None = None) -> None:
        return None

    def advance(self, amount: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None
