"""What ranks recommendations, from the API and the page, on SQLite and PostgreSQL: the text match until a
model is trained, then the engine with its learned weights, and the text match again for a model another
version made."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from proxenia.app import create_app
from proxenia.config import Settings
from proxenia.services.container import build_services
from tests.services.test_engine import build_history


@pytest.fixture
def client(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=database_url,
        environment="test",
        secret_key="test-secret-" + "x" * 32,
        data_dir=tmp_path / "data",
        semantic_search=False,
    )
    services = build_services(settings)
    build_history(services)
    with TestClient(create_app(settings, services=services)) as test_client:
        yield test_client


def test_the_model_behind_recommendations_is_shown_in_each_state(client: TestClient) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    untrained = client.get("/api/v1/practices/recommendations/model")
    assert untrained.status_code == 200, untrained.text
    assert untrained.json()["provider"] == "text-match"
    assert untrained.json()["weights"] == [] and untrained.json()["trained_at"] is None
    assert "proxenia engine train" in untrained.json()["note"]
    page = client.get("/practices/how-recommendations-work")
    assert page.status_code == 200 and "Text match" in page.text and 'id="weights-table"' not in page.text

    report = services.engine.train()
    trained = client.get("/api/v1/practices/recommendations/model").json()
    assert trained["provider"] == "transferability-engine" and trained["trained_at"]
    assert [w["name"] for w in trained["weights"]] == [w.name for w in report.weights]  # most important first
    importance = [w["importance"] for w in trained["weights"]]
    assert importance == sorted(importance, reverse=True) and importance[0] > 0
    page = client.get("/practices/how-recommendations-work")
    assert page.status_code == 200 and 'id="weights-table"' in page.text
    assert "followed the current adopters" in page.text  # the pathway factor, in words
    assert page.text.count('<tr><th scope="row">') == len(report.weights)

    path = services.engine.model_path  # a model another version made: set aside, and said so
    saved = json.loads(path.read_text())
    saved["model"]["features"] = saved["model"]["features"][:-1]
    path.write_text(json.dumps(saved))
    aside = client.get("/api/v1/practices/recommendations/model").json()
    assert aside["provider"] == "text-match" and aside["trained_at"] and "another version" in aside["note"]


def test_the_recommendations_page_links_to_how_they_are_ranked(client: TestClient) -> None:
    page = client.get("/practices/who-has-solved", params={"q": "drive-through testing"})
    assert page.status_code == 200
    assert 'href="/practices/how-recommendations-work"' in page.text
