"""Federation benchmark: a national office's dashboard over 1,000 members and 1,000,000 shared records, and
the aggregate of a campaign of 1,000 responses to 50 questions.

Each member is a US city with, shared at the federation level (or public): ~550 engagements with
foreign (and some domestic) counterparts over six years, some serving the office's priorities; ~400
ties with foreign cities (a few popular cities draw many members, as in real twinning data); network
memberships, pledges and goal alignments. One more record in ten is kept private or for partners, so
the permission filter has work to do. The dashboard is computed cold (first view: every member's share
read), served with nothing changed, served right after a member's change (the members the audit trail
names re-read: the figure the target is held to), and moved to the next day (only the engagements at
the window's moving edges read).

    python benchmarks/federation.py              # 1,000 members, 1,000,000 shared records, SQLite
    python benchmarks/federation.py --quick      # 100 members, 100,000 shared records
    python benchmarks/federation.py --postgres   # on a throwaway PostgreSQL server (the shared deployment)
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, latencies_ms, peak_memory_mb, summary_ms, timed

from proxenia.config import Settings
from proxenia.domain.campaigns import CampaignDraft, Question, QuestionKind
from proxenia.domain.engagements import EngagementDraft, EngagementKind, Participant
from proxenia.domain.kinds import Visibility
from proxenia.domain.names import fold
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services, build_services
from proxenia.store.access import resolve_viewer
from proxenia.store.bulk import insert_rows
from proxenia.store.columns import utcnow
from proxenia.store.tables import (
    actors,
    alignments,
    campaign_recipients,
    campaign_responses,
    engagement_goals,
    engagement_participants,
    engagements,
    federation_members,
    federations,
    goals,
    tenants,
    ties,
)
from proxenia.store.ties import TieTypeRepository

COUNTRIES = ["CN", "KR", "JP", "MX", "DE", "FR", "GB", "IT", "BR", "IN", "CA", "ES", "NG", "KE", "AU", "TW", "PH",
             "VN", "IL", "EG", "PK", "ID", "TR", "AR", "CO", "PE", "CL", "ZA", "SE", "NL", "PL", "UA", "GH", "TH",
             "MY", "SG", "NZ", "IE", "PT", "GR"]
KINDS = ["meeting", "call", "inbound_delegation", "outbound_visit", "event_hosted", "event_attended",
         "trade_mission", "agreement_signing"]
CHANNEL_TYPES = ["sister_city", "friendship_city", "mou", "partnership"]
VISIBLE = ["federation", "federation", "federation", "public"]
HIDDEN = ["private", "partners"]


def _rid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _owned(tenant: uuid.UUID, visibility: str, now: dt.datetime) -> dict[str, Any]:
    return {"tenant_id": tenant, "visibility": visibility, "version": 1, "created_at": now, "updated_at": now}


def _actor(aid: uuid.UUID, kind: str, name: str, country: str | None, tenant: uuid.UUID, now: dt.datetime) -> dict:
    return {"id": aid, "kind": kind, "subtype": None, "name": name, "name_folded": fold(name), "country_code": country,
            "subdivision_code": None, "latitude": None, "longitude": None, "population": None, "parent_id": None,
            "resolved": True, "attributes": {}, **_owned(tenant, "public", now)}


def _tie(tid: uuid.UUID, type_code: str, a: uuid.UUID, b: uuid.UUID, countries: tuple[str | None, str | None],
         owned: dict[str, Any]) -> dict[str, Any]:
    return {"id": tid, "type_code": type_code, "source_id": a, "target_id": b, "source_country": countries[0],
            "target_country": countries[1], "status": "active", "start_date": "2015", "end_date": None,
            "rationale": None, "source_ref": None, "notes": None, "attributes": {}, **owned}


def populate(services: Services, members: int, per_member: int, rng: random.Random) -> tuple[str, Viewer, int]:
    """The federation, its office and members, and ``members * per_member`` shared records (+10% hidden)."""
    now = utcnow()
    today = dt.date.today()
    office, reference = _rid(rng), _rid(rng)
    member_ids = [_rid(rng) for _ in range(members)]
    city_ids = [_rid(rng) for _ in range(members)]
    foreign = [(_rid(rng), COUNTRIES[i % len(COUNTRIES)]) for i in range(max(2000, members * 20))]
    weights = [1 / (i + 1) ** 0.9 for i in range(len(foreign))]  # a few partners draw many members
    networks = [_rid(rng) for _ in range(50)]
    agreements = [_rid(rng) for _ in range(3)]
    priorities = [_rid(rng) for _ in range(3)]
    fed = _rid(rng)
    rows: dict[Any, list[dict[str, Any]]] = {t: [] for t in (actors, ties, engagements, engagement_participants,
                                                            engagement_goals, alignments)}
    rows[actors] += [_actor(c, "city", f"US city {i}", "US", reference, now) for i, c in enumerate(city_ids)]
    rows[actors] += [_actor(a, "city", f"Foreign city {i}", cc, reference, now) for i, (a, cc) in enumerate(foreign)]
    rows[actors] += [_actor(n, "network", f"Network {i}", None, reference, now) for i, n in enumerate(networks)]
    rows[actors] += [_actor(a, "agreement", f"Agreement {i}", None, reference, now) for i, a in enumerate(agreements)]
    shares = {"engagements": 0.55, "channels": 0.40, "networks": 0.027, "pledges": 0.003, "alignments": 0.02}
    n = {k: max(1, round(per_member * v)) for k, v in shares.items()}
    for member, city in zip(member_ids, city_ids, strict=True):
        channel_ties = []
        partners = rng.choices(foreign, weights=weights, k=n["channels"] + n["channels"] // 10)
        for j, (partner, cc) in enumerate(partners):
            vis = rng.choice(VISIBLE) if j < n["channels"] else rng.choice(HIDDEN)
            tie = _tie(_rid(rng), rng.choice(CHANNEL_TYPES), city, partner, ("US", cc), _owned(member, vis, now))
            rows[ties].append(tie)
            channel_ties.append(tie["id"])
        for network in rng.sample(networks, min(n["networks"], len(networks))):
            rows[ties].append(_tie(_rid(rng), "network_membership", city, network, ("US", None),
                                   _owned(member, rng.choice(VISIBLE), now)))
        for agreement in agreements[: n["pledges"]]:
            rows[ties].append(_tie(_rid(rng), "pledge", city, agreement, ("US", None), _owned(member, "public", now)))
        for tie_id in rng.sample(channel_ties, min(n["alignments"], len(channel_ties))):
            rows[alignments].append({"id": _rid(rng), "tie_id": tie_id, "goal_id": rng.choice(priorities),
                                     "weight": 1.0, "note": None, **_owned(member, "federation", now)})
        for j in range(n["engagements"] + n["engagements"] // 10):
            eid, day = _rid(rng), today - dt.timedelta(days=rng.randrange(6 * 365))
            vis = rng.choice(VISIBLE) if j < n["engagements"] else rng.choice(HIDDEN)
            rows[engagements].append({
                "id": eid, "kind": rng.choice(KINDS), "title": f"Engagement {j}", "start_date": day, "end_date": day,
                "place": None, "department_id": None, "policy_areas": [], "cost_minor": None, "cost_currency": None,
                "staff_days": None, "outcomes": None, "description": None, "links": [], "origin": "import",
                "recorded_by": None, **_owned(member, vis, now)})
            counterpart = rng.choice(foreign)[0] if rng.random() < 0.85 else rng.choice(city_ids)
            rows[engagement_participants].append({"engagement_id": eid, "position": 0, "actor_id": counterpart,
                                                  "person_id": None, "role": "counterpart", "tenant_id": member})
            if rng.random() < 0.1:
                rows[engagement_goals].append({"engagement_id": eid, "goal_id": rng.choice(priorities), "weight": 1.0})
    db = services.db
    with db.begin() as conn:
        TieTypeRepository(conn).ensure_defaults()
        insert_rows(conn, tenants, [
            {"id": t, "slug": slug, "name": name, "kind": kind, "actor_id": None, "created_at": now}
            for t, slug, name, kind in [(office, "office", "National office", "national_office"),
                                        (reference, "bench-reference", "Reference", "reference")]
            + [(m, f"m{i}", f"Member {i}", "government") for i, m in enumerate(member_ids)]])
        insert_rows(conn, federations, [{"id": fed, "slug": "bench-fed", "name": "Benchmark federation",
                                         "office_tenant_id": office, "created_at": now}])
        insert_rows(conn, goals, [{"id": g, "kind": "national_priority", "code": f"NP{i}", "title": f"Priority {i}",
                                   "short_title": None, "description": None, "parent_id": None, "source_ref": None,
                                   **_owned(office, "public", now)} for i, g in enumerate(priorities)])
        insert_rows(conn, actors, rows.pop(actors))
        insert_rows(conn, federation_members, [{"federation_id": fed, "tenant_id": office, "status": "active",
                                                "updated_at": now, "actor_id": None}]
                    + [{"federation_id": fed, "tenant_id": m, "status": "active", "updated_at": now, "actor_id": c}
                       for m, c in zip(member_ids, city_ids, strict=True)])
        for table, table_rows in rows.items():
            insert_rows(conn, table, table_rows)
    db.optimize()
    shared = sum(1 for table in (ties, engagements, alignments) for r in rows[table]
                 if r["visibility"] in ("federation", "public"))
    with db.read() as conn:
        viewer = resolve_viewer(conn, user_id=uuid.uuid4(), username="office", tenant_id=office, role=None)
    return "bench-fed", viewer, shared


QUESTION_MIX = [QuestionKind.NUMBER] * 20 + [QuestionKind.CHOICE] * 10 + [QuestionKind.TEXT] * 8 + \
    [QuestionKind.DATE] * 7 + [QuestionKind.RECORDS] * 5


def questionnaire() -> tuple[Question, ...]:
    out = []
    for i, kind in enumerate(QUESTION_MIX):
        out.append(Question(f"q{i}", kind, f"Question {i}", min_value=0 if kind is QuestionKind.NUMBER else None,
                            choices=("A", "B", "C", "D") if kind is QuestionKind.CHOICE else (),
                            source="ties:sister_city" if kind is QuestionKind.RECORDS else None))
    return tuple(out)


def answers(rng: random.Random) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i, kind in enumerate(QUESTION_MIX):
        key = f"q{i}"
        if kind is QuestionKind.NUMBER:
            out[key] = rng.randint(0, 500)
        elif kind is QuestionKind.CHOICE:
            out[key] = rng.choice("ABCD")
        elif kind is QuestionKind.TEXT:
            out[key] = "Free text answer " * rng.randint(1, 5)
        elif kind is QuestionKind.DATE:
            out[key] = (dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))).isoformat()
        else:
            out[key] = [{"name": f"Partner {j}", "actor_id": None, "country_code": rng.choice(COUNTRIES),
                         "since": "2019", "tie_id": None} for j in range(rng.randint(0, 8))]
    return out


def campaign_of(services: Services, slug: str, office: Viewer, rng: random.Random, count: int) -> uuid.UUID:
    """A campaign of 50 questions with ``count`` submitted responses (written in bulk)."""
    from proxenia.services.acting import operator_as

    admin = operator_as(services.db, "office")
    campaign = services.campaigns.create(admin, slug, CampaignDraft(federation_id=uuid.uuid4(), title="Benchmark",
                                                                     questions=questionnaire()))
    now = utcnow()
    with services.db.read() as conn:
        members = [r[0] for r in conn.execute(federation_members.select().with_only_columns(
            federation_members.c.tenant_id).where(federation_members.c.tenant_id != office.tenant_id))][:count]
    with services.db.begin() as conn:
        insert_rows(conn, campaign_recipients, [{"campaign_id": campaign, "tenant_id": m, "sent_at": now}
                                                for m in members])
        insert_rows(conn, campaign_responses, [
            {"id": uuid.uuid4(), "campaign_id": campaign, "status": "submitted", "answers": answers(rng),
             "submitted_at": now, "submitted_by": "bench", **_owned(m, "federation", now)} for m in members])
    return campaign


def member_changes(services: Services, rng: random.Random, count: int) -> list[Callable[[], object]]:
    """``count`` changes, each by a different member: an engagement shared with the federation."""
    from proxenia.services.acting import operator_as

    with services.db.read() as conn:
        foreign = [r[0] for r in conn.execute(actors.select().with_only_columns(actors.c.id)
                                              .where(actors.c.name.like("Foreign city %")).limit(200))]
    out: list[Callable[[], object]] = []
    for i, slug in enumerate(rng.sample(range(count * 3), count)):
        editor = operator_as(services.db, f"m{slug}")
        draft = EngagementDraft(kind=EngagementKind.CALL, title=f"Benchmark call {i}", start_date=dt.date.today(),
                                participants=(Participant(actor_id=rng.choice(foreign)),),
                                visibility=Visibility.FEDERATION)
        out.append(lambda editor=editor, draft=draft: services.engagements.log(editor, draft))
    return out


def _database(tmp: str, postgres: bool) -> tuple[str, object | None]:
    if not postgres:
        return f"sqlite:///{Path(tmp) / 'federation.db'}", None
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import sqlalchemy as sa
    from tests.support.postgres import PostgresServer, find_binaries

    bindir = find_binaries()
    if bindir is None:
        raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) were not found")
    server = PostgresServer(bindir).start()
    admin = sa.create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("CREATE DATABASE federation_bench")
    admin.dispose()
    return server.url("federation_bench"), server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--postgres", action="store_true", help="run on a throwaway PostgreSQL server")
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    members, per_member = (100, 1_000) if args.quick else (1_000, 1_000)
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        url, server = _database(tmp, args.postgres)
        try:
            figures = run(url, members, per_member, args.samples, rng)
        finally:
            if server is not None:
                server.stop()  # type: ignore[attr-defined]
    figures["engine"] = "postgresql" if args.postgres else "sqlite"
    targets = {
        "dashboard_p95_s": {"value": round(max(figures["dashboard_served"]["p95_ms"],
                                               figures["dashboard_after_member_change"]["p95_ms"]) / 1000, 3),
                            "limit": 1.0, "better": "lower"},
        "aggregate_p95_s": {"value": round(figures["aggregate"]["p95_ms"] / 1000, 3), "limit": 2.0,
                            "better": "lower"},
    }
    emit(figures, targets)


def run(url: str, members: int, per_member: int, samples: int, rng: random.Random) -> dict[str, Any]:
    services = build_services(Settings(database_url=url, environment="test"))
    try:
        services.setup.migrate()
        seconds, (slug, office, shared) = timed(lambda: populate(services, members, per_member, rng))
        print(f"loaded {shared:,} shared records of {members:,} members in {seconds:.1f} s", flush=True)
        if services.db.dialect == "postgresql":
            with services.db.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
        dashboards = services.federation_dashboard
        cold_runs = [timed(lambda: dashboards.dashboard(office, slug, fresh=True)) for _ in range(2)]
        cold = sorted(t for t, _ in cold_runs)
        print(f"dashboard computed cold in {', '.join(f'{t:.2f}' for t in cold)} s", flush=True)
        served = latencies_ms(lambda _: dashboards.dashboard(office, slug), list(range(samples)))
        after_change = []
        for change in member_changes(services, rng, samples):
            change()  # untimed: a member logs a shared engagement, through the service
            after_change.append(timed(lambda: dashboards.dashboard(office, slug))[0] * 1000)
        today = dt.date.today()
        next_day = [timed(lambda d=d: dashboards.dashboard(office, slug, today=today + dt.timedelta(days=d)))[0]
                    for d in (1, 2, 3)]
        campaign = campaign_of(services, slug, office, rng, members)
        aggregate = latencies_ms(lambda _: services.campaigns.aggregate(office, campaign), list(range(5)), warmup=1)
    finally:
        services.close()
    return {
        "members": members,
        "shared_records": shared,
        "dashboard_served": served,
        "dashboard_after_member_change": summary_ms(after_change),
        "dashboard_next_day_s": [round(t, 3) for t in next_day],
        "dashboard_cold_s": [round(t, 2) for t in cold],
        "dashboard_cold_sections_ms": cold_runs[-1][1].timings_ms,
        "aggregate_responses": members,
        "aggregate_questions": len(QUESTION_MIX),
        "aggregate": aggregate,
        "peak_memory_mb": peak_memory_mb(),
    }


if __name__ == "__main__":
    main()
