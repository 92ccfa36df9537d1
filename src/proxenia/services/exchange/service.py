"""Import (validated whole, then written in one transaction) and export of the registry."""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proxenia.domain.actors import ActorDraft, Identifier
from proxenia.domain.errors import InvalidInput, Problem, ProblemCollector
from proxenia.domain.kinds import ActorKind, Visibility, tenant_problems
from proxenia.domain.names import IDENTIFIER_SCHEMES, fold
from proxenia.domain.viewer import Viewer
from proxenia.interop.registry_format import ORDER
from proxenia.interop.tables import Sheet
from proxenia.services.allocation import bulk_allocation
from proxenia.services.exchange.exporter import RegistryExporter
from proxenia.services.exchange.incoming import Incoming, parse_sheet
from proxenia.services.exchange.resolver import ActorResolver
from proxenia.services.exchange.sources import sheets_from_bytes, sheets_from_path
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.people import PersonRepository, PostRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository
from proxenia.store.ties import TieRepository, TieTypeRepository


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    already_present: dict[str, int] = field(default_factory=dict)
    matched: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "already_present": self.already_present,
            "matched": self.matched,
            "dry_run": self.dry_run,
        }


@dataclass
class _Plan:
    tenants: list[Incoming] = field(default_factory=list)
    records: dict[str, list[Incoming]] = field(default_factory=lambda: defaultdict(list))
    tenant_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    actor_ids: dict[tuple[str, int], uuid.UUID] = field(default_factory=dict)
    countries: dict[uuid.UUID, str | None] = field(default_factory=dict)


class ExchangeService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.exporter = RegistryExporter(db)

    # -- import ------------------------------------------------------------------------------------
    def import_path(self, viewer: Viewer, path: Path, **options: Any) -> ImportReport:
        return self.import_sheets(viewer, sheets_from_path(path), **options)

    def import_upload(self, viewer: Viewer, name: str, data: bytes, **options: Any) -> ImportReport:
        return self.import_sheets(viewer, sheets_from_bytes(name, data), **options)

    def import_sheets(self, viewer: Viewer, sheets: list[tuple[str, Sheet]], **options: Any) -> ImportReport:
        """Validate every row of every sheet, then write them all in one transaction (or nothing)."""
        with bulk_allocation():  # a million parsed rows, none in a reference cycle: see services.allocation
            return self._import_sheets(viewer, sheets, **options)

    def _import_sheets(
        self,
        viewer: Viewer,
        sheets: list[tuple[str, Sheet]],
        *,
        tenant: str | None = None,
        visibility: Visibility | None = None,
        dry_run: bool = False,
    ) -> ImportReport:
        problems = ProblemCollector()
        plan = _Plan()
        for kind, sheet in sorted(sheets, key=lambda ks: ORDER.index(ks[0])):
            for record in parse_sheet(kind, sheet, problems):
                (plan.tenants if kind == "tenants" else plan.records[kind]).append(record)
        problems.raise_if_any()
        report = ImportReport(dry_run=dry_run)
        with self.db.begin() as conn:
            tenants = TenantRepository(conn)
            tenants.ensure_reference()
            default_tenant = self._default_tenant(viewer, tenants, tenant)
            self._plan_tenants(viewer, plan, tenants, problems, report)
            checker = _Checker(conn, viewer, plan, problems, default_tenant, visibility)
            checker.check_all(report)
            problems.raise_if_any()
            if dry_run:  # what would be created: every checked record not already present or matched
                conn.rollback()
                for kind, records in plan.records.items():
                    _Writer._count(report, kind, sum((kind, r.file, r.row) not in checker.skip for r in records))
                return report
            _Writer(conn, viewer, plan, checker).write(report)
        if sum(report.created.values()) > 10_000:
            self.db.optimize()
        return report

    def _default_tenant(self, viewer: Viewer, tenants: TenantRepository, slug: str | None) -> uuid.UUID:
        if slug:
            return tenants.by_slug(slug).id
        if viewer.tenant_id is not None:
            return viewer.tenant_id
        if viewer.is_system:
            return REFERENCE_TENANT_ID
        raise InvalidInput(Problem("say which organisation (tenant) the imported records belong to", column="tenant"))

    def _plan_tenants(
        self, viewer: Viewer, plan: _Plan, tenants: TenantRepository, problems: ProblemCollector, report: ImportReport
    ) -> None:
        known = {t.slug: t.id for t in tenants.all()}
        for record in plan.tenants:
            slug = record.values["slug"]
            if slug in known:
                report.already_present["tenants"] = report.already_present.get("tenants", 0) + 1
            elif not viewer.is_system:
                problems.add(record.problem("only the installation can create tenants", "slug"))
            elif wrong := tenant_problems(slug, record.values["name"] or "", record.values["kind"] or ""):
                for problem in wrong:
                    problems.add(record.problem(problem.message, problem.column or "slug"))
            else:
                new = tenants.create(viewer, slug=slug, name=record.values["name"], kind=record.values["kind"])
                known[slug] = new.id
                report.created["tenants"] = report.created.get("tenants", 0) + 1
        plan.tenant_ids = known

    # -- export -------------------------------------------------------------------------------------
    def export(self, viewer: Viewer, fmt: str, output: Path, *, tenant: str | None = None) -> dict[str, int]:
        return self.exporter.export(viewer, fmt, output, tenant=tenant)

    def geojson(
        self, viewer: Viewer, *, actor_id: uuid.UUID | None = None, country: str | None = None, url_for: Any = None
    ) -> dict[str, Any]:
        return self.exporter.geojson(viewer, actor_id=actor_id, country=country, url_for=url_for)


class _Checker:
    """Cross-record checks against the database: owners, references, duplicates, resolution."""

    def __init__(
        self,
        conn: Any,
        viewer: Viewer,
        plan: _Plan,
        problems: ProblemCollector,
        default_tenant: uuid.UUID,
        visibility: Visibility | None,
    ) -> None:
        self.conn, self.viewer, self.plan, self.problems = conn, viewer, plan, problems
        self.default_tenant, self.default_visibility = default_tenant, visibility
        self.actors = ActorRepository(conn)
        self.resolver = ActorResolver(self.actors, viewer)
        self.new_ids: dict[str, set[uuid.UUID]] = defaultdict(set)
        self.skip: set[tuple[str, str, int]] = set()
        self._owners: dict[tuple[str | None, Visibility | None], tuple[uuid.UUID, Visibility]] = {}

    def owner(self, record: Incoming) -> tuple[uuid.UUID, Visibility]:
        key = (record.tenant, record.visibility)
        cached = self._owners.get(key)
        if cached is not None:
            return cached
        result = self._owner(record)
        if not self.problems:
            self._owners[key] = result
        return result

    def _owner(self, record: Incoming) -> tuple[uuid.UUID, Visibility]:
        tenant_id = self.default_tenant
        if record.tenant:
            found = self.plan.tenant_ids.get(record.tenant)
            if found is None:
                self.problems.add(record.problem(f"unknown tenant '{record.tenant}'", "tenant"))
            else:
                tenant_id = found
        if not self.viewer.can_write(tenant_id):
            self.problems.add(record.problem("you cannot create records for this tenant", "tenant"))
        vis = (
            record.visibility
            or self.default_visibility
            or (Visibility.PUBLIC if tenant_id == REFERENCE_TENANT_ID else Visibility.PRIVATE)
        )
        return tenant_id, vis

    def check_all(self, report: ImportReport) -> None:
        for records in self.plan.records.values():
            for record in records:
                self.owner(record)
        self._check_ids(report)
        self._resolve_actors(report)
        self._check_references()

    def _check_ids(self, report: ImportReport) -> None:
        repos = {
            "actors": self.actors,
            "people": PersonRepository(self.conn),
            "posts": PostRepository(self.conn),
            "ties": TieRepository(self.conn),
        }
        for kind, records in self.plan.records.items():
            seen: dict[uuid.UUID, int] = {}
            ids = [r.id for r in records if r.id]
            existing = _existing(repos[kind], ids)
            for r in records:
                if r.id is None:
                    continue
                if r.id in seen:
                    self.problems.add(r.problem(f"duplicate id {r.id} (also on row {seen[r.id]})", "id"))
                seen[r.id] = r.row
                if r.id in existing:
                    self.skip.add((kind, r.file, r.row))
                    report.already_present[kind] = report.already_present.get(kind, 0) + 1
                else:
                    self.new_ids[kind].add(r.id)

    def _resolve_actors(self, report: ImportReport) -> None:
        for r in self.plan.records.get("actors", []):
            if r.id is not None:
                self.plan.countries[r.id] = r.values["country_code"]
                continue
            outcome = self.resolver.resolve(r)
            if outcome.problem:
                self.problems.add(outcome.problem)
            elif outcome.existing is not None:
                self.plan.actor_ids[(r.file, r.row)] = outcome.existing
                self.skip.add(("actors", r.file, r.row))
                report.matched.append(f"{r.file} row {r.row}: '{r.values['name']}' is {outcome.label} ({outcome.how})")
            else:
                r.id = uuid.uuid4()
                self.new_ids["actors"].add(r.id)
                self.plan.countries[r.id] = r.values["country_code"]

    def _known_actors(self) -> set[uuid.UUID]:
        """Every actor id the import refers to that exists (readable) in the registry or in the import."""
        wanted: set[uuid.UUID] = set()
        for r in self.plan.records.get("actors", []):
            if r.values.get("parent_id"):
                wanted.add(r.values["parent_id"])
        for r in self.plan.records.get("posts", []):
            if r.values.get("organization_id"):
                wanted.add(r.values["organization_id"])
        for r in self.plan.records.get("ties", []):
            for ref in r.refs.values():
                parsed = _as_uuid(ref)
                if parsed is not None:
                    wanted.add(parsed)
        wanted -= self.new_ids["actors"]
        return self.new_ids["actors"] | set(self.actors.summaries(self.viewer, wanted))

    def _check_references(self) -> None:
        types = {t.code for t in TieTypeRepository(self.conn).all(self.viewer)}
        known = self._known_actors()
        people_refs = {r.values["person_id"] for r in self.plan.records.get("posts", []) if r.values.get("person_id")}
        people = self.new_ids["people"] | set(
            PersonRepository(self.conn).readable_ids(self.viewer, people_refs - self.new_ids["people"])
        )
        refs = {ref for r in self.plan.records.get("ties", []) for ref in r.refs.values()}
        pair_of = {ref: _scheme_pair(ref) for ref in refs}
        pairs = set(pair_of.values())
        by_scheme = self.actors.ids_by_identifiers(self.viewer, [p for p in pairs if p is not None])
        for r in self.plan.records.get("actors", []):
            parent = r.values.get("parent_id")
            if parent and parent not in known:
                self.problems.add(
                    r.problem(f"parent {parent} is not an actor of the registry or of this import", "parent_id")
                )
        for r in self.plan.records.get("posts", []):
            pid, oid = r.values.get("person_id"), r.values.get("organization_id")
            if pid and pid not in people:
                self.problems.add(r.problem(f"person {pid} does not exist", "person_id"))
            if oid and oid not in known:
                self.problems.add(r.problem(f"organisation {oid} is not an actor of the registry", "organization_id"))
        for r in self.plan.records.get("ties", []):
            if r.values["type_code"] and r.values["type_code"] not in types:
                self.problems.add(
                    r.problem(f"unknown tie type '{r.values['type_code']}' (known: {', '.join(sorted(types))})", "type")
                )
            ends = []
            for column in ("source_id", "target_id"):
                ref = r.refs.get(column, "")
                parsed = _as_uuid(ref)
                pair = pair_of.get(ref) if parsed is None else None
                found = (parsed if parsed in known else None) if parsed else (by_scheme.get(pair) if pair else None)
                if ref and found is None:
                    self.problems.add(
                        r.problem(f"'{ref}' points to no actor (give an actor id or scheme:value)", column)
                    )
                ends.append(found)
            if ends[0] and ends[0] == ends[1]:
                self.problems.add(r.problem("a tie cannot link an actor to itself", "target_id"))
            r.values["source_id"], r.values["target_id"] = ends


@functools.lru_cache(maxsize=1_000_000)
def _as_uuid(ref: str) -> uuid.UUID | None:
    if len(ref) < 32:
        return None
    try:
        return uuid.UUID(ref.strip())
    except (ValueError, AttributeError):
        return None


def _scheme_pair(ref: str) -> tuple[str, str] | None:
    scheme, sep, value = ref.strip().partition(":")
    if sep and scheme.lower() in IDENTIFIER_SCHEMES and value.strip() and _as_uuid(ref) is None:
        return scheme.lower(), value.strip()
    return None


class _Writer:
    def __init__(self, conn: Any, viewer: Viewer, plan: _Plan, checker: _Checker) -> None:
        self.conn, self.viewer, self.plan, self.checker = conn, viewer, plan, checker

    def _new(self, kind: str) -> list[Incoming]:
        return [r for r in self.plan.records.get(kind, []) if (kind, r.file, r.row) not in self.checker.skip]

    def write(self, report: ImportReport) -> None:
        actors = ActorRepository(self.conn)
        drafts: dict[uuid.UUID, list[ActorDraft]] = defaultdict(list)
        for r in _parents_first(self._new("actors")):
            tenant_id, vis = self.checker.owner(r)
            v = r.values
            drafts[tenant_id].append(
                ActorDraft(
                    id=r.id,
                    kind=ActorKind(v["kind"]),
                    name=v["name"],
                    subtype=v["subtype"],
                    country_code=v["country_code"],
                    subdivision_code=v["subdivision_code"],
                    latitude=v["latitude"],
                    longitude=v["longitude"],
                    population=v["population"],
                    parent_id=v["parent_id"],
                    resolved=v["resolved"],
                    attributes=v["attributes"],
                    other_names=tuple(v["other_names"]),
                    identifiers=tuple(Identifier(s, val) for s, val in v["identifiers"]),
                    visibility=vis,
                )
            )
        for tenant_id, batch in drafts.items():
            actors.create_many(self.viewer, batch, tenant_id=tenant_id, summary="import")
        self._count(report, "actors", sum(len(b) for b in drafts.values()))
        self._simple("people", PersonRepository(self.conn), report)
        self._simple("posts", PostRepository(self.conn), report)
        self._ties(actors, report)
        self.checker.problems.raise_if_any()

    def _simple(self, kind: str, repo: PersonRepository | PostRepository, report: ImportReport) -> None:
        rows = []
        for r in self._new(kind):
            tenant_id, vis = self.checker.owner(r)
            values = {k: v for k, v in r.values.items() if k != "_refs"}
            if kind == "people":
                values["name_folded"] = fold(values["name"])
            rows.append({"id": r.id or uuid.uuid4(), "tenant_id": tenant_id, "visibility": vis.value, **values})
        repo.create_many(self.viewer, rows, summary="import")
        self._count(report, kind, len(rows))

    def _ties(self, actors: ActorRepository, report: ImportReport) -> None:
        new = self._new("ties")
        ends = {e for r in new for e in (r.values["source_id"], r.values["target_id"])}
        missing = ends - self.plan.countries.keys()
        self.plan.countries.update((i, s.country_code) for i, s in actors.summaries(self.viewer, missing).items())
        rows = []
        countries = self.plan.countries
        owner = self.checker.owner
        for r in new:
            tenant_id, vis = owner(r)
            v = r.values
            v["id"] = r.id or uuid.uuid4()
            v["tenant_id"] = tenant_id
            v["visibility"] = vis.value
            v["source_country"] = countries.get(v["source_id"])
            v["target_country"] = countries.get(v["target_id"])
            rows.append(v)
        TieRepository(self.conn).create_many(self.viewer, rows, summary="import")
        self._count(report, "ties", len(rows))

    @staticmethod
    def _count(report: ImportReport, kind: str, n: int) -> None:
        if n:
            report.created[kind] = report.created.get(kind, 0) + n


def _existing(repo: Any, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    return set(repo.existing_ids(ids)) if ids else set()


def _parents_first(records: list[Incoming]) -> list[Incoming]:
    by_id = {r.id: r for r in records if r.id}

    def depth(r: Incoming) -> int:
        n, current = 0, r
        while current.values.get("parent_id") in by_id and n < 20:
            current = by_id[current.values["parent_id"]]
            n += 1
        return n

    return sorted(records, key=depth)
