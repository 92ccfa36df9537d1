"""An error met while finding out who is asking is a problem like any other: the authentication middleware
runs before the routes, so the problem handlers never saw it, and a database busy with a long write (SQLite's
lock, met as the token's use was noted) gave a bare plain-text 500 and a reset connection (found by
attacking the API). And noting a token's use is best effort: it cannot refuse the request."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from proxenia.domain.errors import DatabaseUnavailable
from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store.tables import api_tokens
from tests.factories import make_tenant

PASSWORD = "a long test password"


@pytest.fixture
def bearer(services: Services) -> dict[str, str]:
    make_tenant(services, "los-angeles")
    services.accounts.create_user(Viewer.system("tests"), username="la-editor", password=PASSWORD,
                                  tenant="los-angeles", role=Role.EDITOR)
    viewer = services.accounts.sign_in("la-editor", PASSWORD).viewer
    return {"Authorization": "Bearer " + services.accounts.create_token(viewer, "tests", ["read"]).secret}


@pytest.mark.parametrize(("error", "status"), [(DatabaseUnavailable("the database is busy"), 503),
                                               (RuntimeError("boom"), 500)])
def test_an_error_while_authenticating_is_a_problem(
    client: TestClient, services: Services, bearer: dict[str, str], monkeypatch: pytest.MonkeyPatch,
    error: Exception, status: int,
) -> None:
    def failing(secret: str) -> None:
        raise error

    monkeypatch.setattr(services.accounts, "token_viewer", failing)
    answer = client.get("/api/v1/me", headers=bearer)
    assert answer.status_code == status, answer.text[:300]
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["status"] == status
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_a_token_s_use_not_noted_does_not_refuse_the_request(
    client: TestClient, services: Services, bearer: dict[str, str]
) -> None:
    """Another writer holds the lock (SQLite's, and on PostgreSQL the token's row): the request is answered
    without waiting for it, the token's use simply not noted."""
    with services.db.begin() as conn:
        conn.execute(api_tokens.update().values(last_used_at=None))
        answer = client.get("/api/v1/me", headers=bearer)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json()["username"] == "la-editor"


def test_revoking_a_token_not_yours_is_not_found(
    client: TestClient, services: Services, bearer: dict[str, str]
) -> None:
    """A path naming no token of yours (someone else's, or none) is a 404 like any other record's, not a 422."""
    make_tenant(services, "seoul")
    services.accounts.create_user(Viewer.system("tests"), username="seoul-editor", password=PASSWORD,
                                  tenant="seoul", role=Role.EDITOR)
    other = services.accounts.sign_in("seoul-editor", PASSWORD).viewer
    theirs = services.accounts.create_token(other, "theirs", ["read"]).record.id
    answer = client.delete(f"/api/v1/tokens/{theirs}", headers=bearer)
    assert answer.status_code == 404, answer.text[:300]
    assert answer.headers["content-type"] == "application/problem+json"
    assert [t.id for t in services.accounts.tokens(other)] == [theirs]
    assert services.accounts.tokens(other)[0].revoked_at is None
