"""Who adopts next, the simple way, on SQLite and PostgreSQL: only the most active adopters are read as
candidates, and the page is the page of ranking every active actor; activity is kept until a write."""

from __future__ import annotations

import datetime as dt
import random
import uuid

import pytest

from proxenia.analytics.next_adopters import adopter_activity, rank_next_adopters
from proxenia.domain.actors import ActorDraft
from proxenia.domain.kinds import ActorKind, Role, Visibility
from proxenia.domain.practices import ContextSnapshot, PracticeDraft, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.services.practices.views import RecommendedAdopter
from proxenia.store.actors import ActorRepository
from proxenia.store.adoptions import AdoptionRepository
from proxenia.store.practices import PracticeRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository
from tests.factories import make_tenant, viewer_for
from tests.government import build_government

ANON = Viewer.anonymous()
SYSTEM = Viewer.system("tests")


def _adoption(practice: uuid.UUID, adopter: uuid.UUID, visibility: str = "public") -> dict[str, object]:
    return {
        "id": uuid.uuid4(),
        "tenant_id": REFERENCE_TENANT_ID,
        "visibility": visibility,
        "practice_id": practice,
        "adopter_id": adopter,
        "learned_from_id": None,
        "date": "2020",
        "status": "adopted",
        "adaptations": "",
        "outcome": "",
        "stakeholders": [],
        "source_ref": None,
    }


@pytest.fixture
def world(services: Services) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """60 cities in three countries (one private), 40 practices, adoptions with many ties in activity."""
    rng = random.Random(3)
    with services.db.begin() as conn:
        TenantRepository(conn).ensure_reference()
        PracticeRepository(conn).known_areas()
        drafts = [
            ActorDraft(
                kind=ActorKind.CITY,
                name=f"City {i:02d}",
                country_code=("US", "FR", "JP")[i % 3],
                id=uuid.uuid4(),
                visibility=Visibility.PRIVATE if i == 7 else Visibility.PUBLIC,
            )
            for i in range(60)
        ]
        ActorRepository(conn).create_many(SYSTEM, drafts, tenant_id=REFERENCE_TENANT_ID, summary="t")
        cities = [d.id for d in drafts if d.id]
        practices = PracticeRepository(conn).create_many(
            SYSTEM,
            [
                (
                    PracticeDraft(title=f"P{i}", visibility=Visibility.PUBLIC, status=PracticeStatus.PUBLISHED),
                    ContextSnapshot(),
                )
                for i in range(40)
            ],
            tenant_id=REFERENCE_TENANT_ID,
            summary="t",
        )
        pairs = {(rng.randrange(40), rng.randrange(60)) for _ in range(400)} | {(1, 7), (2, 7), (3, 7), (4, 7)}
        AdoptionRepository(conn).create_many(
            SYSTEM, [_adoption(practices[p], cities[c]) for p, c in pairs], summary="t"
        )
    return cities, practices


def test_a_page_of_next_adopters_is_the_page_of_ranking_every_active_actor(
    services: Services, world: tuple[list[uuid.UUID], list[uuid.UUID]]
) -> None:
    cities, practices = world
    for practice in practices[:6]:
        with services.db.read() as conn:
            activity = adopter_activity(conn, ANON)
            everyone = rank_next_adopters(conn, ANON, practice, limit=10_000, activity=activity)
            assert len(everyone) > 20
            assert cities[7] not in {r.actor_id for r in everyone}  # private: never a candidate
            for limit in (1, 3, 10):
                page = rank_next_adopters(conn, ANON, practice, limit=limit, activity=activity)
                assert page == everyone[:limit]


def _activity(ranked: dict[uuid.UUID, RecommendedAdopter], actor: uuid.UUID) -> int:
    factor = next(f for f in ranked[actor].factors if f.code == "activity")
    return int(factor.detail.split()[0])


def test_activity_is_kept_until_something_is_written(
    services: Services, world: tuple[list[uuid.UUID], list[uuid.UUID]]
) -> None:
    _, practices = world
    before = {r.actor.id: r for r in services.recommendations.next_adopters(ANON, practices[0], limit=50)}
    with services.db.count_queries() as kept:
        services.recommendations.next_adopters(ANON, practices[1])
    grouped = [s for s in kept.statements if "GROUP BY adoptions.adopter_id, actors.name" in s]
    assert grouped == []  # the activity of every adopter was kept from the first question
    busiest = max(before, key=lambda a: _activity(before, a))
    with services.db.begin() as conn:  # it adopts five more practices
        done = {a.practice_id for a in AdoptionRepository(conn).by_adopter(SYSTEM, busiest)}
        fresh = [p for p in practices[1:] if p not in done][:5]
        AdoptionRepository(conn).create_many(SYSTEM, [_adoption(p, busiest) for p in fresh], summary="t")
    after = {r.actor.id: r for r in services.recommendations.next_adopters(ANON, practices[0], limit=50)}
    assert _activity(after, busiest) == _activity(before, busiest) + len(fresh)


def test_activity_stays_kept_through_other_writes_and_moves_with_sharing(
    services: Services, world: tuple[list[uuid.UUID], list[uuid.UUID]]
) -> None:
    """Kept reads key on the last change of the kinds they are made of: an engagement logged leaves the
    activity kept; a sharing agreement (the permission filter reads it) does not."""
    _, practices = world
    gov = build_government(services)
    partner = make_tenant(services, "partner-city")
    partner_admin = viewer_for(services, partner, Role.ADMIN, username="partner-admin")
    before = {r.actor.id: r for r in services.recommendations.next_adopters(gov.viewer, practices[0], limit=50)}
    busiest = max(before, key=lambda a: _activity(before, a))
    with services.db.begin() as conn:  # the partner records one more adoption, for its partners only
        done = {a.practice_id for a in AdoptionRepository(conn).by_adopter(SYSTEM, busiest)}
        fresh = next(p for p in practices[1:] if p not in done)
        shared = _adoption(fresh, busiest, visibility="partners") | {"tenant_id": partner}
        AdoptionRepository(conn).create_many(SYSTEM, [shared], summary="t")
    services.recommendations.next_adopters(gov.viewer, practices[0])  # read again: an adoption was written
    gov.log("Call with a counterpart", dt.date(2026, 3, 2))
    with services.db.count_queries() as kept:
        again = {r.actor.id: r for r in services.recommendations.next_adopters(gov.viewer, practices[0], limit=50)}
    assert not [s for s in kept.statements if "GROUP BY adoptions.adopter_id, actors.name" in s]  # still kept
    assert _activity(again, busiest) == _activity(before, busiest)  # the partner's adoption is not shared yet
    services.tenancy.share_with(partner_admin, "la-city", "t")
    after = {r.actor.id: r for r in services.recommendations.next_adopters(gov.viewer, practices[0], limit=50)}
    assert _activity(after, busiest) == _activity(before, busiest) + 1
