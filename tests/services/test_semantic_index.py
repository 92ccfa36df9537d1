"""The in-memory semantic index: it follows the stored vectors whoever writes them, reads them again only
when they change, and ranks only what the viewer may read."""

from __future__ import annotations

import pytest

from proxenia.analytics.embedders import HashingEmbedder
from proxenia.domain.kinds import Visibility
from proxenia.domain.paging import PageRequest
from proxenia.domain.practices import PracticeDraft, PracticeFilter, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.services.practices.search import PracticeSearchService
from tests.factories import build_small_registry, make_tenant, viewer_for

ANON = Viewer.anonymous()
SYSTEM = Viewer.system("tests")
NETS = "Mosquito nets against malaria"


def _public(services: Services, title: str, summary: str) -> object:
    draft = PracticeDraft(title=title, summary=summary, visibility=Visibility.PUBLIC, status=PracticeStatus.PUBLISHED)
    return services.practices.create(SYSTEM, draft)


@pytest.fixture
def search(services: Services) -> PracticeSearchService:
    build_small_registry(services)
    _public(services, "Drive-through COVID-19 testing sites", "Testing sites for COVID-19 drivers.")
    _public(services, "Reconfiguring hospital spaces", "Hospital spaces during the pandemic.")
    found = PracticeSearchService(services.db, HashingEmbedder())
    assert found.refresh_embeddings() == 2
    return found


def test_the_index_follows_vectors_embedded_elsewhere(services: Services, search: PracticeSearchService) -> None:
    query = PracticeFilter(query="mosquito nets malaria")
    before = search.search(ANON, query, ranking="semantic")
    assert NETS not in {h.practice.title for h in before.items}
    nets = _public(services, NETS, "Bed nets treated with insecticide against malaria mosquitoes.")
    other_process = PracticeSearchService(services.db, HashingEmbedder())
    assert other_process.refresh_embeddings() == 1  # embedded elsewhere: the first service's matrix is stale
    after = search.search(ANON, query)
    assert after.ranking == "semantic" and after.items[0].practice.id == nets
    with services.db.count_queries() as counter:
        again = search.search(ANON, query)
    assert [h.practice.id for h in again.items] == [h.practice.id for h in after.items]
    assert not [s for s in counter.statements if "practice_embeddings" in s]  # unchanged: vectors not read again
    services.practices.update(SYSTEM, nets, None, {"title": "Clean water wells", "summary": "Wells for villages."})
    moved = search.search(ANON, PracticeFilter(query="wells for villages"), ranking="semantic")
    assert moved.items[0].practice.id == nets  # edited: embedded again and ranked by its new text


def test_a_private_practice_of_another_tenant_never_appears(services: Services, search: PracticeSearchService) -> None:
    owner = viewer_for(services, make_tenant(services, "owner"))
    stranger = viewer_for(services, make_tenant(services, "stranger"), username="stranger")
    secret = services.practices.create(
        owner,
        PracticeDraft(title="Secret testing sites plan", summary="Testing sites", visibility=Visibility.PRIVATE),
    )
    assert search.refresh_embeddings() == 1
    every_status = PracticeFilter(query="secret testing sites plan", statuses=())
    mine = search.search(owner, every_status, PageRequest(limit=100), ranking="semantic")
    assert mine.items[0].practice.id == secret
    for viewer in (ANON, stranger):
        theirs = search.search(viewer, every_status, PageRequest(limit=100), ranking="semantic")
        assert theirs.ranking == "semantic" and secret not in {h.practice.id for h in theirs.items}
        assert theirs.total == mine.total - 1  # not even counted
        public = next(h.practice.id for h in theirs.items)
        assert secret not in {h.practice.id for h in search.similar(viewer, public, limit=10)}


def test_the_keys_a_viewer_may_read_are_kept_until_a_write(services: Services, search: PracticeSearchService) -> None:
    query = PracticeFilter(query="drive-through testing sites")
    first = search.search(ANON, query, ranking="semantic")
    testing = first.items[0].practice.id
    with services.db.count_queries() as counter:
        search.search(ANON, query, ranking="semantic")
    assert not [s for s in counter.statements if "group_concat" in s.lower() or "string_agg" in s.lower()]
    services.practices.update(SYSTEM, testing, None, {"visibility": "private"})  # no longer public
    after = search.search(ANON, query, ranking="semantic")
    assert testing not in {h.practice.id for h in after.items} and after.total == first.total - 1
