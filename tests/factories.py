"""Small real registries for tests: real GeoNames places, real ISO countries, real twin-town pairs.

Loading the whole reference data takes half a minute; most tests need a handful of real records.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.interop.reference.cities import GeoNamesCities
from proxenia.services.container import Services
from proxenia.services.reference.places import city_draft, country_drafts, country_id, place_id
from proxenia.store.access import resolve_viewer
from proxenia.store.actors import ActorRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository
from proxenia.store.ties import TieTypeRepository

# geonameids of real cities (GeoNames)
LOS_ANGELES, SEOUL, MILAN, IRVINE, AUSTIN, LAHORE = 5368361, 1835848, 3173435, 5359777, 4671654, 1172451
BUSAN, ATHENS, GUANGZHOU, SAO_PAULO, CHENGDU = 1838524, 264371, 1809858, 3448439, 1815286
CITIES = (LOS_ANGELES, SEOUL, MILAN, IRVINE, AUSTIN, LAHORE, BUSAN, ATHENS, GUANGZHOU, SAO_PAULO, CHENGDU)
COUNTRIES = ("US", "KR", "IT", "PK", "GR", "CN", "BR")
#: Real pairs from the Wikipedia twin-town lists shipped in proxenia/data/twin_towns.
TWIN_PAIRS = (
    (BUSAN, LOS_ANGELES),
    (ATHENS, LOS_ANGELES),
    (ATHENS, SEOUL),
    (GUANGZHOU, LOS_ANGELES),
    (SAO_PAULO, SEOUL),
    (SAO_PAULO, MILAN),
    (CHENGDU, LAHORE),
)

_CITY_CACHE: dict[int, object] = {}


def _city_records() -> dict[int, object]:
    if not _CITY_CACHE:
        _CITY_CACHE.update(GeoNamesCities().by_ids(CITIES))
    return _CITY_CACHE


@dataclass
class SmallRegistry:
    services: Services
    ids: dict[str, uuid.UUID] = field(default_factory=dict)

    def city(self, geonameid: int) -> uuid.UUID:
        return place_id(geonameid)

    def country(self, code: str) -> uuid.UUID:
        return country_id(code)


def build_small_registry(services: Services) -> SmallRegistry:
    """Real countries and cities, and real sister-city ties, owned by the reference tenant (public)."""
    system = Viewer.system("tests")
    with services.db.begin() as conn:
        TenantRepository(conn).ensure_reference()
        TieTypeRepository(conn).ensure_defaults()
        actors = ActorRepository(conn)
        drafts = [d for d in country_drafts() if d.country_code in COUNTRIES]
        actors.create_many(system, drafts, tenant_id=REFERENCE_TENANT_ID, summary="tests")
        cities = [city_draft(c, set(), set(COUNTRIES)) for c in _city_records().values()]  # type: ignore[arg-type]
        actors.create_many(system, cities, tenant_id=REFERENCE_TENANT_ID, summary="tests")
    for a, b in TWIN_PAIRS:
        services.edits.create_tie(
            system,
            TieDraft(
                type_code="sister_city",
                source_id=place_id(a),
                target_id=place_id(b),
                visibility=Visibility.PUBLIC,
                source_ref="Wikipedia twin-town lists",
            ),
        )
    return SmallRegistry(services)


def make_tenant(services: Services, slug: str, kind: str = "government") -> uuid.UUID:
    with services.db.begin() as conn:
        return TenantRepository(conn).create(Viewer.system("tests"), slug=slug, name=slug.title(), kind=kind).id


def viewer_for(
    services: Services, tenant_id: uuid.UUID | None, role: Role = Role.EDITOR, username: str = "tester"
) -> Viewer:
    with services.db.read() as conn:
        return resolve_viewer(conn, user_id=uuid.uuid4(), username=username, tenant_id=tenant_id, role=role)


TEST_PASSWORD = "a long test password"


def bearer_headers(services: Services, tenant_slug: str, username: str, role: Role = Role.EDITOR) -> dict[str, str]:
    """A real account of a new tenant, signed in, and the headers of an API token of it (read and write)."""
    make_tenant(services, tenant_slug)
    services.accounts.create_user(Viewer.system("tests"), username=username, password=TEST_PASSWORD,
                                  tenant=tenant_slug, role=role)
    viewer = services.accounts.sign_in(username, TEST_PASSWORD).viewer
    return {"Authorization": "Bearer " + services.accounts.create_token(viewer, "tests", ["read", "write"]).secret}
