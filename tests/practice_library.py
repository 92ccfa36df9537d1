"""A small practice library for ranking tests: private practices that match "flood barrier" best, public
ones that match it less well."""

from __future__ import annotations

import uuid

from proxenia.domain.kinds import Visibility
from proxenia.domain.practices import ContextSnapshot, PracticeDraft, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store.practices import PracticeRepository
from tests.factories import make_tenant


def create_practices(services: Services, tenant: uuid.UUID, texts: list[tuple[str, Visibility]]) -> list[uuid.UUID]:
    """Published practices of ``tenant`` in climate adaptation, one per (summary, visibility)."""
    drafts = [
        (
            PracticeDraft(
                title=f"Practice {i:02d}",
                summary=text,
                policy_areas=("climate_adaptation",),
                visibility=visibility,
                status=PracticeStatus.PUBLISHED,
            ),
            ContextSnapshot(),
        )
        for i, (text, visibility) in enumerate(texts)
    ]
    with services.db.begin() as conn:
        PracticeRepository(conn).known_areas()  # the policy-area vocabulary
        return PracticeRepository(conn).create_many(Viewer.system("tests"), drafts, tenant_id=tenant, summary="t")


def flood_library(services: Services) -> tuple[uuid.UUID, list[uuid.UUID], list[uuid.UUID]]:
    """(owner, 30 private practices that match "flood barrier" best, 9 public ones that match it less)."""
    owner = make_tenant(services, "owner")
    best = [(f"flood barrier flood barrier flood {i}", Visibility.PRIVATE) for i in range(30)]
    worse = [("flood barrier " + "river " * (i % 4) + "and other words about it", Visibility.PUBLIC) for i in range(9)]
    return owner, create_practices(services, owner, best), create_practices(services, owner, worse)
