"""Adoptions, transfers, shares and lineage on SQLite and PostgreSQL: Seoul → Los Angeles → other US
cities (unnamed, as the source leaves them), teachers that are not the originator, plans and follow-ups."""

from __future__ import annotations

import uuid

import pytest

from proxenia.domain.adoptions import AdoptionDraft, AdoptionStatus, ShareDraft, StepStatus, TransferPhase
from proxenia.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.practices import PracticeDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.services.practices.lineage import lineage_elements
from tests.factories import (
    AUSTIN,
    BUSAN,
    LOS_ANGELES,
    SEOUL,
    SmallRegistry,
    build_small_registry,
    make_tenant,
    viewer_for,
)

ANON = Viewer.anonymous()
SOURCE = "002_d1268cbaf42a83fe.txt — How city and state diplomacy can strengthen US foreign policy"


@pytest.fixture
def reg(services: Services) -> SmallRegistry:
    return build_small_registry(services)


@pytest.fixture
def la(services: Services) -> Viewer:
    return viewer_for(services, make_tenant(services, "los-angeles"), Role.EDITOR, "la-editor")


@pytest.fixture
def practice(services: Services, reg: SmallRegistry) -> uuid.UUID:
    return services.practices.create(
        viewer_for(services, make_tenant(services, "seoul")),
        PracticeDraft(
            title="Drive-through COVID-19 testing sites",
            policy_areas=("public_health",),
            originator_id=reg.city(SEOUL),
            visibility=Visibility.PUBLIC,
        ),
    )


def test_lineage_goes_from_the_originator_through_the_teacher_to_unnamed_recipients(
    services: Services, reg: SmallRegistry, la: Viewer, practice: uuid.UUID
) -> None:
    services.adoptions.record(
        la,
        AdoptionDraft(
            practice_id=practice,
            adopter_id=reg.city(LOS_ANGELES),
            learned_from_id=reg.city(SEOUL),
            date="2020",
            source_ref=SOURCE,
            visibility=Visibility.PUBLIC,
        ),
    )
    services.adoptions.share(
        la,
        ShareDraft(
            practice_id=practice,
            from_actor_id=reg.city(LOS_ANGELES),
            recipients="Other cities in the US (the source does not name them)",
            date="2020",
            source_ref=SOURCE,
            visibility=Visibility.PUBLIC,
        ),
    )
    # Austin learned it from Los Angeles, not from Seoul (the originator) — a private record of LA's.
    services.adoptions.record(
        la,
        AdoptionDraft(
            practice_id=practice,
            adopter_id=reg.city(AUSTIN),
            learned_from_id=reg.city(LOS_ANGELES),
            date="2020-05",
            status=AdoptionStatus.IN_PROGRESS,
        ),
    )
    lineage = services.practices.detail(la, practice).lineage
    by_label = {n.label: n for n in lineage.nodes}
    assert by_label["Seoul"].relation == "originated" and by_label["Seoul"].parent == "practice"
    assert by_label["Los Angeles"].parent == f"actor:{reg.city(SEOUL)}" and by_label["Los Angeles"].date == "2020"
    assert by_label["Austin"].parent == f"actor:{reg.city(LOS_ANGELES)}"
    unnamed = by_label["Other cities in the US (the source does not name them)"]
    assert unnamed.relation == "shared_with" and unnamed.actor is None and unnamed.kind == "unnamed"
    public = services.practices.detail(ANON, practice).lineage
    assert "Austin" not in {n.label for n in public.nodes}  # LA's private record stays private
    elements = lineage_elements(public, f"/practices/{practice}")
    assert sum(n["root"] for n in elements["nodes"]) == 1
    assert {(e["type"]) for e in elements["edges"]} == {"originated", "learned_from", "shared_with"}


def test_adoptions_without_a_known_teacher_hang_from_the_practice(
    services: Services, reg: SmallRegistry, la: Viewer, practice: uuid.UUID
) -> None:
    services.adoptions.record(
        la, AdoptionDraft(practice_id=practice, adopter_id=reg.city(BUSAN), date="2021", visibility=Visibility.PUBLIC)
    )
    node = next(n for n in services.practices.detail(ANON, practice).lineage.nodes if n.label == "Busan")
    assert node.parent == "practice" and node.relation == "source_not_recorded"


def test_adoption_rules(services: Services, reg: SmallRegistry, la: Viewer, practice: uuid.UUID) -> None:
    draft = AdoptionDraft(practice_id=practice, adopter_id=reg.city(LOS_ANGELES), learned_from_id=reg.city(SEOUL))
    services.adoptions.record(la, draft)
    with pytest.raises(Conflict):
        services.adoptions.record(la, draft)
    with pytest.raises(InvalidInput):
        services.adoptions.record(
            la, AdoptionDraft(practice_id=practice, adopter_id=reg.city(SEOUL), learned_from_id=reg.city(SEOUL))
        )
    with pytest.raises(InvalidInput):
        services.adoptions.record(la, AdoptionDraft(practice_id=uuid.uuid4(), adopter_id=reg.city(SEOUL)))
    with pytest.raises(InvalidInput) as caught:
        services.adoptions.record(la, AdoptionDraft(practice_id=practice, adopter_id=reg.city(AUSTIN), date="May"))
    assert caught.value.problems[0].column == "date"


def test_a_transfer_has_a_plan_and_a_follow_up(
    services: Services, reg: SmallRegistry, la: Viewer, practice: uuid.UUID
) -> None:
    adoption = services.adoptions.record(
        la,
        AdoptionDraft(
            practice_id=practice,
            adopter_id=reg.city(AUSTIN),
            learned_from_id=reg.city(LOS_ANGELES),
            status=AdoptionStatus.IN_PROGRESS,
        ),
    )
    first = services.adoptions.add_step(
        la, adoption, phase=TransferPhase.UNDERSTAND, title="Visit the sites", due_date="2026-03"
    )
    services.adoptions.add_step(la, adoption, phase=TransferPhase.ADAPT, title="Local stakeholder group")
    services.adoptions.set_step_status(la, adoption, first, StepStatus.DONE)
    services.adoptions.add_followup(
        la, adoption, result="Two sites opened", date="2026-06", indicator="sites", value="2"
    )
    version = services.adoptions.update(la, adoption, None, {"status": "adopted", "outcome": "Running"})
    got = services.adoptions.get(la, adoption)
    assert [(s.phase, s.title, s.status) for s in got.steps] == [
        (TransferPhase.UNDERSTAND, "Visit the sites", StepStatus.DONE),
        (TransferPhase.ADAPT, "Local stakeholder group", StepStatus.TODO),
    ]
    assert got.followups[0].result == "Two sites opened" and got.status is AdoptionStatus.ADOPTED
    assert got.version == version and version >= 5  # every change to the plan is a new version
    other = viewer_for(services, make_tenant(services, "austin"), Role.ADMIN)
    with pytest.raises(NotFound):  # private to Los Angeles
        services.adoptions.add_step(other, adoption, phase=TransferPhase.REUSE, title="x")
    reader = viewer_for(services, la.tenant_id, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.adoptions.add_followup(reader, adoption, result="x")


def test_a_governments_lineage(services: Services, reg: SmallRegistry, la: Viewer, practice: uuid.UUID) -> None:
    services.adoptions.record(
        la,
        AdoptionDraft(
            practice_id=practice,
            adopter_id=reg.city(LOS_ANGELES),
            learned_from_id=reg.city(SEOUL),
            date="2020",
            visibility=Visibility.PUBLIC,
        ),
    )
    services.adoptions.record(
        la,
        AdoptionDraft(
            practice_id=practice,
            adopter_id=reg.city(AUSTIN),
            learned_from_id=reg.city(LOS_ANGELES),
            visibility=Visibility.PUBLIC,
        ),
    )
    seoul = services.adoptions.actor_lineage(ANON, reg.city(SEOUL))
    assert [t for _, t in seoul.originated] == ["Drive-through COVID-19 testing sites"]
    assert {a.adopter.name for a in seoul.went_to} == {"Los Angeles", "Austin"}
    los_angeles = services.adoptions.actor_lineage(ANON, reg.city(LOS_ANGELES))
    assert [a.learned_from.name for a in los_angeles.came_from if a.learned_from] == ["Seoul"]
    assert [a.adopter.name for a in los_angeles.went_to] == ["Austin"]
    with services.db.count_queries() as counter:
        services.adoptions.actor_lineage(ANON, reg.city(SEOUL))
    assert counter.count <= 14, counter.statements


def test_merging_actors_keeps_their_adoptions(
    services: Services, reg: SmallRegistry, la: Viewer, practice: uuid.UUID
) -> None:
    from proxenia.domain.actors import ActorDraft
    from proxenia.domain.kinds import ActorKind

    system = Viewer.system("tests")
    duplicate = services.edits.create_actor(
        system,
        ActorDraft(kind=ActorKind.CITY, name="Los Angeles (typo)", country_code="US", visibility=Visibility.PUBLIC),
    )
    services.adoptions.record(
        la,
        AdoptionDraft(
            practice_id=practice, adopter_id=duplicate, learned_from_id=reg.city(SEOUL), visibility=Visibility.PUBLIC
        ),
    )
    services.adoptions.record(
        la,
        AdoptionDraft(
            practice_id=practice, adopter_id=reg.city(AUSTIN), learned_from_id=duplicate, visibility=Visibility.PUBLIC
        ),
    )
    moved = services.edits.merge_actors(system, reg.city(LOS_ANGELES), duplicate)
    assert moved["adoptions"] == 1 and moved["teachers"] == 1
    lineage = {n.label: n.parent for n in services.practices.detail(ANON, practice).lineage.nodes}
    assert lineage["Austin"] == f"actor:{reg.city(LOS_ANGELES)}" and "Los Angeles" in lineage
