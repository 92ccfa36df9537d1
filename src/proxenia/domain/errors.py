"""Errors the domain raises; interfaces translate them (problem+json, exit codes, flash messages)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class ProxeniaError(Exception):
    """Base of every error the product raises on purpose."""

    title = "Error"
    status = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(ProxeniaError):
    title = "Not found"
    status = 404


class PermissionDenied(ProxeniaError):
    title = "Permission denied"
    status = 403


class Unauthenticated(ProxeniaError):
    title = "Authentication required"
    status = 401


class Conflict(ProxeniaError):
    """An update made from a stale version, or a uniqueness clash."""

    title = "Conflict"
    status = 409


class DatabaseUnavailable(ProxeniaError):
    """The configured database cannot be used: a malformed URL, an unknown driver, a server that does not answer."""

    title = "Database unavailable"
    status = 503


class TooLarge(ProxeniaError):
    """An upload (or a request) larger than the installation accepts."""

    title = "Too large"
    status = 413


class PreconditionFailed(Conflict):
    title = "Precondition failed"
    status = 412


class PreconditionRequired(Conflict):
    title = "Precondition required"
    status = 428


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where: file, row, column (or field)."""

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InvalidInput(ProxeniaError):
    """Input that cannot be accepted; carries every problem found, each with its location."""

    title = "Invalid input"
    status = 422

    def __init__(self, problems: list[Problem] | Problem | str, detail: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        if detail is None:
            detail = str(problems[0]) if len(problems) == 1 else f"{len(problems)} problems; first: {problems[0]}"
        super().__init__(detail)


@dataclass
class ProblemCollector:
    """Collects problems up to a cap, so a bad file reports many errors, not only the first."""

    limit: int = 200
    problems: list[Problem] = field(default_factory=list)
    dropped: int = 0

    def add(self, problem: Problem) -> None:
        if len(self.problems) < self.limit:
            self.problems.append(problem)
        else:
            self.dropped += 1

    def check_lengths(self, limits: Mapping[str, int], values: Mapping[str, Any]) -> None:
        """A problem for each of ``values`` longer than its limit in characters (fields not given pass)."""
        for column, limit in limits.items():
            value = values.get(column)
            if isinstance(value, str) and len(value) > limit:
                self.add(Problem(f"is longer than {limit:,} characters", column=column))

    def raise_if_any(self) -> None:
        if self.problems:
            detail = None
            if self.dropped:
                detail = f"{len(self.problems) + self.dropped} problems (first {len(self.problems)} listed)"
            raise InvalidInput(self.problems, detail)

    def __bool__(self) -> bool:
        return bool(self.problems)


def refuse_too_long(limits: Mapping[str, int], values: Mapping[str, Any]) -> None:
    """Raise ``InvalidInput`` naming each of ``values`` longer than its limit in characters."""
    problems = ProblemCollector()
    problems.check_lengths(limits, values)
    problems.raise_if_any()
