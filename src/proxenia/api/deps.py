"""Dependencies shared by the API routers: the services, the viewer, paging, versions (ETag/If-Match).

They only read the request, so they are coroutines: FastAPI runs a plain function dependency in its thread
pool, a hop that cost more than the rest of a small read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Header, Query, Request

from proxenia.domain.errors import InvalidInput, PreconditionFailed, PreconditionRequired, Problem
from proxenia.domain.paging import MAX_LIMIT, PageRequest
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services


async def get_services(request: Request) -> Services:
    return request.app.state.services


async def get_viewer(request: Request) -> Viewer:
    """Set once per request by the authentication middleware (anonymous when nobody signed in)."""
    return getattr(request.state, "viewer", None) or Viewer.anonymous()


async def get_page(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")] = 0,
) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


async def refuse_unknown_query(request: Request) -> None:
    """A query parameter the operation does not take (``sort``, ``order_by``, a misspelt filter) is a 422
    naming it and the parameters taken, as an unknown field of a body is: ignored, it answered as if the
    client had not asked. Every API router depends on it (``API_DEPENDENCIES``)."""
    route = request.scope.get("route")
    if not request.query_params or route is None:
        return
    taken = _query_names(request.app.state.query_names, route)
    unknown = [name for name in request.query_params if name not in taken]
    if unknown:
        names = ", ".join(sorted(taken)) or "none"
        raise InvalidInput([Problem(f"is not a parameter here (those taken: {names})", column=n) for n in unknown])


def _query_names(known: dict[int, frozenset[str]], route: Any) -> frozenset[str]:
    """The query parameters a route declares, its dependencies' included (worked out once per route and
    kept in the application's ``known``, by the route's id: the application holds its routes)."""
    names = known.get(id(route))
    if names is None:
        found: set[str] = set()
        pending = [route.dependant]
        while pending:
            dependant = pending.pop()
            found.update(field.alias for field in dependant.query_params)
            pending.extend(dependant.dependencies)
        names = known[id(route)] = frozenset(found)
    return names


def etag(version: int) -> str:
    return f'W/"{version}"'


class IfMatch:
    """The version a change was made from (the ETag sent back in If-Match), checked by the handler once
    the request is otherwise valid: missing → 428, not one of our ETags → 412. ``*`` matches whatever
    version the record is at (RFC 9110): the change goes ahead without conflict detection (``None``)."""

    def __init__(self, raw: str | None) -> None:
        self.raw = raw

    def version(self) -> int | None:
        if not self.raw:
            raise PreconditionRequired("send If-Match with the ETag you read, so that concurrent edits are not lost")
        if self.raw.strip() == "*":
            return None
        text = self.raw.strip().removeprefix("W/").strip('"')
        if not text.isdigit():
            raise PreconditionFailed(f"If-Match '{self.raw}' is not an ETag this API gave")
        return int(text)


IF_MATCH = (
    "the ETag you read; a change made from an older version is refused (409). `*` matches any current version: "
    "the change goes ahead without that check"
)


async def if_match(
    value: Annotated[str | None, Header(alias="If-Match", description=IF_MATCH)] = None,
) -> IfMatch:
    return IfMatch(value)


ServicesDep = Annotated[Services, Depends(get_services)]
ViewerDep = Annotated[Viewer, Depends(get_viewer)]
PageDep = Annotated[PageRequest, Depends(get_page)]
VersionDep = Annotated[IfMatch, Depends(if_match)]
#: What every API router depends on (``APIRouter(dependencies=API_DEPENDENCIES)``).
API_DEPENDENCIES = [Depends(refuse_unknown_query)]
