"""The office dashboard of the signed-in user's government: ties by status, dormant ties, open follow-ups,
requests for help awaiting an answer and recommended practices; the ties of one status; CSV downloads."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from proxenia.domain.errors import InvalidInput, NotFound, Problem, Unauthenticated
from proxenia.domain.kinds import TieStatus
from proxenia.domain.policy_areas import area_label
from proxenia.interop.tables import csv_text
from proxenia.services.container import Services
from proxenia.services.office_tables import SECTIONS, dashboard_table, ties_table
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False)
CRUMBS: list[tuple[str, str | None]] = [("Home", "/"), ("Dashboard", "/dashboard")]


def _services(request: Request) -> Services:
    return request.app.state.services


def _signed_in(request: Request) -> None:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to see your office's dashboard")


def _status(value: str | None) -> TieStatus | None:
    try:
        return TieStatus(value) if value else None
    except ValueError:
        raise InvalidInput(Problem(f"unknown status '{value}' (active, dormant or ended)", column="status")) from None


def _csv(name: str, header: list[str], rows: list[list[Any]]) -> Response:
    return Response(csv_text(header, rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@router.get("/dashboard")
def dashboard(request: Request, as_of: Annotated[dt.date | None, Query()] = None) -> Response:
    _signed_in(request)
    services, viewer = _services(request), viewer_of(request)
    board = services.office_dashboard.dashboard(viewer, as_of=as_of)
    offices = [f for f, _, is_office in services.federations.mine(viewer) if is_office]
    return render(request, "dashboard/office.html", nav="dashboard", board=board, statuses=list(TieStatus),
                  sections=SECTIONS, as_of=as_of, area_label=area_label, offices=offices,
                  breadcrumbs=[("Home", "/"), ("Dashboard", None)])


@router.get("/dashboard/ties")
def ties(request: Request, status: Annotated[str | None, Query(max_length=16)] = None) -> Response:
    _signed_in(request)
    chosen = _status(status)
    home, views = _services(request).office_dashboard.ties(viewer_of(request), chosen)
    label = f"{chosen.value.capitalize()} ties" if chosen else "All ties"
    return render(request, "dashboard/ties.html", nav="dashboard", home=home, views=views, status=chosen,
                  statuses=list(TieStatus), label=label, breadcrumbs=[*CRUMBS, (label, None)])


@router.get("/dashboard/ties.csv")
def ties_csv(request: Request, status: Annotated[str | None, Query(max_length=16)] = None) -> Response:
    _signed_in(request)
    chosen = _status(status)
    _, views = _services(request).office_dashboard.ties(viewer_of(request), chosen)
    header, rows = ties_table(views)
    return _csv(f"ties-{chosen.value if chosen else 'all'}", header, rows)


@router.get("/dashboard/{section}.csv")
def section_csv(request: Request, section: Annotated[str, Path(max_length=32)],
                as_of: Annotated[dt.date | None, Query()] = None) -> Response:
    _signed_in(request)
    if section not in SECTIONS:
        raise NotFound(f"no dashboard section '{section}' (known: {', '.join(SECTIONS)})")
    board = _services(request).office_dashboard.dashboard(viewer_of(request), as_of=as_of)
    header, rows = dashboard_table(board, section)
    return _csv(section, header, rows)
