"""A server is ready when it is warm: the word index, the public tie graph (and the semantic model, when
installed) are prepared before the first request is accepted, not in a thread that competes with the first
requests."""

from __future__ import annotations

from fastapi.testclient import TestClient

from proxenia.app import create_app
from proxenia.config import Settings
from proxenia.domain.practices import PracticeDraft, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.services.container import build_services
from tests.government import build_government


def test_the_server_prepares_before_its_first_request(settings: Settings) -> None:
    served = settings.model_copy(update={"environment": "development", "warm_federation_dashboards": False,
                                         "statistics_interval_seconds": 0})
    services = build_services(served)
    build_government(services)  # tenants and the small real registry
    services.practices.create(Viewer.system("tests"), PracticeDraft(
        title="Drive-through testing", summary="Testing from the car", policy_areas=("public_health",),
        status=PracticeStatus.PUBLISHED))
    with TestClient(create_app(served, services=services)) as client:
        assert services.word_index.refresh() == 0  # already read before the port opened: nothing left to read
        assert services.registry.graph_index._graph is not None  # the public tie graph of shortest chains too
        if services.practice_search.embedder is not None:
            assert services.practice_search.embedder.loaded
        assert client.get("/api/v1/stats").status_code == 200
