"""The word index behind full-text recommendations, on SQLite and PostgreSQL: the best matches a viewer
may read and nothing else, the window widening past unreadable ones, and the index kept current by
re-reading only the documents that changed."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from proxenia.analytics.practice_words import PracticeWordIndex
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.practices import PracticeFilter
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import viewer_for
from tests.practice_library import create_practices, flood_library

ANON = Viewer.anonymous()


@pytest.fixture
def library(services: Services) -> tuple[uuid.UUID, list[uuid.UUID], list[uuid.UUID]]:
    return flood_library(services)


def test_the_best_matches_are_those_the_viewer_may_read_ranked_as_the_whole_library(
    services: Services, library: tuple[uuid.UUID, list[uuid.UUID], list[uuid.UUID]]
) -> None:
    owner, private, public = library
    words = PracticeWordIndex(services.db)
    member = viewer_for(services, owner, Role.EDITOR)
    everyone = words.best(member, "flood barrier", 100)  # the member reads all 39: the whole ranking
    assert {i for i, _ in everyone} == set(private) | set(public)
    assert set(dict(everyone[:30])) == set(private)  # the private ones match best
    for limit in (1, 2, 5, 9, 20):
        found = words.best(ANON, "flood barrier", limit)
        assert found == [(i, s) for i, s in everyone if i in set(public)][:limit]
    assert words.best(ANON, "volcano eruption", 5) == []
    assert words.best(ANON, "river", 5, PracticeFilter(policy_areas=("housing",))) == []  # the filter applies


def test_the_window_widens_past_unreadable_matches(
    services: Services, library: tuple[uuid.UUID, list[uuid.UUID], list[uuid.UUID]]
) -> None:
    _, _, public = library
    words = PracticeWordIndex(services.db)
    with services.db.count_queries() as counted:
        found = words.best(ANON, "flood", 2)  # the 30 best are private: the best 9, then the best 33
    assert len(found) == 2 and {i for i, _ in found} <= set(public)
    readable_checks = [s for s in counted.statements if "FROM practices" in s]
    assert len(readable_checks) == 2, counted.statements


def test_the_index_re_reads_only_what_changed(
    services: Services, library: tuple[uuid.UUID, list[uuid.UUID], list[uuid.UUID]]
) -> None:
    owner, _private, public = library
    words = PracticeWordIndex(services.db)
    assert words.refresh() == 39
    assert words.refresh() == 0
    with services.db.count_queries() as steady:
        words.best(ANON, "river", 3)
    reads = [s for s in steady.statements if s.startswith("SELECT")]
    assert len(reads) == 2, reads  # the documents stamp, then which of the best are readable

    editor = viewer_for(services, owner, Role.EDITOR)
    services.practices.update(editor, public[0], None, {"summary": "heatwave cooling centres"})
    [fresh] = create_practices(services, owner, [("heatwave shade trees", Visibility.PUBLIC)])
    services.practices.delete(editor, public[1])
    with services.db.count_queries() as catching_up:
        assert words.refresh() == 3  # the edited, the new and the deleted practice: nothing else is read
    reads = [s for s in catching_up.statements if s.startswith("SELECT")]
    assert len(reads) == 3, reads  # the stamp, again under the lock, then the changes since the one held
    assert "practice_search_changes" in reads[2] and "digest" not in reads[2]
    assert {i for i, _ in words.best(ANON, "heatwave", 5)} == {public[0], fresh}
    assert public[0] not in {i for i, _ in words.best(ANON, "river", 20)}
    assert public[1] not in {i for i, _ in words.best(ANON, "flood barrier", 20)}


def test_recommendations_rank_with_the_index_and_see_new_practices_at_once(
    services: Services, library: tuple[uuid.UUID, list[uuid.UUID], list[uuid.UUID]]
) -> None:
    from proxenia.domain.recommendations import Challenge

    owner, _, public = library
    first = services.recommendations.recommend(ANON, Challenge(text="flood barrier river"), limit=3)
    assert next(p.practice.id for p in first.practices) in set(public)
    [new] = create_practices(services, owner, [("flood barrier river river river river", Visibility.PUBLIC)])
    again = services.recommendations.recommend(ANON, Challenge(text="flood barrier river"), limit=3)
    assert again.practices[0].practice.id == new
    topic = next(f for f in again.practices[0].factors if f.code == "topic")
    assert topic.detail == "words in common: flood, barrier, river"


def test_deleting_and_writing_again_in_one_transaction_and_a_database_made_again(
    services: Services, library: tuple[uuid.UUID, list[uuid.UUID], list[uuid.UUID]]
) -> None:
    owner, _, public = library
    words = PracticeWordIndex(services.db)
    assert words.refresh() == 39
    with services.db.begin() as conn:  # a restore rewrites the documents: delete, insert, several statements
        rows = conn.exec_driver_sql("SELECT practice_id, document, digest FROM practice_search").all()
        conn.exec_driver_sql("DELETE FROM practice_search")
        for practice_id, document, digest in rows:
            conn.execute(
                sa.text("INSERT INTO practice_search (practice_id, document, digest) VALUES (:p, :d, :g)"),
                {
                    "p": practice_id,
                    "d": document + (" volcano" if uuid.UUID(str(practice_id)) == public[2] else ""),
                    "g": digest,
                },
            )
    assert words.refresh() == 39
    assert words.best(ANON, "flood barrier", 20) == PracticeWordIndex(services.db).best(ANON, "flood barrier", 20)
    assert [i for i, _ in words.best(ANON, "volcano", 5)] == [public[2]]
    flood = words.best(ANON, "flood barrier", 20)
    with services.db.begin() as conn:  # as if the database were made again from nothing: another epoch
        conn.exec_driver_sql("UPDATE practice_index_stamps SET stamp = stamp + 1 WHERE name = 'documents_epoch'")
        conn.exec_driver_sql("DELETE FROM practice_search_changes")
    assert words.refresh() == 39  # every document, read again
    assert words.best(ANON, "flood barrier", 20) == flood
    [fresh] = create_practices(services, owner, [("volcano ash shelters", Visibility.PUBLIC)])
    assert words.refresh() == 1
    assert {i for i, _ in words.best(ANON, "volcano", 5)} == {public[2], fresh}
