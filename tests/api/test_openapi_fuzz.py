"""Schemathesis against the OpenAPI schema: no 5xx and no response off its schema, for every operation.

Runs on the small real registry in SQLite with a signed-in editor's token, so writes are exercised too.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from proxenia.app import create_app
from proxenia.config import Settings
from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import build_services
from proxenia.store.migrate import upgrade
from tests.factories import build_small_registry, make_tenant

pytestmark = pytest.mark.slow


def _app() -> tuple[object, str]:
    folder = Path(tempfile.mkdtemp(prefix="proxenia-fuzz-"))
    config = Settings(
        database_url=f"sqlite:///{folder / 'fuzz.db'}",
        environment="test",
        secret_key="f" * 40,
        login_attempts_per_minute=100_000,
    )
    services = build_services(config)
    upgrade(services.db)
    build_small_registry(services)
    make_tenant(services, "fuzz-city")
    system = Viewer.system("tests")
    services.accounts.create_user(
        system, username="fuzzer", password="a long fuzz password", tenant="fuzz-city", role=Role.EDITOR
    )
    viewer = services.accounts.sign_in("fuzzer", "a long fuzz password").viewer
    token = services.accounts.create_token(viewer, "fuzz", ["read", "write"]).secret
    services.prepare()  # as a server does before it serves: the model loads here, not inside a timed request
    return create_app(config, services=services), token


APP, TOKEN = _app()
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)
EXAMPLES = int(os.environ.get("PROXENIA_FUZZ_EXAMPLES", "25"))
# Reproducible in CI; PROXENIA_FUZZ_RANDOM=1 explores new inputs (how the duplicate-identifier 500 was found).
DERANDOMIZE = not os.environ.get("PROXENIA_FUZZ_RANDOM")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=DERANDOMIZE)
def test_api_never_errors_and_keeps_to_its_schema(case: schemathesis.Case) -> None:
    # Domain validation goes beyond the schema (a country name must exist), so schema-valid input may be
    # refused with a documented 422: the positive-data check is left out, every other check runs.
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=[positive_data_acceptance])
