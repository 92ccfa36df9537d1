"""Backups of an installation, and a tenant's archive of everything it owns (with its history).

Both are zip files of JSON lines, one file per table, with a manifest. A backup restores into an
empty database identically; a tenant's archive imports into another installation, so that a
government's data outlives any office that hosted it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from proxenia import __version__
from proxenia.domain.errors import InvalidInput, PermissionDenied, Problem
from proxenia.domain.kinds import Role, tenant_problems
from proxenia.domain.viewer import Viewer
from proxenia.store import archive, migrate
from proxenia.store.database import Database
from proxenia.store.tables import tenants
from proxenia.store.tenants import TenantRepository

FORMAT = "proxenia-archive/1"


class BackupService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- whole installation ------------------------------------------------------------------------
    def backup(self, viewer: Viewer, path: Path) -> dict[str, int]:
        if not viewer.is_system:
            raise PermissionDenied("backups are made by the installation's operator (proxenia backup)")
        counts: dict[str, int] = {}
        with (self.db.read() as conn, _written(path) as partial,
              zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf):
            for table in archive.tables_in_order():
                lines = list(archive.dump_table(conn, table))
                zf.writestr(f"tables/{table.name}.jsonl", "\n".join(lines) + ("\n" if lines else ""))
                counts[table.name] = len(lines)
            zf.writestr("manifest.json", json.dumps(self._manifest("backup", counts), indent=1))
        return counts

    def restore(self, viewer: Viewer, path: Path) -> dict[str, int]:
        if not viewer.is_system:
            raise PermissionDenied("restores are made by the installation's operator (proxenia restore)")
        migrate.upgrade(self.db)
        with zipfile.ZipFile(path) as zf:
            manifest = self._read_manifest(zf, path, "backup")
            if manifest["schema"] != migrate.head_revision(self.db):
                raise InvalidInput(
                    Problem(
                        f"the backup has schema {manifest['schema']}; this installation is at "
                        f"{migrate.head_revision(self.db)}; use the same Proxenia version",
                        file=path.name,
                    )
                )
            counts: dict[str, int] = {}
            with self.db.begin() as conn:
                if not archive.is_empty(conn):
                    raise InvalidInput(
                        Problem("restore needs an empty database (this one has records)", file=path.name)
                    )
                for table in archive.tables_in_order():
                    if table.name == "tie_types":
                        conn.execute(table.delete())  # seeded by the migration; the backup carries the real set
                    rows = archive.read_rows(table, _lines(zf, table.name))
                    counts[table.name] = archive.load_rows(conn, table, rows, skip_existing=False) if rows else 0
                archive.reset_sequences(conn)
        return counts

    # -- one tenant --------------------------------------------------------------------------------
    def export_tenant(self, viewer: Viewer, path: Path, slug: str | None = None) -> dict[str, int]:
        with self.db.read() as conn:
            tenant = TenantRepository(conn).by_slug(slug) if slug else None
            tenant_id = tenant.id if tenant else viewer.tenant_id
            if tenant_id is None:
                raise InvalidInput(Problem("say which organisation to export", column="tenant"))
            if not (viewer.is_system or (viewer.tenant_id == tenant_id and viewer.role is Role.ADMIN)):
                raise PermissionDenied("only an admin of the organisation can export all of its data")
            row = conn.execute(tenants.select().where(tenants.c.id == tenant_id)).first()
            assert row is not None
            owned: dict[str, set[uuid.UUID]] = {}
            counts: dict[str, int] = {}
            with _written(path) as partial, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
                for table in archive.tables_in_order():
                    where = archive.tenant_scope(table, tenant_id, owned)
                    if where is None:
                        continue
                    owned[table.name] = archive.owned_ids(conn, table, where)
                    lines = list(archive.dump_table(conn, table, where))
                    zf.writestr(f"tables/{table.name}.jsonl", "\n".join(lines) + ("\n" if lines else ""))
                    counts[table.name] = len(lines)
                manifest = self._manifest("tenant", counts)
                manifest["tenant"] = {k: archive.encode(v) for k, v in row._mapping.items()}
                zf.writestr("manifest.json", json.dumps(manifest, indent=1))
        return counts

    def import_tenant(self, viewer: Viewer, path: Path) -> dict[str, int]:
        if not (viewer.is_system or viewer.is_installation_admin):
            raise PermissionDenied("only the installation's administrator can take in an organisation's archive")
        migrate.upgrade(self.db)
        with zipfile.ZipFile(path) as zf:
            manifest = self._read_manifest(zf, path, "tenant")
            tenant_row = archive.decode(tenants, manifest["tenant"])
            wrong = tenant_problems(str(tenant_row.get("slug") or ""), str(tenant_row.get("name") or ""),
                                    str(tenant_row.get("kind") or ""))
            if wrong:  # an archive is a file anyone may have edited: its organisation is checked as a new one is
                raise InvalidInput([Problem(f"the archive's organisation: {p.message}", file=path.name,
                                            column=p.column) for p in wrong])
            names = {n.removeprefix("tables/").removesuffix(".jsonl") for n in zf.namelist() if n.startswith("tables/")}
            with self.db.begin() as conn:
                found = conn.execute(tenants.select().where(tenants.c.slug == tenant_row["slug"])).first()
                if found is not None and found.id != tenant_row["id"]:
                    raise InvalidInput(
                        Problem(f"another organisation already uses the slug '{tenant_row['slug']}'", file=path.name)
                    )
                if found is None:
                    archive.load_rows(conn, tenants, [tenant_row], skip_existing=False)
                tables = [t for t in archive.tables_in_order() if t.name in names]
                loaded = {t.name: archive.read_rows(t, _lines(zf, t.name)) for t in tables}
                incoming = {
                    name: {r["id"] for r in rows if isinstance(r.get("id"), uuid.UUID)} for name, rows in loaded.items()
                }
                problems = [
                    Problem(p, file=path.name)
                    for t in tables
                    for p in archive.missing_references(conn, t, loaded[t.name], incoming)
                ]
                if problems:
                    raise InvalidInput(problems)
                counts = {t.name: archive.load_rows(conn, t, loaded[t.name], skip_existing=True) for t in tables}
        self.db.optimize()
        return counts

    # -- manifest ----------------------------------------------------------------------------------
    def _manifest(self, kind: str, counts: dict[str, int]) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": kind,
            "proxenia": __version__,
            "schema": migrate.head_revision(self.db),
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "counts": counts,
        }

    @staticmethod
    def _read_manifest(zf: zipfile.ZipFile, path: Path, kind: str) -> dict[str, Any]:
        try:
            manifest: dict[str, Any] = json.loads(zf.read("manifest.json"))
        except KeyError:
            raise InvalidInput(Problem("not a Proxenia archive (no manifest.json)", file=path.name)) from None
        if manifest.get("format") != FORMAT or manifest.get("kind") != kind:
            raise InvalidInput(Problem(f"expected a {kind} archive of format {FORMAT}", file=path.name))
        return manifest


@contextlib.contextmanager
def _written(path: Path) -> Iterator[Path]:
    """Write beside ``path`` and move into place only when complete: a failed archive leaves no file that
    looks like one (a restore would refuse it as "not a Proxenia archive")."""
    if not path.parent.is_dir():
        raise InvalidInput(Problem(f"no such folder: {path.parent}", file=str(path)))
    partial = path.with_name(f".{path.name}.partial")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _lines(zf: zipfile.ZipFile, name: str) -> list[str]:
    try:
        return zf.read(f"tables/{name}.jsonl").decode("utf-8").splitlines()
    except KeyError:
        return []
