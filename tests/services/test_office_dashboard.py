"""The office dashboard of a government on SQLite and PostgreSQL: its real sister-city ties by status, the
dormant ones (the portfolio's diagnostic), open follow-ups overdue first, its own open requests and others'
it could answer, practices recommended for its open challenges; a fixed query count whatever the data."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from proxenia.domain.engagements import FollowUp
from proxenia.domain.errors import Unauthenticated
from proxenia.domain.help_requests import HelpRequestDraft, RequestStatus
from proxenia.domain.kinds import Role, TieStatus, Visibility
from proxenia.domain.practices import EvidenceLevel, PracticeDraft, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.services.office_tables import SECTIONS, dashboard_table, ties_table
from tests.factories import ATHENS, BUSAN, GUANGZHOU, LOS_ANGELES, SEOUL, make_tenant, viewer_for
from tests.government import Government, build_government

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def gov(services: Services) -> Government:
    gov = build_government(services)
    services.portfolio.save_settings(gov.admin, home_actor_id=gov.reg.city(LOS_ANGELES))
    return gov


def _practice(services: Services, gov: Government) -> uuid.UUID:
    return services.practices.create(Viewer.system("tests"), PracticeDraft(
        title="Drive-through COVID-19 testing sites", summary="Seoul's drive-through testing model",
        policy_areas=("public_health",), originator_id=gov.reg.city(SEOUL), evidence_level=EvidenceLevel.ANECDOTAL,
        visibility=Visibility.PUBLIC, status=PracticeStatus.PUBLISHED))


def _ask(services: Services, viewer: Viewer, asker: uuid.UUID, title: str, needed_by: str | None = None,
         visibility: Visibility = Visibility.PUBLIC) -> uuid.UUID:
    return services.help_requests.ask(viewer, HelpRequestDraft(
        asker_id=asker, title=title, text=f"{title}: we need to test many people fast.", policy_area="public_health",
        needed_by=needed_by, visibility=visibility))


def _populate(services: Services, gov: Government, n: int) -> None:
    """``n`` engagements with a follow-up each, ``n`` own requests and ``n`` requests of another city."""
    busan = gov.reg.city(BUSAN)
    seoul = viewer_for(services, make_tenant(services, f"seoul-{n}"), Role.EDITOR, f"seoul-{n}")
    for i in range(n):
        gov.log(f"Busan call {i}", TODAY - dt.timedelta(days=10 + i), actors=(busan,),
                follow_ups=(FollowUp(f"Send the minutes {i}", "Protocol", TODAY + dt.timedelta(days=i - 2)),))
        _ask(services, gov.editor, gov.reg.city(LOS_ANGELES), f"Mass testing {i}", f"2026-0{7 + i % 3}")
        _ask(services, seoul, gov.reg.city(SEOUL), f"Seoul asks {i}")


def test_the_dashboard_shows_every_panel(services: Services, gov: Government) -> None:
    practice = _practice(services, gov)
    gov.log("Old Athens exchange", dt.date(2019, 5, 1), actors=(gov.reg.city(ATHENS),))
    gov.log("Guangzhou trade call", TODAY - dt.timedelta(days=30), actors=(gov.reg.city(GUANGZHOU),),
            follow_ups=(FollowUp("Send the study", "Economic Development", TODAY - dt.timedelta(days=3)),
                        FollowUp("Plan the return visit", None, None),
                        FollowUp("Share contacts", "Protocol", TODAY + dt.timedelta(days=20))))
    own = _ask(services, gov.editor, gov.reg.city(LOS_ANGELES), "Mass COVID-19 testing", "2026-12")
    seoul = viewer_for(services, make_tenant(services, "seoul"), Role.EDITOR, "seoul-editor")
    theirs = _ask(services, seoul, gov.reg.city(SEOUL), "Heat waves in dense districts")
    hidden = _ask(services, seoul, gov.reg.city(SEOUL), "Internal budget question", visibility=Visibility.PRIVATE)

    board = services.office_dashboard.dashboard(gov.viewer, as_of=TODAY)

    assert board.tenant_name == "La-City" and board.home is not None and board.home.name == "Los Angeles"
    # LA's three real twin towns of the small registry, all active.
    assert board.tie_counts == {TieStatus.ACTIVE: 3, TieStatus.DORMANT: 0, TieStatus.ENDED: 0}
    # Busan never engaged, Athens last in 2019; Guangzhou met a month ago.
    assert {f.subject.label for f in board.dormant if f.subject} == {"Busan", "Athens"} and board.dormant_checked
    assert [f.action for f in board.follow_ups] == ["Send the study", "Share contacts", "Plan the return visit"]
    assert [f.overdue for f in board.follow_ups] == [True, False, False] and board.overdue == 1
    assert board.follow_ups_total == 3
    assert [r.id for r in board.own_requests.items] == [own]
    assert [r.id for r in board.open_requests.items] == [theirs]  # not its own, not what it may not read
    assert hidden not in [r.id for r in board.open_requests.items]
    [challenge] = board.recommendations
    assert challenge.request.id == own and challenge.practices[0].practice.id == practice
    # every list panel as a CSV table
    for section in SECTIONS:
        header, rows = dashboard_table(board, section)
        assert header and all(len(r) == len(header) for r in rows)
    assert dashboard_table(board, "recommended-practices")[1][0][1] == "Drive-through COVID-19 testing sites"
    home, dormant = services.office_dashboard.ties(gov.viewer, TieStatus.DORMANT)
    assert home == board.home and dormant == []
    _, every = services.office_dashboard.ties(gov.viewer)
    assert {v.other.name for v in every} == {"Busan", "Athens", "Guangzhou"}
    assert len(ties_table(every)[1]) == 3


def test_a_request_that_was_answered_no_longer_waits(services: Services, gov: Government) -> None:
    own = _ask(services, gov.editor, gov.reg.city(LOS_ANGELES), "Mass COVID-19 testing")
    services.help_requests.set_status(gov.editor, own, RequestStatus.CLOSED)
    board = services.office_dashboard.dashboard(gov.viewer, as_of=TODAY)
    assert board.own_requests.items == [] and board.recommendations == []


def test_anonymous_readers_have_no_dashboard(services: Services, gov: Government) -> None:
    with pytest.raises(Unauthenticated):
        services.office_dashboard.dashboard(Viewer.anonymous())


def test_the_query_count_does_not_grow_with_the_records(services: Services, gov: Government) -> None:
    _practice(services, gov)
    _populate(services, gov, 3)
    services.word_index.refresh()  # built once, when a server starts (then read again only if documents change)
    with services.db.count_queries() as few:
        small = services.office_dashboard.dashboard(gov.viewer, as_of=TODAY)
    _populate(services, gov, 9)
    with services.db.count_queries() as many:
        large = services.office_dashboard.dashboard(gov.viewer, as_of=TODAY)
    assert len(small.follow_ups) == 3 and len(large.follow_ups) == 12 and large.own_requests.total == 12
    assert len(small.recommendations) == len(large.recommendations) == 3
    assert many.count == few.count, (few.statements, many.statements)  # nothing is read per row
    assert many.count <= 110, (many.count, many.statements)  # the diagnostics ~25, each recommendation ~24
