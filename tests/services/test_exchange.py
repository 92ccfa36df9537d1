"""Imports are validated whole and all-or-nothing; exports read back to the same registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from proxenia.domain.errors import InvalidInput
from proxenia.domain.kinds import Visibility
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services, build_services
from proxenia.store.tables import actors, ties
from tests.conftest import fresh_database_url
from tests.factories import LOS_ANGELES, SmallRegistry, build_small_registry, make_tenant, viewer_for

SYSTEM = Viewer.system("tests")


@pytest.fixture
def reg(services: Services) -> SmallRegistry:
    return build_small_registry(services)


def _counts(services: Services) -> tuple[int, int]:
    with services.db.read() as conn:
        return conn.scalar(select(func.count()).select_from(actors)), conn.scalar(
            select(func.count()).select_from(ties)
        )


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


GOOD_ACTORS = (
    "kind,name,country_code,identifiers,visibility\nnetwork,C40 Cities,,wikidata:Q1023906,public\n"
    "organisation,University of Southern California,US,,public\n"
)


@pytest.mark.parametrize(
    ("name", "text", "encoding", "where"),
    [
        (
            "actors.csv",
            "kind,name,country_code\ncity,Zürich,CH\ncity,Bern,XX\n",
            "utf-8",
            ("actors.csv", 3, "country_code"),
        ),
        ("actors.csv", "kind,country_code\ncity,CH\n", "utf-8", ("actors.csv", None, "name")),
        ("actors.csv", "kind,name,population\ncity,Zürich,1e400\n", "utf-8", ("actors.csv", 2, "population")),
        ("actors.csv", "kind,name,population\ncity,Zürich,99999999999999999999999\n", "utf-8",
         ("actors.csv", 2, "population")),
        ("actors.csv", "kind,name\ncity,Zürich\n", "latin-1", ("actors.csv", 2, None)),
        (
            "ties.csv",
            "type,source_id,target_id\nsister_city,geonames:5368361,geonames:999999999\n",
            "utf-8",
            ("ties.csv", 2, "target_id"),
        ),
        (
            "ties.csv",
            "type,source_id,target_id\nbest_friends,geonames:5368361,geonames:1838524\n",
            "utf-8",
            ("ties.csv", 2, "type"),
        ),
        (
            "ties.csv",
            "type,source_id,target_id,start_date\nsister_city,geonames:5368361,geonames:1838524,1971-13\n",
            "utf-8",
            ("ties.csv", 2, "start_date"),
        ),
        (
            "actors.csv",
            "id,kind,name\n7e6a4f0e-2f0b-4c2a-9d55-1b8a3c8d9e01,city,A\n7e6a4f0e-2f0b-4c2a-9d55-1b8a3c8d9e01,city,B\n",
            "utf-8",
            ("actors.csv", 3, "id"),
        ),
        (
            "actors.csv",
            "kind,name,identifiers\nnetwork,Alpha,wikidata:Q77777777\nnetwork,Beta,wikidata:Q77777777\n",
            "utf-8",
            ("actors.csv", 3, "identifiers"),
        ),
        ("actors.csv", "kind,name,identifiers\nnetwork,Alpha,wikidata:Q7|wikidata:Q7\n", "utf-8",
         ("actors.csv", 2, "identifiers")),
        ("people.csv", "name,email\nJane Doe,not-an-email\n", "utf-8", ("people.csv", 2, "email")),
        ("stuff.csv", "a,b\n1,2\n", "utf-8", ("stuff.csv", None, None)),
    ],
    ids=[
        "unknown-country",
        "missing-column",
        "population-not-a-number",
        "population-beyond-the-world",
        "wrong-encoding",
        "tie-pointing-nowhere",
        "unknown-tie-type",
        "malformed-date",
        "duplicate-id",
        "identifier-in-two-rows",
        "identifier-twice-in-a-row",
        "bad-email",
        "unknown-kind-of-file",
    ],
)
def test_bad_files_name_file_row_column_and_change_nothing(
    services: Services,
    reg: SmallRegistry,
    tmp_path: Path,
    name: str,
    text: str,
    encoding: str,
    where: tuple[str, int | None, str | None],
) -> None:
    folder = tmp_path / "in"
    _write(folder, "actors_ok.csv" if name != "actors.csv" else "more.csv", GOOD_ACTORS)
    _write(folder, name, text, encoding)
    before = _counts(services)
    with pytest.raises(InvalidInput) as info:
        services.exchange.import_path(SYSTEM, folder)
    problem = info.value.problems[0]
    assert (problem.file, problem.row, problem.column) == where, info.value.problems
    assert _counts(services) == before  # all or nothing: the good file was not written either


def test_import_resolves_against_the_registry_instead_of_duplicating(
    services: Services, reg: SmallRegistry, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "network-members.csv",
        "kind,name,country_code\ncity,los angeles,US\ncity,SEOUL,KR\ncity,Nowhere-on-Sea,GB\n",
    )
    before = _counts(services)
    report = services.exchange.import_path(SYSTEM, path)
    assert report.created == {"actors": 1}
    assert len(report.matched) == 2 and "same name and country" in report.matched[0]
    assert _counts(services)[0] == before[0] + 1


def test_ambiguous_and_near_duplicates_are_reported_for_a_person(
    services: Services, reg: SmallRegistry, tmp_path: Path
) -> None:
    path = _write(tmp_path, "actors.csv", "kind,name,country_code\ncity,Los Angelos,US\n")
    with pytest.raises(InvalidInput, match="possible duplicate"):
        services.exchange.import_path(SYSTEM, path)
    ok = _write(
        tmp_path / "b", "actors.csv", "kind,name,country_code,identifiers\ncity,Los Angelos,US,wikidata:Q999999\n"
    )
    assert services.exchange.import_path(SYSTEM, ok).created == {"actors": 1}


def test_ties_and_people_import_and_tenant_ownership(services: Services, reg: SmallRegistry, tmp_path: Path) -> None:
    tenant = make_tenant(services, "la-office")
    editor = viewer_for(services, tenant)
    _write(
        tmp_path / "f",
        "ties.csv",
        "type,source_id,target_id,start_date,rationale,source_ref\n"
        f"partnership,geonames:{LOS_ANGELES},geonames:1835848,2020-03,COVID-19 testing exchange,seed 000\n",
    )
    report = services.exchange.import_path(editor, tmp_path / "f")
    assert report.created == {"ties": 1}
    assert services.registry.chain(editor, reg.city(LOS_ANGELES), reg.city(1835848)).hops == 1
    tie = [
        v
        for v in services.registry.profile(editor, reg.city(LOS_ANGELES)).all_ties()
        if v.tie.type_code == "partnership"
    ]
    assert tie[0].tie.visibility is Visibility.PRIVATE and tie[0].tie.tenant_id == tenant
    assert not [
        v
        for v in services.registry.profile(Viewer.anonymous(), reg.city(LOS_ANGELES)).all_ties()
        if v.tie.type_code == "partnership"
    ]
    with pytest.raises(InvalidInput, match="cannot create records for this tenant"):
        _write(tmp_path / "g", "actors.csv", "kind,name,tenant\ncity,Somewhere,reference\n")
        services.exchange.import_path(editor, tmp_path / "g")


def test_dry_run_writes_nothing(services: Services, reg: SmallRegistry, tmp_path: Path) -> None:
    path = _write(tmp_path, "actors.csv", GOOD_ACTORS)
    before = _counts(services)
    report = services.exchange.import_path(SYSTEM, path, dry_run=True)
    assert report.dry_run and _counts(services) == before
    written = services.exchange.import_path(SYSTEM, path)
    assert report.created == written.created and written.created.get("actors")  # it says what would be created
    again = services.exchange.import_path(SYSTEM, path, dry_run=True)
    assert not again.created.get("actors") and len(again.matched) == written.created["actors"]  # now they match


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_into_an_empty_database_gives_the_same_registry(
    services: Services,
    reg: SmallRegistry,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    engine: str,
    fmt: str,
) -> None:
    tenant = make_tenant(services, "city-office")
    owner = viewer_for(services, tenant)
    from proxenia.domain.people import PersonDraft, PostDraft

    person = services.edits.create_person(owner, PersonDraft(name="Ada Example", email="ada@example.org"))
    services.edits.create_post(
        owner,
        PostDraft(
            person_id=person,
            organization_id=reg.city(LOS_ANGELES),
            role="Director of International Affairs",
            start_date="2019",
        ),
    )
    first = tmp_path / ("one" if fmt == "csv" else "one.json")
    services.exchange.export(SYSTEM, fmt, first)
    if fmt == "csv":
        assert json.loads((first / "datapackage.json").read_text())["resources"][1]["schema"]["primaryKey"] == "id"
    from proxenia.config import Settings

    other = build_services(Settings(database_url=fresh_database_url(engine, request, tmp_path), environment="test"))
    try:
        report = other.exchange.import_path(SYSTEM, first)
        assert report.created["ties"] == 7 and report.created["posts"] == 1
        second = tmp_path / ("two" if fmt == "csv" else "two.json")
        other.exchange.export(SYSTEM, fmt, second)
    finally:
        other.close()
    if fmt == "csv":
        for kind in ("tenants", "actors", "people", "posts", "ties"):
            assert (first / f"{kind}.csv").read_text(encoding="utf-8-sig") == (second / f"{kind}.csv").read_text(
                encoding="utf-8-sig"
            ), kind
    else:
        assert json.loads(first.read_text()) == json.loads(second.read_text())


def test_csv_export_neutralises_formulas(services: Services, tmp_path: Path) -> None:
    from proxenia.domain.actors import ActorDraft
    from proxenia.domain.kinds import ActorKind

    services.reference.db  # noqa: B018 - the services exist
    tenant = make_tenant(services, "t")
    services.edits.create_actor(
        viewer_for(services, tenant), ActorDraft(kind=ActorKind.ORGANISATION, name='=HYPERLINK("http://x")')
    )
    services.exchange.export(SYSTEM, "csv", tmp_path / "out")
    text = (tmp_path / "out" / "actors.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    again = build_small_registry  # noqa: F841
    report = services.exchange.import_path(SYSTEM, tmp_path / "out")
    assert report.already_present["actors"] == 1  # and it reads back as the same value


def test_geojson_export(services: Services, reg: SmallRegistry, tmp_path: Path) -> None:
    services.exchange.export(SYSTEM, "geojson", tmp_path / "r.geojson")
    doc = json.loads((tmp_path / "r.geojson").read_text())
    kinds = {f["geometry"]["type"] for f in doc["features"]}
    assert kinds == {"Point", "LineString"}
    lines = [f for f in doc["features"] if f["geometry"]["type"] == "LineString"]
    assert len(lines) == 7 and "GeoNames" in doc["attribution"]


def test_a_tenants_sheet_cannot_create_an_organisation_no_one_could_create(services: Services, tmp_path: Path) -> None:
    path = _write(tmp_path, "tenants.csv", "slug,name,kind\nBad Slug!,Somewhere,government\nok-slug,Twin,reference\n")
    with pytest.raises(InvalidInput) as refused:
        services.exchange.import_path(SYSTEM, path)
    said = [str(p) for p in refused.value.problems]
    assert any("tenants.csv, row 2, column 'slug'" in p and "is not a slug" in p for p in said), said
    assert any("tenants.csv, row 3, column 'kind'" in p and "installation's own" in p for p in said), said


@pytest.mark.parametrize("attributes", ['{"score": NaN}', '{"note": "a\\u0000b"}', '{"x": [-Infinity]}'])
def test_attributes_that_json_cannot_hold_are_refused_naming_the_cell(
    services: Services, tmp_path: Path, attributes: str
) -> None:
    """Python reads NaN, Infinity and \\u0000 in JSON; PostgreSQL refuses them (a server error on write)."""
    cell = '"' + attributes.replace('"', '""') + '"'
    path = _write(tmp_path, "actors.csv", f"kind,name,attributes\norganisation,Somewhere,{cell}\n")
    with pytest.raises(InvalidInput, match=r"actors.csv, row 2, column 'attributes': holds what JSON cannot"):
        services.exchange.import_path(SYSTEM, path)
