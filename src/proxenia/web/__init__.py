"""Server-rendered pages (Jinja2, htmx where a page needs to be live) and the static files."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from proxenia.config import Settings
from proxenia.web import (
    account_pages,
    briefing_pages,
    campaign_pages,
    chain_pages,
    dashboard_pages,
    engagement_forms,
    engagement_pages,
    federation_pages,
    intake_pages,
    list_downloads,
    mission_pages,
    people_pages,
    portfolio_pages,
    practice_forms,
    practice_pages,
    registry_forms,
    registry_pages,
    request_pages,
    response_pages,
    risk_pages,
)
from proxenia.web.confirmation import install_confirmations
from proxenia.web.rendering import build_templates, install_page_errors

STATIC = Path(__file__).parent / "static"


def mount_web(app: FastAPI, settings: Settings) -> None:
    app.state.templates = build_templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(registry_forms.router)
    app.include_router(registry_pages.router)
    app.include_router(chain_pages.router)
    app.include_router(people_pages.router)
    app.include_router(account_pages.router)
    app.include_router(practice_forms.router)  # before the pages: /practices/new is not a practice id
    app.include_router(practice_pages.router)
    app.include_router(request_pages.router)
    app.include_router(federation_pages.router)
    app.include_router(campaign_pages.router)
    app.include_router(response_pages.router)
    app.include_router(mission_pages.router)
    app.include_router(engagement_forms.router)  # before the pages: /engagements/new is not an engagement id
    app.include_router(engagement_pages.router)
    app.include_router(intake_pages.router)
    app.include_router(risk_pages.router)
    app.include_router(briefing_pages.router)
    app.include_router(portfolio_pages.router)
    app.include_router(dashboard_pages.router)
    app.include_router(list_downloads.router)
    install_page_errors(app)
    install_confirmations(app)
