"""Briefing book pages: choose an actor or a country, read the book on screen, download it as a PDF."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from proxenia.domain.briefing import BriefingBook, classification
from proxenia.domain.countries import country_code
from proxenia.domain.errors import NotFound
from proxenia.services.container import Services
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False)


def _services(request: Request) -> Services:
    return request.app.state.services


def _pdf(book: BriefingBook, services: Services, name: str) -> Response:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)[:80] or "briefing"
    return Response(services.briefings.pdf(book), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="briefing-{safe}.pdf"'})


@router.get("/briefings")
def briefings(
    request: Request,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    actor_id: Annotated[str | None, Query(max_length=40)] = None,
    country: Annotated[str | None, Query(max_length=60)] = None,
) -> Response:
    services = _services(request)
    error = None
    try:
        if actor_id:
            return RedirectResponse(f"/briefings/actors/{uuid.UUID(actor_id)}", status_code=303)
        if actor:
            return RedirectResponse(f"/briefings/actors/{services.registry.resolve(viewer_of(request), actor).id}",
                                    status_code=303)
        if country:
            return RedirectResponse(f"/briefings/countries/{country_code(country)}", status_code=303)
    except (NotFound, ValueError) as exc:
        error = getattr(exc, "detail", "choose from the list")
    return render(request, "briefings/home.html", nav="engagements", error=error, actor=actor or "",
                  country=country or "", breadcrumbs=[("Home", "/"), ("Briefing books", None)])


@router.get("/briefings/actors/{actor_id}.pdf")
def actor_pdf(request: Request, actor_id: uuid.UUID) -> Response:
    services = _services(request)
    book = services.briefings.for_actor(viewer_of(request), services.registry.actor_id_for(viewer_of(request),
                                                                                          actor_id))
    return _pdf(book, services, book.title)


@router.get("/briefings/actors/{actor_id}")
def actor_book(request: Request, actor_id: uuid.UUID) -> Response:
    services = _services(request)
    book = services.briefings.for_actor(viewer_of(request), services.registry.actor_id_for(viewer_of(request),
                                                                                          actor_id))
    return render(request, "briefings/book.html", nav="engagements", book=book, tlp_level=classification(book),
                  pdf_url=f"/briefings/actors/{actor_id}.pdf",
                  breadcrumbs=[("Home", "/"), ("Briefing books", "/briefings"), (book.title, None)])


@router.get("/briefings/countries/{country}.pdf")
def country_pdf(request: Request, country: str) -> Response:
    services = _services(request)
    book = services.briefings.for_country(viewer_of(request), country[:60])
    return _pdf(book, services, book.title)


@router.get("/briefings/countries/{country}")
def country_book(request: Request, country: str) -> Response:
    book = _services(request).briefings.for_country(viewer_of(request), country[:60])
    return render(request, "briefings/book.html", nav="engagements", book=book, tlp_level=classification(book),
                  pdf_url=f"/briefings/countries/{book.country_code}.pdf",
                  breadcrumbs=[("Home", "/"), ("Briefing books", "/briefings"), (book.title, None)])
