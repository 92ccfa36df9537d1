"""Dependencies shared by the API routers: the services, the viewer, paging, versions (ETag/If-Match)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request

from proxenia.domain.errors import InvalidInput, PreconditionFailed, Problem
from proxenia.domain.paging import MAX_LIMIT, PageRequest
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_viewer(request: Request) -> Viewer:
    """Set once per request by the authentication middleware (anonymous when nobody signed in)."""
    return getattr(request.state, "viewer", None) or Viewer.anonymous()


def get_page(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = 20,
    offset: Annotated[int, Query(ge=0, description="items to skip")] = 0,
) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


def etag(version: int) -> str:
    return f'W/"{version}"'


def required_version(if_match: Annotated[str | None, Header(alias="If-Match")] = None) -> int:
    """The version a change was made from, from If-Match; a change without it is refused (428-like 412)."""
    if not if_match:
        raise PreconditionFailed("send If-Match with the ETag you read, so that concurrent edits are not lost")
    text = if_match.strip().removeprefix("W/").strip('"')
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(Problem(f"If-Match '{if_match}' is not an ETag of this API", column="If-Match")) from None


ServicesDep = Annotated[Services, Depends(get_services)]
ViewerDep = Annotated[Viewer, Depends(get_viewer)]
PageDep = Annotated[PageRequest, Depends(get_page)]
VersionDep = Annotated[int, Depends(required_version)]
