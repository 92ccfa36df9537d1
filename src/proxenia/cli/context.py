"""What every command needs: settings, services, the viewer, and a console."""

from __future__ import annotations

import datetime as dt
import sys
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import typer
from rich.console import Console

from proxenia.config import Settings
from proxenia.domain.errors import InvalidInput, Problem, ProxeniaError
from proxenia.services.container import Services, build_services

F = TypeVar("F", bound=Callable[..., Any])
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


@contextmanager
def open_services(*, migrate: bool = True) -> Iterator[Services]:
    settings = Settings()
    services = build_services(settings)
    try:
        if migrate:
            services.setup.migrate()
        yield services
    finally:
        services.close()


def report_errors(func: F) -> F:
    """Errors the product raises on purpose become a clear message and exit status 1, not a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidInput as exc:
            err_console.print(f"[bold red]Error:[/] {exc.detail}")
            for problem in exc.problems[:50]:
                err_console.print(f"  - {problem}")
            if len(exc.problems) > 50:
                err_console.print(f"  … and {len(exc.problems) - 50} more")
            err_console.print("Nothing was written.")
            raise typer.Exit(1) from None
        except ProxeniaError as exc:
            err_console.print(f"[bold red]{exc.title}:[/] {exc.detail}")
            raise typer.Exit(1) from None
        except OSError as exc:  # a file named on the command line that cannot be read or written
            where = f" {exc.filename}" if exc.filename else ""
            err_console.print(f"[bold red]Error:[/] cannot use{where}: {exc.strerror or exc}")
            raise typer.Exit(1) from None
        except zipfile.BadZipFile:
            err_console.print("[bold red]Error:[/] the file is not a zip archive (a Proxenia backup or tenant archive)")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:  # pragma: no cover
            err_console.print("Interrupted.")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def parse_day(text: str | None, column: str) -> dt.date | None:
    """A day given on the command line (YYYY-MM-DD), or None; a clear error naming the option otherwise."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise InvalidInput(Problem(f"'{text}' is not a date (YYYY-MM-DD)", column=column)) from None


def parse_id(text: str | None, column: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        raise InvalidInput(Problem(f"'{text}' is not a record id (a UUID)", column=column)) from None

