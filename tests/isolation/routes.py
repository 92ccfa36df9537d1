"""The route table of the application, flattened: (method, path) for every route a request can reach."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from starlette.routing import Mount


def route_table(app: Any) -> Iterator[tuple[str, str]]:
    for route in app.routes:
        yield from _walk(route, "")


def _walk(route: Any, prefix: str) -> Iterator[tuple[str, str]]:
    if isinstance(route, Mount):
        yield ("GET", route.path + "/{path}")
        return
    if hasattr(route, "original_router"):  # FastAPI's included router
        extra = getattr(route.include_context, "prefix", "") or ""
        for inner in route.original_router.routes:
            yield from _walk(inner, prefix + extra)
        return
    for method in sorted(getattr(route, "methods", None) or ()):
        if method != "HEAD":
            yield (method, prefix + getattr(route, "path_format", route.path))  # without ":uuid" convertors
