"""Practices on SQLite and PostgreSQL: recording, validation, curation, links to pledges, full-text search
with filters, query budgets."""

from __future__ import annotations

import uuid

import pytest

from proxenia.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unauthenticated
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.paging import PageRequest
from proxenia.domain.practices import (
    Contact,
    CurationStep,
    EvidenceLevel,
    PracticeDraft,
    PracticeFilter,
    PracticeStatus,
)
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import (
    IRVINE,
    LOS_ANGELES,
    MILAN,
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
def seoul(services: Services) -> Viewer:
    return viewer_for(services, make_tenant(services, "seoul"), Role.EDITOR, "seoul-editor")


@pytest.fixture
def network(services: Services) -> uuid.UUID:
    return make_tenant(services, "c40", kind="network")


def drive_through(reg: SmallRegistry, **extra: object) -> PracticeDraft:
    values: dict[str, object] = {
        "title": "Drive-through COVID-19 testing sites",
        "summary": "Seoul's model of drive-through testing sites, recommended to Los Angeles in early 2020.",
        "problem": "Testing for COVID-19 in the early days of the pandemic.",
        "policy_areas": ("public_health",),
        "originator_id": reg.city(SEOUL),
        "evidence_level": EvidenceLevel.ANECDOTAL,
        "source_ref": SOURCE,
        "visibility": Visibility.PUBLIC,
        **extra,
    }
    return PracticeDraft(**values)  # type: ignore[arg-type]


def publish(services: Services, owner: Viewer, reviewer: Viewer, practice_id: uuid.UUID) -> None:
    services.practices.curate(owner, practice_id, CurationStep.SUBMIT)
    services.practices.curate(reviewer, practice_id, CurationStep.VALIDATE, note="checked against the source")
    services.practices.curate(reviewer, practice_id, CurationStep.PUBLISH)


def test_a_practice_keeps_its_context_from_the_registry(services: Services, reg: SmallRegistry, seoul: Viewer) -> None:
    practice_id = services.practices.create(seoul, drive_through(reg, start_date="2020-03"))
    p = services.practices.detail(seoul, practice_id).practice
    assert p.status is PracticeStatus.DRAFT and p.tenant_id == seoul.tenant_id
    assert p.originator is not None and p.originator.name == "Seoul"
    assert p.context.population and p.context.population > 9_000_000
    assert p.context.country_code == "KR" and p.context.income_group == "High income"
    assert p.context.region == "East Asia & Pacific"
    assert p.policy_areas == ("public_health",) and p.start_date == "2020-03"


def test_input_problems_name_their_fields(services: Services, reg: SmallRegistry, seoul: Viewer) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.practices.create(
            seoul,
            drive_through(
                reg,
                title=" ",
                policy_areas=("astrology",),
                start_date="2020-13",
                contacts=(Contact(name="x", email="not-an-address"),),
            ),
        )
    columns = {p.column for p in caught.value.problems}
    assert {"title", "policy_areas", "start_date", "contacts"} <= columns
    with pytest.raises(Unauthenticated):
        services.practices.create(ANON, drive_through(reg))
    viewer_only = viewer_for(services, seoul.tenant_id, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.practices.create(viewer_only, drive_through(reg))


def test_curation_moves_draft_to_published_by_the_right_people(
    services: Services, reg: SmallRegistry, seoul: Viewer, network: uuid.UUID
) -> None:
    reviewer = viewer_for(services, network, Role.EDITOR, "c40-reviewer")
    private = drive_through(reg, visibility=Visibility.PRIVATE, curator_tenant_id=network)
    practice_id = services.practices.create(seoul, private)
    with pytest.raises(NotFound):  # a private draft is not the reviewer's to see
        services.practices.detail(reviewer, practice_id)
    services.practices.curate(seoul, practice_id, CurationStep.SUBMIT)
    with pytest.raises(PermissionDenied):  # the author cannot validate its own submission
        services.practices.curate(seoul, practice_id, CurationStep.VALIDATE)
    assert [p.id for p in services.practices.queue(reviewer)] == [practice_id]  # submitted: the reviewer sees it
    services.practices.curate(reviewer, practice_id, CurationStep.RETURN, note="add the outcomes")
    detail = services.practices.detail(seoul, practice_id)
    assert detail.practice.status is PracticeStatus.DRAFT and detail.practice.review.note == "add the outcomes"
    services.practices.curate(seoul, practice_id, CurationStep.SUBMIT)
    with pytest.raises(Conflict):  # publishing needs validation first
        services.practices.curate(reviewer, practice_id, CurationStep.PUBLISH)
    services.practices.curate(reviewer, practice_id, CurationStep.VALIDATE)
    services.practices.curate(reviewer, practice_id, CurationStep.PUBLISH)
    review = services.practices.detail(seoul, practice_id).practice.review
    assert review.validated_by == "c40-reviewer" and review.published_at is not None
    outsider = viewer_for(services, make_tenant(services, "outsider"), Role.ADMIN)
    with pytest.raises(NotFound):  # published but private: still the owner's and the curator's only
        services.practices.detail(outsider, practice_id)


def test_submitting_needs_a_curator_and_curation_is_audited(
    services: Services, reg: SmallRegistry, seoul: Viewer, network: uuid.UUID
) -> None:
    practice_id = services.practices.create(seoul, drive_through(reg))
    with pytest.raises(InvalidInput) as caught:
        services.practices.curate(seoul, practice_id, CurationStep.SUBMIT)
    assert caught.value.problems[0].column == "curator_tenant_id"
    services.practices.update(seoul, practice_id, None, {"curator_tenant_id": network})
    services.practices.curate(seoul, practice_id, CurationStep.SUBMIT)
    history = services.audit.history(Viewer.system(), record_id=practice_id)
    actions = [(e.action, e.username) for e in history]
    assert ("create", "seoul-editor") in actions and ("submit", "seoul-editor") in actions
    submitted = next(e for e in history if e.action == "submit")
    assert submitted.before == {"status": "draft"} and submitted.after and submitted.after["status"] == "submitted"


def test_updates_check_versions_and_reindex(services: Services, reg: SmallRegistry, seoul: Viewer) -> None:
    practice_id = services.practices.create(seoul, drive_through(reg))
    version = services.practices.update(
        seoul, practice_id, 1, {"approach": "Sites where people are tested in their cars", "policy_areas": ["mobility"]}
    )
    assert version == 2
    with pytest.raises(Conflict):
        services.practices.update(seoul, practice_id, 1, {"title": "stale"})
    found = services.practice_search.search(seoul, PracticeFilter(query="cars", statuses=()), ranking="fulltext")
    assert [h.practice.id for h in found.items] == [practice_id]
    assert services.practices.detail(seoul, practice_id).practice.policy_areas == ("mobility",)
    other = viewer_for(services, make_tenant(services, "la"), Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.practices.update(other, practice_id, 2, {"title": "not yours"})
    with pytest.raises(InvalidInput):
        services.practices.update(seoul, practice_id, 2, {"status": "published"})


def test_fulltext_search_with_filters_and_a_query_budget(
    services: Services, reg: SmallRegistry, seoul: Viewer, network: uuid.UUID
) -> None:
    reviewer = viewer_for(services, network, Role.EDITOR)
    testing = services.practices.create(seoul, drive_through(reg, curator_tenant_id=network))
    hospital = services.practices.create(
        seoul,
        PracticeDraft(
            title="Reconfiguring hospital spaces",
            summary="Milan's approach to reconfiguring hospital spaces during COVID-19.",
            policy_areas=("public_health",),
            originator_id=reg.city(MILAN),
            curator_tenant_id=network,
            visibility=Visibility.PUBLIC,
        ),
    )
    cfc = services.practices.create(
        seoul,
        PracticeDraft(
            title="City-level ban on CFCs",
            summary="The first city-level CFC ban in the United States.",
            policy_areas=("pap.environment",),
            originator_id=reg.city(IRVINE),
            curator_tenant_id=network,
            visibility=Visibility.PUBLIC,
        ),
    )
    for practice_id in (testing, hospital, cfc):
        publish(services, seoul, reviewer, practice_id)
    search = services.practice_search
    hits = search.search(ANON, PracticeFilter(query="COVID-19"), ranking="fulltext")
    assert {h.practice.id for h in hits.items} == {testing, hospital} and hits.ranking == "fulltext"
    assert "covid" in hits.items[0].matched
    assert search.search(ANON, PracticeFilter(query="hospitals"), ranking="fulltext").items[0].practice.id == hospital
    assert search.search(ANON, PracticeFilter(query='café crème OR "drop'), ranking="fulltext").total == 0
    by_area = search.search(ANON, PracticeFilter(policy_areas=("pap.environment",)))
    assert [h.practice.id for h in by_area.items] == [cfc] and by_area.ranking == "recent"
    assert search.search(ANON, PracticeFilter(country_code="US")).items[0].practice.id == cfc
    # an area or a country written another way is read as meant; an unknown one is an error naming what is
    # accepted, not an empty page (CLI QA: --area bogus and --country ZZ found nothing, silently)
    assert [h.practice.id for h in search.search(ANON, PracticeFilter(country_code="us")).items] == [cfc]
    assert search.search(ANON, PracticeFilter(policy_areas=(" PAP.Environment",))).items[0].practice.id == cfc
    unknown_area = PracticeFilter(policy_areas=("public_health", "bogus"))
    for wrong, column, says in ((unknown_area, "area", "known: public_health"),
                                (PracticeFilter(country_code="ZZ"), "country", "ISO 3166-1")):
        with pytest.raises(InvalidInput) as refused:
            search.search(ANON, wrong)
        assert [p.column for p in refused.value.problems] == [column] and says in str(refused.value)
        with pytest.raises(InvalidInput):
            search.download(ANON, wrong, limit=10)
    fallback = search.search(ANON, PracticeFilter(query="testing chlorofluorocarbons ban"), ranking="fulltext")
    assert fallback.total == 2 and fallback.notes  # no practice has every word: any word, said so
    with services.db.count_queries() as counter:
        page = search.search(ANON, PracticeFilter(query="covid"), PageRequest(limit=50), ranking="fulltext")
    assert page.total == 2
    assert counter.count <= 8, counter.statements


def test_a_practice_links_to_the_pledge_it_serves(services: Services, reg: SmallRegistry, seoul: Viewer) -> None:
    from proxenia.domain.actors import ActorDraft
    from proxenia.domain.kinds import ActorKind

    system = Viewer.system("tests")
    agreement = services.edits.create_actor(
        system, ActorDraft(kind=ActorKind.AGREEMENT, name="Paris Agreement", visibility=Visibility.PUBLIC)
    )
    pledge = services.edits.create_tie(
        system,
        TieDraft(
            type_code="pledge", source_id=reg.city(LOS_ANGELES), target_id=agreement, visibility=Visibility.PUBLIC
        ),
    )
    practice_id = services.practices.create(seoul, drive_through(reg))
    la = viewer_for(services, make_tenant(services, "la"), Role.EDITOR)
    services.practices.link(
        la, practice_id, pledge_id=pledge, note="adopted to meet our pledge", visibility=Visibility.PUBLIC
    )
    [link] = services.practices.detail(ANON, practice_id).links
    assert link.kind == "pledge" and link.pledger and link.pledger.name == "Los Angeles"
    assert link.agreement and link.agreement.name == "Paris Agreement"
    assert [x.practice_id for x in services.practices.pledge_links(ANON, reg.city(LOS_ANGELES))] == [practice_id]
    sister = services.registry.profile(ANON, reg.city(LOS_ANGELES)).tie_groups[0].ties[0].tie.id
    with pytest.raises(InvalidInput):
        services.practices.link(la, practice_id, pledge_id=sister)
    with pytest.raises(InvalidInput):
        services.practices.link(la, practice_id)
