"""A page of ranked full-text matches, read from the engine's best matches only: the same page as ranking
every match, and never a practice the viewer may not read (on SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
import uuid

import pytest

from proxenia.domain.kinds import Role
from proxenia.domain.practices import PracticeFilter
from proxenia.domain.recommendations import Challenge
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store import practice_queries
from proxenia.store.practice_queries import PracticeQuery
from tests.factories import viewer_for
from tests.practice_library import flood_library

ANON = Viewer.anonymous()


@pytest.fixture
def library(services: Services) -> tuple[uuid.UUID, list[uuid.UUID], list[uuid.UUID]]:
    return flood_library(services)


def _every_match_ranked(
    services: Services, viewer: Viewer, f: PracticeFilter, limit: int, offset: int
) -> list[uuid.UUID]:
    with services.db.read() as conn:
        queries = PracticeQuery(conn)
        where = practice_queries.filter_conditions(viewer, f)
        return [i for i, _ in queries._page(*queries._ranked(f.query, "any", where), limit, offset)]


@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (3, 0), (3, 2), (20, 0)])
def test_a_page_is_the_page_of_every_match_ranked_and_only_what_the_viewer_may_read(
    services: Services,
    library: tuple[uuid.UUID, list[uuid.UUID], list[uuid.UUID]],
    limit: int,
    offset: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner, private, public = library
    member = viewer_for(services, owner, Role.EDITOR)
    filters = (
        PracticeFilter(query="flood barrier"),
        PracticeFilter(query="river", policy_areas=("climate_adaptation",)),
    )
    for (viewer, allowed), f in itertools.product(((ANON, set(public)), (member, set(public) | set(private))), filters):
        with services.db.read() as conn:
            hits, total = PracticeQuery(conn).search(viewer, f, limit=limit, offset=offset, mode="any", count=False)
        assert total == -1
        page = [i for i, _ in hits]
        assert page == _every_match_ranked(services, viewer, f, limit, offset)
        assert set(page) <= allowed
        assert [r for _, r in hits] == sorted((r for _, r in hits), reverse=True)
    windows: list[int] = []
    best_matches = practice_queries.best_matches
    monkeypatch.setattr(
        practice_queries, "best_matches", lambda conn, *a: windows.append(a[-1]) or best_matches(conn, *a)
    )
    with services.db.read() as conn:  # the 30 best are private: the window widens until public ones come
        hits, _ = PracticeQuery(conn).search(ANON, PracticeFilter(query="flood"), limit=2, mode="any", count=False)
    assert [i for i, _ in hits] == _every_match_ranked(services, ANON, PracticeFilter(query="flood"), 2, 0)
    assert len(hits) == 2
    assert windows[:2] == [9, 33]  # widened: no public practice among the 9 best


def test_recommendations_never_show_what_the_viewer_may_not_read(
    services: Services, library: tuple[uuid.UUID, list[uuid.UUID], list[uuid.UUID]]
) -> None:
    owner, private, public = library
    challenge = Challenge(text="flood barrier", policy_areas=("climate_adaptation",))
    found = services.recommendations.recommend(ANON, challenge, limit=20)
    shown = {p.practice.id for p in found.practices}
    assert shown and shown <= set(public)
    member = services.recommendations.recommend(viewer_for(services, owner), challenge, limit=5)
    assert {p.practice.id for p in member.practices} <= set(private)  # they match best, and the member may read them
    assert all(any(f.code == "topic" for f in p.factors) for p in member.practices)
