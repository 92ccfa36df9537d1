"""SPID as practices adopted by US states, by year: the real diffusion history the engine learns from.

Each SPID policy becomes a published, public practice owned by the reference tenant; each state's
first adoption year becomes an adoption by that state (a registry region, ``iso3166-2:US-XX``).
Idempotent (deterministic ids and a checksum), bulk writes, progress; rows that do not resolve are
kept out of the registry but counted in the report, never silently dropped.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from importlib.metadata import version
from typing import Any

from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.names import reference_id
from proxenia.domain.policy_areas import pap_code
from proxenia.domain.practices import ContextSnapshot, PracticeDraft, PracticeStatus
from proxenia.domain.progress import ProgressReporter, SilentProgress
from proxenia.domain.viewer import Viewer
from proxenia.interop.reference import spid
from proxenia.interop.reference.files import checksum
from proxenia.services.reference.places import country_id, region_id
from proxenia.services.reference.report import LoadReport
from proxenia.store.actors import ActorRepository
from proxenia.store.adoptions import AdoptionRepository
from proxenia.store.database import Connection, Database
from proxenia.store.practices import PracticeRepository
from proxenia.store.reference_loads import ReferenceLoadRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository

DATASET = "spid"
BATCH = 5000
SOURCE_REF = "SPID v1.0 (State Policy Innovation and Diffusion database, doi:10.7910/DVN/CVYSR7)"


def practice_id(policy: str) -> uuid.UUID:
    return reference_id("spid-policy", policy)


def adoption_id(policy: str, state_code: str) -> uuid.UUID:
    return reference_id("spid-adoption", f"{policy}:{state_code}")


class SpidLoadService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.viewer = Viewer.system("proxenia init (SPID)")

    def load(self, progress: ProgressReporter | None = None, *, force: bool = False) -> LoadReport:
        progress = progress or SilentProgress()
        digest = checksum(*spid.files(), extra=f"proxenia={version('proxenia')};spid-v1")
        with self.db.begin() as conn:
            previous = ReferenceLoadRepository(conn).get(DATASET)
        if previous and previous[0] == digest and not force:
            report = LoadReport(existing=dict(previous[1].get("created", {})))
            report.unresolved = dict(previous[1].get("unresolved", {}))
            report.notes.append("SPID policies already loaded; nothing changed")
            return report
        report = LoadReport()
        policies = list(spid.policies())
        states = {s.name: s for s in spid.us_states()}
        by_policy: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for row in spid.adoptions():
            state = states.get(row.state_name)
            if state is None:
                report.add("unresolved", "SPID adoptions: state name not in us_states.csv")
                continue
            if row.year is None:
                report.add("unresolved", "SPID adoptions: year is not a number")
                continue
            by_policy[row.policy].append((state.code, row.year))
        known_policies = {p.policy for p in policies}
        for policy, rows in by_policy.items():
            if policy not in known_policies:
                report.add("unresolved", "SPID adoptions: policy not in spid_policies.csv", len(rows))
        with self.db.begin() as conn:
            TenantRepository(conn).ensure_reference()
            actors = ActorRepository(conn)
            present = actors.existing_ids(region_id(f"US-{s.code}") for s in states.values())
            country = actors.summaries(self.viewer, [country_id("US")]).get(country_id("US"))
            attrs = actors.get(self.viewer, country.id).attributes if country else {}
            practices = PracticeRepository(conn)
            practices.known_areas()  # the policy-area vocabulary the practices refer to
            drafts = []
            for p in policies:
                rows = sorted(by_policy.get(p.policy, []), key=lambda r: (r[1], r[0]))
                drafts.append(self._draft(p, rows, present, attrs, report))
            new_ids = practices.existing_ids(d.id for d, _ in drafts if d.id)
            fresh = [(d, c) for d, c in drafts if d.id not in new_ids]
            progress.start("Loading SPID policies as practices", len(drafts))
            progress.advance(len(new_ids))
            for start in range(0, len(fresh), BATCH):
                batch = fresh[start : start + BATCH]
                practices.create_many(self.viewer, batch, tenant_id=REFERENCE_TENANT_ID, summary="reference: SPID")
                progress.advance(len(batch))
            progress.finish()
            report.add("created", "SPID practices (US state policies)", len(fresh))
            report.add("existing", "SPID practices (US state policies)", len(new_ids))
            self._adoptions(conn, policies, by_policy, present, report, progress)
            ReferenceLoadRepository(conn).record(DATASET, digest, report.as_dict())
        return report

    def _draft(
        self,
        p: spid.SpidPolicy,
        rows: list[tuple[str, int]],
        present: set[uuid.UUID],
        country_attrs: dict[str, object],
        report: LoadReport,
    ) -> tuple[PracticeDraft, ContextSnapshot]:
        area = pap_code(p.major_topic) if p.major_topic else None
        if p.major_topic and area is None:
            report.add("unresolved", "SPID policies: major topic not in the PAP vocabulary (kept in attributes)")
        first_year = rows[0][1] if rows else p.first_year
        first = [code for code, year in rows if year == first_year]
        originator = region_id(f"US-{first[0]}") if len(first) == 1 and region_id(f"US-{first[0]}") in present else None
        span = f"between {p.first_year} and {p.last_year}" if p.first_year and p.last_year else "in SPID's years"
        count = p.adopt_count if p.adopt_count is not None else len(rows)
        summary = (
            f"A US state policy recorded in SPID: {p.description or p.policy}. "
            f"{count} states adopted it {span} (SPID source data set: {p.source or 'not stated'})."
        )
        draft = PracticeDraft(
            id=practice_id(p.policy),
            title=(p.description or p.policy)[:300],
            summary=summary,
            policy_areas=(area,) if area else (),
            originator_id=originator,
            start_date=str(first_year) if first_year else None,
            source_ref=f"{SOURCE_REF}, policy '{p.policy}'",
            attributes={
                "dataset": DATASET,
                "spid_policy": p.policy,
                "spid_source": p.source,
                "major_topic": p.major_topic,
                "first_year": p.first_year,
                "last_year": p.last_year,
                "adopt_count": p.adopt_count,
                "originator_rule": "the only state SPID records as adopting in the first year, if there is one",
            },
            visibility=Visibility.PUBLIC,
            status=PracticeStatus.PUBLISHED,
        )
        context = ContextSnapshot(
            income_group=str(country_attrs.get("income_group") or "") or None,
            region=str(country_attrs.get("wb_region") or "") or None,
            country_code="US",
            kind=ActorKind.REGION.value if originator else None,
            taken_at=str(first_year) if first_year else None,
        )
        return draft, context

    def _adoptions(
        self,
        conn: Connection,
        policies: list[spid.SpidPolicy],
        by_policy: dict[str, list[tuple[str, int]]],
        present: set[uuid.UUID],
        report: LoadReport,
        progress: ProgressReporter,
    ) -> None:
        repo = AdoptionRepository(conn)
        rows: list[dict[str, Any]] = []
        for p in policies:
            for code, year in by_policy.get(p.policy, []):
                adopter = region_id(f"US-{code}")
                if adopter not in present:
                    report.add("unresolved", "SPID adoptions: state not in the registry")
                    continue
                rows.append(
                    {
                        "id": adoption_id(p.policy, code),
                        "tenant_id": REFERENCE_TENANT_ID,
                        "visibility": Visibility.PUBLIC.value,
                        "practice_id": practice_id(p.policy),
                        "adopter_id": adopter,
                        "learned_from_id": None,
                        "date": str(year),
                        "status": "adopted",
                        "adaptations": "",
                        "outcome": "",
                        "stakeholders": [],
                        "source_ref": SOURCE_REF,
                    }
                )
        existing = repo.existing_ids(r["id"] for r in rows)
        fresh = [r for r in rows if r["id"] not in existing]
        progress.start("Loading SPID adoptions by US states", len(rows))
        progress.advance(len(existing))
        for start in range(0, len(fresh), BATCH):
            batch = fresh[start : start + BATCH]
            repo.create_many(self.viewer, batch, summary="reference: SPID adoptions")
            progress.advance(len(batch))
        progress.finish()
        report.add("created", "SPID adoptions by US states", len(fresh))
        report.add("existing", "SPID adoptions by US states", len(existing))
