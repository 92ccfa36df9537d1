"""What every command needs: settings, services, the viewer, and a console."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import typer
from rich.console import Console

from proxenia.config import Settings
from proxenia.domain.errors import InvalidInput, ProxeniaError
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
        except KeyboardInterrupt:  # pragma: no cover
            err_console.print("Interrupted.")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]
