"""Portfolio benchmark: diagnostics over one government's 200,000 engagements, and balancing 500 activities
× 30 goals × 12 periods with a real MILP solver (HiGHS), on SQLite.

The engagements are synthetic (generated counterparts, departments, people and goals) and are written
through the product's bulk path (``EngagementService.log_many``). The figures: the diagnostics time (silos,
overlaps, conflicts, gaps, dormant ties) the first time (every fact read); the same report from the command
line in a fresh process; after a change (the kept facts brought up to date from the engagement logged);
again with nothing written since (the kept report); the engagement log's CSV download beside the same read
on raw sqlite3; the balancing time and the solver's optimality gap.

    python benchmarks/portfolio.py            # 200,000 engagements; 500 activities × 30 goals × 12 periods
    python benchmarks/portfolio.py --quick    # 20,000 engagements; 100 activities × 10 goals × 12 periods
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import datetime as dt
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, peak_memory_mb, timed

from proxenia.analytics.balancing import balance
from proxenia.config import Settings
from proxenia.domain.actors import ActorDraft
from proxenia.domain.balancing import Activity, BalancingInput, Capacity, GoalSpec
from proxenia.domain.engagements import EngagementDraft, EngagementFilter, EngagementKind, GoalWeight, Participant
from proxenia.domain.goals import GoalDraft, GoalKind
from proxenia.domain.kinds import ActorKind, Role, Visibility
from proxenia.domain.people import PersonDraft
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.interop.tables import csv_chunks
from proxenia.services.container import build_services
from proxenia.store.access import resolve_viewer
from proxenia.store.actors import ActorRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository
from proxenia.store.ties import TieTypeRepository

KINDS = list(EngagementKind)
WORDS = ["water", "ports", "climate", "youth", "trade", "culture", "health", "technology", "housing", "transit",
         "film", "tourism", "energy", "safety", "education", "investment", "heat", "flooding", "aviation", "biotech",
         "semiconductors", "museums", "universities", "diaspora", "logistics", "sport", "olympics", "waste"]
TEMPLATES = ["Meeting with", "Call with", "Delegation from", "Visit to", "Roundtable with", "Working lunch with",
             "Signing with", "Reception for", "Trade mission to", "Forum with"]
SPECIFICS = ["pilot", "exchange", "memorandum", "follow-up", "study tour", "agreement", "workshop", "investment lead",
             "data sharing", "joint bid", "festival", "fellowship"]
N_ACTORS = 5_000
AS_OF = dt.date(2026, 6, 30)


def build_world(services: object, n_engagements: int, seed: int = 5) -> tuple[Viewer, float]:
    s = services  # type: ignore[assignment]
    rng = random.Random(seed)
    system = Viewer.system("benchmark")
    with s.db.begin() as conn:  # type: ignore[attr-defined]
        TenantRepository(conn).ensure_reference()
        TieTypeRepository(conn).ensure_defaults()
        tenant = TenantRepository(conn).create(system, slug="bench-city", name="Bench City", kind="government").id
        actors = [ActorDraft(id=uuid.uuid4(), kind=ActorKind.CITY, name=f"Partner city {i}", country_code="KR",
                             population=rng.randint(20_000, 5_000_000), visibility=Visibility.PUBLIC)
                  for i in range(N_ACTORS)]
        home = ActorDraft(id=uuid.uuid4(), kind=ActorKind.CITY, name="Bench City", country_code="US",
                          population=1_000_000, visibility=Visibility.PUBLIC)
        ActorRepository(conn).create_many(system, [home, *actors], tenant_id=REFERENCE_TENANT_ID, summary="bench")
        admin = resolve_viewer(conn, user_id=uuid.uuid4(), username="bench", tenant_id=tenant, role=Role.ADMIN)
    departments = [s.accounts.create_department(admin, f"d{i}", f"Department {i}") for i in range(8)]  # type: ignore[attr-defined]
    goals = [s.goals.create(admin, GoalDraft(kind=GoalKind.PRIORITY, code=f"P{i}", title=f"Priority {i}"))  # type: ignore[attr-defined]
             for i in range(30)]
    people = [s.edits.create_person(admin, PersonDraft(name=f"Staff member {i}")) for i in range(300)]  # type: ignore[attr-defined]
    for a in actors[:400:5]:
        s.edits.create_tie(system, TieDraft(type_code="sister_city", source_id=home.id, target_id=a.id,  # type: ignore[attr-defined]
                                            start_date=str(rng.randint(1960, 2015)), visibility=Visibility.PUBLIC))
    s.portfolio.save_settings(admin, home_actor_id=home.id)  # type: ignore[attr-defined]
    # Counterparts follow a Zipf-like law (a few partners are met every week, most a few times a year);
    # titles name the topic, the partner and a specific; 1 % of the events are logged twice, by two
    # departments, a few days apart: the near-duplicates the diagnostics must find.
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(actors))]
    drafts = []
    start = AS_OF - dt.timedelta(days=5 * 365)
    for _ in range(n_engagements):
        if drafts and rng.random() < 0.01:
            twin = drafts[rng.randrange(len(drafts))]
            drafts.append(dataclasses.replace(twin, start_date=twin.start_date + dt.timedelta(days=rng.randint(0, 2)),
                                              end_date=None, department_id=rng.choice(departments),
                                              title=twin.title.replace(" on ", " about ")))
            continue
        day = start + dt.timedelta(days=rng.randrange(5 * 365))
        chosen = rng.choices(range(len(actors)), weights=weights, k=rng.randint(1, 3))
        partners = {actors[j].id for j in chosen}
        attendees = [Participant(person_id=p) for p in rng.sample(people, rng.randint(0, 2))]
        title = (f"{rng.choice(TEMPLATES)} {actors[chosen[0]].name} on {rng.choice(WORDS)} "
                 f"{rng.choice(SPECIFICS)} {rng.choice(WORDS)}")
        drafts.append(EngagementDraft(
            kind=rng.choice(KINDS[:-1]), title=title,
            start_date=day, end_date=day + dt.timedelta(days=rng.choice([0, 0, 0, 1, 2])),
            place=rng.choice(["Seoul", "Busan", "Los Angeles", "Incheon", None]),
            department_id=rng.choice(departments), participants=(*(Participant(actor_id=a) for a in partners),
                                                                 *attendees),
            goals=tuple(GoalWeight(g, round(rng.uniform(0.2, 1.0), 2)) for g in rng.sample(goals[:25], 2)),
            staff_days=round(rng.uniform(0.2, 4), 1), visibility=Visibility.PRIVATE,
        ))
    seconds, _ = timed(lambda: [s.engagements.log_many(admin, drafts[k:k + 20_000], summary="bench")  # type: ignore[attr-defined]
                                for k in range(0, len(drafts), 20_000)])
    return admin, seconds


def balancing_input(n_activities: int, n_goals: int, n_periods: int, seed: int = 3) -> BalancingInput:
    rng = random.Random(seed)
    periods = [f"2027-{m:02d}" for m in range(1, n_periods + 1)]
    departments = [f"Department {i}" for i in range(8)]
    goals = tuple(GoalSpec(f"g{i}", f"Goal {i}", weight=rng.choice([1, 1, 2, 3]), target=rng.uniform(15, 30))
                  for i in range(n_goals))
    activities = []
    for i in range(n_activities):
        first = rng.randrange(n_periods)
        span = tuple(periods[first:first + rng.randint(1, 4)])
        activities.append(Activity(
            key=f"a{i}", name=f"Activity {i}", department=rng.choice(departments), periods=span,
            staff_days=round(rng.uniform(2, 30), 1), budget=round(rng.uniform(0, 40_000), -2),
            contributions={g.key: round(rng.uniform(0.1, 1.0), 2) for g in rng.sample(goals, rng.randint(1, 4))},
            mandatory=rng.random() < 0.08, min_level=rng.choice([0.0, 0.5, 1.0]), max_level=rng.choice([1.0, 2.0]),
        ))
    capacities = tuple(Capacity(d, p, staff_days=45, budget=50_000) for d in departments
                       for p in periods)
    return BalancingInput(tuple(activities), capacities, goals)


def another_government_logs(services: object) -> None:
    """A second government, with a department, logs one engagement (a write the first's report is not made of)."""
    s = services  # type: ignore[assignment]
    system = Viewer.system("benchmark")
    with s.db.begin() as conn:  # type: ignore[attr-defined]
        tenant = TenantRepository(conn).create(system, slug="other-city", name="Other City", kind="government").id
        other = resolve_viewer(conn, user_id=uuid.uuid4(), username="other", tenant_id=tenant, role=Role.ADMIN)
    department = s.accounts.create_department(other, "intl", "International affairs")  # type: ignore[attr-defined]
    s.engagements.log(other, EngagementDraft(kind=EngagementKind.MEETING, title="Call with a partner city",  # type: ignore[attr-defined]
                                             start_date=AS_OF, department_id=department))


def one_more_engagement(services: object, viewer: Viewer) -> EngagementDraft:
    """A copy of the government's latest engagement, a day later: a change like any other."""
    s = services  # type: ignore[assignment]
    latest = s.engagements.search(viewer, EngagementFilter(tenant_id=viewer.tenant_id)).items[0]  # type: ignore[attr-defined]
    day = latest.start_date + dt.timedelta(days=1)
    return EngagementDraft(kind=latest.kind, title=f"{latest.title} (follow-up)", start_date=day, end_date=day,
                           department_id=latest.department_id,
                           participants=tuple(Participant(actor_id=p.actor_id) for p in latest.counterparts))


def engagement_download(services: object, viewer: Viewer) -> int:
    """What ``/engagements.csv`` does for the government's whole log: its order read once, then the rows
    filled in a batch at a time and written as CSV (up to the default limit of 100,000 rows)."""
    s = services  # type: ignore[assignment]
    limit = Settings.model_fields["download_max_rows"].default
    download = s.engagements.download(viewer, EngagementFilter(tenant_id=viewer.tenant_id), limit=limit)  # type: ignore[attr-defined]
    batches = ([[e.id, e.kind.value, e.title, e.start_date, e.end_date, e.department_name or "",
                 "; ".join(p.name or "" for p in e.counterparts), e.open_follow_ups, e.origin.value,
                 e.visibility.tlp] for e in batch] for batch in download.batches())
    for _ in csv_chunks(["id"], batches):
        pass
    return len(download.keys)


RAW_DOWNLOAD = """
SELECT e.id, e.kind, e.title, e.start_date, e.end_date, d.name,
       (SELECT group_concat(a.name, '; ') FROM engagement_participants p JOIN actors a ON a.id = p.actor_id
         WHERE p.engagement_id = e.id),
       (SELECT count(*) FROM follow_ups f WHERE f.engagement_id = e.id AND f.status = 'open'),
       e.origin, e.visibility
FROM engagements e LEFT JOIN departments d ON d.id = e.department_id
WHERE e.tenant_id = ? ORDER BY e.start_date DESC, e.title, e.id LIMIT ?
"""


def raw_download(path: Path, tenant_id: uuid.UUID, limit: int) -> int:
    """The baseline: the same rows and columns in one query on Python's sqlite3, written by its csv module
    (no permission filter, no objects: the floor of what a download can cost)."""
    out = io.StringIO()
    writer = csv.writer(out)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = 0
        for row in conn.execute(RAW_DOWNLOAD, (tenant_id.hex, limit)):
            writer.writerow(row)
            rows += 1
            if rows % 500 == 0:
                out.seek(0)
                out.truncate()
    return rows


def cli_diagnose(path: Path) -> tuple[float, int]:
    """``proxenia portfolio diagnose --json`` in a fresh process, as an office runs it: the wall time of
    the whole command (start, a cold report, printing, exit) and the findings it printed."""
    command = [sys.executable, "-m", "proxenia", "portfolio", "diagnose", "--tenant", "bench-city",
               "--as-of", AS_OF.isoformat(), "--window-days", str(5 * 365 + 1), "--json"]
    env = {**os.environ, "PROXENIA_DATABASE_URL": f"sqlite:///{path}"}
    seconds, done = timed(lambda: subprocess.run(command, env=env, capture_output=True, text=True, check=True))
    return seconds, len(json.loads(done.stdout)["findings"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20,000 engagements; 100 × 10 × 12 balancing")
    parser.add_argument("--engagements", type=int)
    args = parser.parse_args()
    n = args.engagements or (20_000 if args.quick else 200_000)
    shape = (100, 10, 12) if args.quick else (500, 30, 12)
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}", environment="test"))
        services.setup.migrate()
        admin, write_seconds = build_world(services, n)
        print(f"wrote {n:,} engagements through the bulk path in {write_seconds:.1f} s", flush=True)
        services.db.optimize()
        # the first report reads every engagement's facts and sweeps every counterpart (a server's first)
        first_seconds, _ = timed(lambda: services.portfolio.diagnose(admin, as_of=AS_OF, window_days=5 * 365 + 1))
        print(f"the first report (every fact read, every counterpart swept): {first_seconds:.2f} s", flush=True)
        cli_seconds, cli_findings = cli_diagnose(Path(tmp) / "bench.db")
        print(f"the same report from the command line (a fresh process, --json): {cli_seconds:.2f} s, "
              f"{cli_findings:,} findings", flush=True)
        # a change (one more engagement) moves the audit trail: the next report is computed, not kept
        services.engagements.log_many(admin, [one_more_engagement(services, admin)], summary="bench: one more")
        diag_seconds, report = timed(lambda: services.portfolio.diagnose(admin, as_of=AS_OF, window_days=5 * 365 + 1))
        print(f"diagnostics: {report.engagements_read:,} engagements in {diag_seconds:.2f} s, findings {report.counts}")
        kept_seconds, _ = timed(lambda: services.portfolio.diagnose(admin, as_of=AS_OF, window_days=5 * 365 + 1))
        print(f"the same report again, nothing written since (kept): {kept_seconds * 1000:.1f} ms")
        another_government_logs(services)
        other_seconds, _ = timed(lambda: services.portfolio.diagnose(admin, as_of=AS_OF, window_days=5 * 365 + 1))
        print(f"the same report after another government logged an engagement (kept): {other_seconds * 1000:.1f} ms")
        download_seconds, download_rows = timed(lambda: engagement_download(services, admin))
        limit = Settings.model_fields["download_max_rows"].default
        raw_seconds, raw_rows = timed(lambda: raw_download(Path(tmp) / "bench.db", admin.tenant_id, limit))  # type: ignore[arg-type]
        print(f"engagement log download: {download_rows:,} rows as CSV in {download_seconds:.2f} s "
              f"(raw sqlite3: {raw_rows:,} in {raw_seconds:.2f} s)")
        services.close()
    data = balancing_input(*shape)
    bal_seconds, result = timed(lambda: balance(data, time_limit=30.0, mip_gap=0.005))
    gap_percent = round(100 * result.gap, 3) if result.feasible else 100.0  # no solution: the target is missed
    print(f"balancing {shape[0]} activities × {shape[1]} goals × {shape[2]} periods: {result.status} in "
          f"{bal_seconds:.2f} s, optimality gap {gap_percent} % (bound {result.bound:.4f}, objective "
          f"{result.objective:.4f}), score {result.score:.3f}")
    figures = {
        "engagements": report.engagements_read,
        "write_engagements_per_s": round(n / write_seconds),
        "diagnostics_first_s": round(first_seconds, 3),
        "diagnose_command_s": round(cli_seconds, 3),
        "diagnostics_s": round(diag_seconds, 3),
        "diagnostics_kept_ms": round(kept_seconds * 1000, 1),
        "diagnostics_after_another_government_ms": round(other_seconds * 1000, 1),
        "download_rows": download_rows,
        "download_s": round(download_seconds, 3),
        "download_rows_per_s": round(download_rows / download_seconds),
        "download_raw_sqlite_s": round(raw_seconds, 3),
        "download_vs_raw": round(download_seconds / raw_seconds, 2),
        "findings": report.counts,
        "balancing": {"activities": shape[0], "goals": shape[1], "periods": shape[2], "status": result.status,
                      "seconds": round(bal_seconds, 3), "optimality_gap_percent": gap_percent,
                      "score": round(result.score, 4), "solver": result.solver},
        "peak_memory_mb": peak_memory_mb(),
    }
    targets = {
        "diagnostics_s": {"value": round(diag_seconds, 3), "limit": 5.0, "better": "lower"},
        "download_vs_raw": {"value": round(download_seconds / raw_seconds, 2), "limit": 10.0, "better": "lower"},
        "balancing_s": {"value": round(bal_seconds, 3), "limit": 30.0, "better": "lower"},
        "optimality_gap_percent": {"value": gap_percent, "limit": 1.0, "better": "lower"},
    }
    emit(figures, targets)


if __name__ == "__main__":
    main()
