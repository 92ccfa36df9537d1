"""Dependencies shared by the API routers: the services, the viewer, paging, versions (ETag/If-Match).

They only read the request, so they are coroutines: FastAPI runs a plain function dependency in its thread
pool, a hop that cost more than the rest of a small read."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request

from proxenia.domain.errors import PreconditionFailed, PreconditionRequired
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


def etag(version: int) -> str:
    return f'W/"{version}"'


class IfMatch:
    """The version a change was made from (the ETag sent back in If-Match), checked by the handler once
    the request is otherwise valid: missing → 428, not one of our ETags → 412."""

    def __init__(self, raw: str | None) -> None:
        self.raw = raw

    def version(self) -> int:
        if not self.raw:
            raise PreconditionRequired("send If-Match with the ETag you read, so that concurrent edits are not lost")
        text = self.raw.strip().removeprefix("W/").strip('"')
        if not text.isdigit():
            raise PreconditionFailed(f"If-Match '{self.raw}' is not an ETag this API gave")
        return int(text)


async def if_match(
    value: Annotated[str | None, Header(alias="If-Match", description="the ETag you read")] = None,
) -> IfMatch:
    return IfMatch(value)


ServicesDep = Annotated[Services, Depends(get_services)]
ViewerDep = Annotated[Viewer, Depends(get_viewer)]
PageDep = Annotated[PageRequest, Depends(get_page)]
VersionDep = Annotated[IfMatch, Depends(if_match)]
