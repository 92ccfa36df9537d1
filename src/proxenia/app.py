"""create_app(settings): the only place where the application is wired together."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from proxenia import __version__
from proxenia.api import accounts as accounts_api
from proxenia.api import actors as actors_api
from proxenia.api import adoptions as adoptions_api
from proxenia.api import briefings as briefings_api
from proxenia.api import campaigns as campaigns_api
from proxenia.api import engagements as engagements_api
from proxenia.api import federations as federations_api
from proxenia.api import goals as goals_api
from proxenia.api import missions as missions_api
from proxenia.api import portfolio as portfolio_api
from proxenia.api import practices as practices_api
from proxenia.api import proposals as proposals_api
from proxenia.api import registry as registry_api
from proxenia.api import requests_for_help as requests_for_help_api
from proxenia.api.authentication import install_authentication
from proxenia.api.problems import install_problem_handlers
from proxenia.api.upload_limit import install_upload_limit
from proxenia.config import Settings
from proxenia.services.container import Services, build_services
from proxenia.web import mount_web

API_DESCRIPTION = """The Proxenia API: a registry of actors and ties in city and state diplomacy.

Errors are `application/problem+json` (RFC 9457). Lists are pages with a `total`. Changes need the
`If-Match` header carrying the `ETag` you read, so that concurrent edits are refused instead of lost.
Reference data credits: GeoNames (CC BY 4.0), Wikipedia contributors (CC BY-SA 4.0), JRC (CC BY 4.0),
World Bank (CC BY 4.0)."""


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    settings = settings or Settings()
    services = services or build_services(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        if settings.environment != "test":
            await asyncio.to_thread(services.prepare)  # ready means warm: the port opens after this
            threading.Thread(target=services.warm_up, name="warm-up", daemon=True).start()
            threading.Thread(target=services.keep_statistics, args=(stop,), name="statistics", daemon=True).start()
        yield
        stop.set()
        services.close()

    app = FastAPI(
        title="Proxenia",
        version=__version__,
        description=API_DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.services = services
    app.state.query_names = {}  # by route: the query parameters it takes (api.deps.refuse_unknown_query)
    install_problem_handlers(app)
    install_authentication(app)
    install_upload_limit(app)
    app.include_router(actors_api.router)
    app.include_router(registry_api.router)
    app.include_router(accounts_api.router)
    app.include_router(practices_api.router)
    app.include_router(adoptions_api.router)
    app.include_router(requests_for_help_api.router)
    app.include_router(federations_api.router)
    app.include_router(campaigns_api.router)
    app.include_router(missions_api.router)
    app.include_router(engagements_api.router)
    app.include_router(proposals_api.router)
    app.include_router(goals_api.router)
    app.include_router(briefings_api.router)
    app.include_router(portfolio_api.router)
    mount_web(app, settings)
    return app
