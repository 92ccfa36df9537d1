"""The people directory: ``/people`` (search by name, a page at a time, each person with their posts, and a
CSV of every match) and ``/people/{id}`` (their posts and the engagements they took part in)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from proxenia.domain.paging import PageRequest
from proxenia.services.container import Services
from proxenia.web.list_downloads import csv_download, max_rows
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25


def _services(request: Request) -> Services:
    return request.app.state.services


@router.get("/people")
def people(
    request: Request, q: Annotated[str, Query(max_length=200)] = "", page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> Response:
    result = _services(request).people.directory(viewer_of(request), q.strip(),
                                                 PageRequest(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE))
    return render(request, "registry/people.html", nav="people", q=q.strip(), result=result,
                  breadcrumbs=[("Home", "/"), ("People", None)])


@router.get("/people.csv")
def people_csv(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    download = _services(request).people.directory_download(viewer_of(request), q.strip(), limit=max_rows(request))
    return csv_download("people", ["id", "name", "posts", "sharing"], download, lambda p: [
        p.person.id, p.person.name, "; ".join(f"{post.role} at {post.organization_name}" for post in p.posts),
        p.person.visibility.tlp])


@router.get("/people/{person_id}")
def person(request: Request, person_id: uuid.UUID,
           page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> Response:
    profile = _services(request).people.profile(viewer_of(request), person_id,
                                                PageRequest(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE))
    return render(request, "registry/person.html", nav="people", profile=profile,
                  breadcrumbs=[("Home", "/"), ("People", "/people"), (profile.person.name, None)])
