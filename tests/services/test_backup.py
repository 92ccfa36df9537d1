"""Backups restore identically; a tenant's archive moves to another installation with its history."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from proxenia.config import Settings
from proxenia.domain.engagements import EngagementDraft, EngagementKind
from proxenia.domain.errors import InvalidInput, PermissionDenied
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services, build_services
from tests.conftest import fresh_database_url
from tests.factories import AUSTIN, LAHORE, build_small_registry, make_tenant, viewer_for

SYSTEM = Viewer.system("tests")


def _other(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> Services:
    return build_services(Settings(database_url=fresh_database_url(engine, request, tmp_path), environment="test"))


def _tables(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode() for n in zf.namelist() if n.startswith("tables/")}


def test_backup_and_restore_are_identical(
    services: Services, engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    reg = build_small_registry(services)
    tenant = make_tenant(services, "austin")
    services.accounts.create_user(
        SYSTEM, username="amy", password="a long password here", tenant="austin", role=Role.EDITOR
    )
    owner = viewer_for(services, tenant)
    services.edits.create_tie(
        owner,
        TieDraft(
            type_code="partnership",
            source_id=reg.city(AUSTIN),
            target_id=reg.city(LAHORE),
            rationale="Sister city since 2023",
            visibility=Visibility.PRIVATE,
        ),
    )
    # days (engagement dates) travel too: the demo's backup failed on them (QA)
    services.engagements.log(owner, EngagementDraft(kind=EngagementKind.MEETING, title="Port call",
                                                    start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 4)))
    first = tmp_path / "one.zip"
    services.backups.backup(SYSTEM, first)
    assert not list(tmp_path.glob(".*partial"))
    other = _other(engine, request, tmp_path)
    try:
        counts = other.backups.restore(SYSTEM, first)
        assert counts["ties"] == 8 and counts["users"] == 1 and counts["changes"] > 0 and counts["engagements"] == 1
        second = tmp_path / "two.zip"
        other.backups.backup(SYSTEM, second)
        assert _tables(first) == _tables(second)
        assert other.accounts.sign_in("amy", "a long password here").viewer.tenant_id == tenant
        with pytest.raises(InvalidInput, match="empty database"):
            other.backups.restore(SYSTEM, first)
    finally:
        other.close()


def test_tenant_archive_moves_to_another_installation(
    services: Services, engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    reg = build_small_registry(services)
    tenant = make_tenant(services, "austin")
    make_tenant(services, "someone-else")
    owner = viewer_for(services, tenant, Role.ADMIN)
    tie = services.edits.create_tie(
        owner,
        TieDraft(
            type_code="partnership",
            source_id=reg.city(AUSTIN),
            target_id=reg.city(LAHORE),
            rationale="Climate and water",
            visibility=Visibility.PRIVATE,
        ),
    )
    services.edits.update_tie(owner, tie, 1, {"notes": "renewed"})
    with pytest.raises(PermissionDenied):
        services.backups.export_tenant(viewer_for(services, tenant, Role.EDITOR), tmp_path / "x.zip")
    archive = tmp_path / "austin.zip"
    counts = services.backups.export_tenant(owner, archive)
    assert counts["ties"] == 1 and counts["changes"] >= 2 and "actors" in counts
    other = _other(engine, request, tmp_path)
    try:
        with pytest.raises(InvalidInput, match="points to actors"):
            other.backups.import_tenant(SYSTEM, archive)  # the reference places are not there yet
        build_small_registry(other)
        added = other.backups.import_tenant(SYSTEM, archive)
        assert added["ties"] == 1 and added["changes"] >= 2
        again = other.backups.import_tenant(SYSTEM, archive)
        assert again["ties"] == 0
        moved = viewer_for(other, tenant, Role.VIEWER)
        assert other.edits.get_tie(moved, tie).notes == "renewed"
        assert [e.action for e in other.audit.history(moved, record_id=tie)][:2] == ["update", "create"]
    finally:
        other.close()


def test_a_backup_that_fails_leaves_no_archive_behind(services: Services, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such folder"):
        services.backups.backup(SYSTEM, tmp_path / "missing" / "x.zip")
    assert not list(tmp_path.rglob("*.zip")) and not list(tmp_path.rglob(".*partial"))


def test_stored_bytes_and_days_read_back_as_written() -> None:
    from proxenia.store import archive
    from proxenia.store.tables import engagements, practice_embeddings

    assert archive.decode(practice_embeddings, {"vector": archive.encode(b"\x00\xff")}) == {"vector": b"\x00\xff"}
    day = archive.encode(dt.date(2026, 3, 2))
    assert archive.decode(engagements, {"start_date": day}) == {"start_date": dt.date(2026, 3, 2)}



@pytest.mark.parametrize(
    ("field", "value", "says"),
    [("kind", "reference", "reference tenant is the installation's own"), ("slug", "Bad Slug!", "is not a slug")],
)
def test_an_edited_archive_cannot_bring_in_an_organisation_no_one_could_create(
    services: Services, tmp_path: Path, field: str, value: str, says: str
) -> None:
    owner = viewer_for(services, make_tenant(services, "austin"), Role.ADMIN)
    archive = tmp_path / "austin.zip"
    services.backups.export_tenant(owner, archive)
    edited = tmp_path / "edited.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["tenant"][field] = value
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    with pytest.raises(InvalidInput, match=says):
        services.backups.import_tenant(SYSTEM, edited)
