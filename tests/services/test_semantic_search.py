"""Both search paths: semantic ranking behind the ``Embedder`` interface (the shipped test double always;
the real all-MiniLM-L6-v2 when the [semantic] extra is installed) and full text when it is not."""

from __future__ import annotations

import functools

import pytest

from proxenia.analytics.embedders import Embedder, HashingEmbedder, SentenceTransformerEmbedder, semantic_installed
from proxenia.domain.errors import InvalidInput
from proxenia.domain.kinds import Visibility
from proxenia.domain.practices import PracticeDraft, PracticeFilter, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.services.practices.search import PracticeSearchService
from tests.factories import IRVINE, MILAN, SEOUL, SmallRegistry, build_small_registry, make_tenant, viewer_for

ANON = Viewer.anonymous()
PRACTICES = (
    ("Drive-through COVID-19 testing sites", "Seoul's model of drive-through testing sites for COVID-19.", SEOUL),
    ("Reconfiguring hospital spaces", "Milan's approach to reconfiguring hospital spaces during the pandemic.", MILAN),
    ("City-level ban on CFCs", "The first city-level ban on chlorofluorocarbons in the United States.", IRVINE),
)


@pytest.fixture
def library(services: Services) -> dict[str, object]:
    reg: SmallRegistry = build_small_registry(services)
    system = Viewer.system("tests")
    ids = {}
    for title, summary, city in PRACTICES:
        ids[title] = services.practices.create(
            system,
            PracticeDraft(
                title=title,
                summary=summary,
                originator_id=reg.city(city),
                visibility=Visibility.PUBLIC,
                status=PracticeStatus.PUBLISHED,
            ),
        )
    return ids


def _search(services: Services, embedder: Embedder | None) -> PracticeSearchService:
    return PracticeSearchService(services.db, embedder)


def test_the_semantic_path_with_the_shipped_test_double(services: Services, library: dict[str, object]) -> None:
    search = _search(services, HashingEmbedder())
    result = search.search(ANON, PracticeFilter(query="testing sites for covid"))
    assert result.ranking == "semantic"
    assert result.items[0].practice.title == "Drive-through COVID-19 testing sites"
    assert all(0 < h.rank <= 1.2 for h in result.items)
    assert search.refresh_embeddings() == 0  # vectors are stored once and reused
    owner = viewer_for(services, make_tenant(services, "owner"))
    secret = services.practices.create(
        owner, PracticeDraft(title="Secret testing sites plan", visibility=Visibility.PRIVATE)
    )
    private = search.search(ANON, PracticeFilter(query="testing sites", statuses=()))
    assert secret not in {h.practice.id for h in private.items}
    assert secret in {
        h.practice.id for h in search.search(owner, PracticeFilter(query="testing sites", statuses=())).items
    }
    services.practices.update(owner, secret, None, {"summary": "now about hospital beds"})
    assert search.refresh_embeddings() == 1  # a changed text is embedded again
    assert search.search(ANON, PracticeFilter(query="ozone chlorofluorocarbons ban")).items[0].practice.title == (
        "City-level ban on CFCs"
    )


def test_full_text_serves_when_the_extra_is_absent(services: Services, library: dict[str, object]) -> None:
    search = _search(services, None)
    assert not search.semantic
    result = search.search(ANON, PracticeFilter(query="hospital"))
    assert result.ranking == "fulltext" and [h.practice.title for h in result.items] == [
        "Reconfiguring hospital spaces"
    ]
    with pytest.raises(InvalidInput):
        search.search(ANON, PracticeFilter(query="hospital"), ranking="semantic")
    similar = search.similar(ANON, library["Drive-through COVID-19 testing sites"])  # type: ignore[arg-type]
    assert all(h.practice.title != "Drive-through COVID-19 testing sites" for h in similar)


@functools.cache
def _minilm() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


@pytest.mark.semantic
@pytest.mark.skipif(not semantic_installed(), reason="needs the [semantic] extra: pip install proxenia[semantic]")
def test_the_real_model_finds_practices_by_meaning(services: Services, library: dict[str, object]) -> None:
    embedder = _minilm()
    query = PracticeFilter(query="screening people for the virus without leaving their cars")
    assert _search(services, None).search(ANON, query).total == 0  # no word in common
    result = _search(services, embedder).search(ANON, query)
    assert result.ranking == "semantic" and embedder.model == "sentence-transformers/all-MiniLM-L6-v2"
    assert result.items[0].practice.title == "Drive-through COVID-19 testing sites"
    ozone = _search(services, embedder).search(ANON, PracticeFilter(query="protecting the ozone layer"))
    assert [h.practice.title for h in ozone.items] == ["City-level ban on CFCs"]
    beds = _search(services, embedder).search(ANON, PracticeFilter(query="more beds for coronavirus patients"))
    assert beds.items[0].practice.title == "Reconfiguring hospital spaces"


def test_a_whole_library_waits_for_an_explicit_embedding(
    services: Services, library: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from proxenia.services.practices import search as search_module

    monkeypatch.setattr(search_module, "INLINE_EMBEDDINGS", 1)
    search = _search(services, HashingEmbedder())
    waiting = search.search(ANON, PracticeFilter(query="hospital"))
    assert waiting.ranking == "fulltext" and "proxenia practices embed" in waiting.notes[-1]
    assert search.search(ANON, PracticeFilter(query="hospital"), ranking="semantic").ranking == "semantic"
    assert search.search(ANON, PracticeFilter(query="hospital")).ranking == "semantic"  # built: used from now on


QUERY = "drive-through testing sites, reconfiguring hospital spaces and a ban on CFCs during the pandemic"


@pytest.mark.parametrize("embedder", [HashingEmbedder(), None], ids=["semantic", "fulltext"])
def test_a_download_holds_the_search_in_its_order(
    services: Services, library: dict[str, object], embedder: Embedder | None
) -> None:
    """The library's download ranks as the library does (by meaning, or by words), and stops at its limit."""
    search = _search(services, embedder)
    query = PracticeFilter(query=QUERY)
    page = search.search(ANON, query)
    assert page.ranking == ("semantic" if embedder else "fulltext") and page.total >= 2
    whole = search.download(ANON, query, limit=100)
    assert [h.practice.id for h in whole.rows()] == [h.practice.id for h in page.items] and not whole.truncated
    first = search.download(ANON, query, limit=1)
    assert [h.practice.id for h in first.rows()] == [page.items[0].practice.id] and first.truncated
