"""A small government for the engagement, intake, briefing and portfolio tests: the City of Los Angeles
as a tenant with three departments, on the small real registry (real GeoNames places, real twin towns)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from proxenia.domain.engagements import EngagementDraft, EngagementKind, Participant
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import SmallRegistry, build_small_registry, make_tenant, viewer_for

DEPARTMENTS = (("intl", "Mayor's Office of International Affairs"), ("econ", "Economic Development"),
               ("sust", "Sustainability"))


@dataclass
class Government:
    services: Services
    reg: SmallRegistry
    tenant: uuid.UUID
    admin: Viewer
    editor: Viewer
    viewer: Viewer
    departments: dict[str, uuid.UUID]

    def log(self, title: str, day: dt.date, department: str = "intl", *, actors: tuple[uuid.UUID, ...] = (),
            kind: EngagementKind = EngagementKind.MEETING, visibility: Visibility = Visibility.PRIVATE,
            **extra: object) -> uuid.UUID:
        draft = EngagementDraft(
            kind=kind, title=title, start_date=day, department_id=self.departments[department],
            participants=tuple(Participant(actor_id=a) for a in actors), visibility=visibility, **extra,  # type: ignore[arg-type]
        )
        return self.services.engagements.log(self.editor, draft)


def build_government(services: Services, slug: str = "la-city", reg: SmallRegistry | None = None) -> Government:
    """A government tenant; the small real registry is built unless ``reg`` says it already is."""
    reg = reg or build_small_registry(services)
    tenant = make_tenant(services, slug)
    admin = viewer_for(services, tenant, Role.ADMIN, username=f"{slug}-admin")
    departments = {key: services.accounts.create_department(admin, key, name) for key, name in DEPARTMENTS}
    editor = viewer_for(services, tenant, Role.EDITOR, username=f"{slug}-editor")
    viewer = viewer_for(services, tenant, Role.VIEWER, username=f"{slug}-viewer")
    return Government(services, reg, tenant, admin, editor, viewer, departments)


def sign_in_clerk(client: Any, services: Services, password: str = "a long test password") -> None:
    """A government (``build_government``) and its editor ``clerk``, signed in through the real sign-in page."""
    build_government(services)
    services.accounts.create_user(Viewer.system("tests"), username="clerk", password=password, tenant="la-city",
                                  role=Role.EDITOR)
    client.get("/login")
    client.post("/login", data={"username": "clerk", "password": password,
                                "csrf_token": client.cookies.get("proxenia_csrf")})
