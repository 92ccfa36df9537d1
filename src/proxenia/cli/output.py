"""Printing results: readable Rich tables, or JSON with ``--json``; progress bars for long work."""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import sys
import uuid
from collections.abc import Sequence
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from proxenia.cli.context import console


def to_jsonable(value: Any) -> Any:
    """Plain JSON values all the way down (dataclasses, UUIDs, enums, dates, sets; dict keys as text)."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    plain = _leaf(value)
    return plain if plain is value else to_jsonable(plain)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _leaf(value: Any) -> Any:
    """What the JSON encoder cannot write itself, as something it can (one level: it comes back for more)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: getattr(value, name) for name in _field_names(type(value))}
    if isinstance(value, set | frozenset):
        return list(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def print_json(value: Any) -> None:
    """The value as JSON on standard output, written as is (no colouring, no wrapping): indented on a
    terminal, one line when piped (the encoder's fast path), so a report of tens of megabytes prints in
    a fraction of a second and pipes into ``jq`` unchanged."""
    indent = 2 if sys.stdout.isatty() else None
    try:
        text = json.dumps(value, ensure_ascii=False, indent=indent, default=_leaf)
    except (TypeError, ValueError):  # keys the encoder cannot write (UUIDs, dates): convert everything first
        text = json.dumps(to_jsonable(value), ensure_ascii=False, indent=indent)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)


class RichProgress:
    """A ProgressReporter drawing Rich progress bars on the terminal."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and console.is_terminal
        self._progress: Progress | None = None
        self._task: Any = None

    def start(self, task: str, total: int | None = None) -> None:
        self.finish()
        if not self.enabled:
            console.print(f"{task}…")
            return
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task(task, total=total)

    def advance(self, amount: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, amount)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
