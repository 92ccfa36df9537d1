"""Access benchmark: the cost of the permission filter at installation scale.

1,000 tenants and 1,000,000 records (actors and ties) with every sharing level, partners and
federations. The same profile and search calls run as a tenant's viewer (the filter applies: own,
partner, federation and public rows) and as the installation itself (no filter), on the same data;
the figure is the ratio of their p95.

    python benchmarks/access.py            # 1,000 tenants, 1,000,000 records
    python benchmarks/access.py --quick    # 100 tenants, 100,000 records
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, paired_latencies_ms, peak_memory_mb, timed

from proxenia.config import Settings
from proxenia.domain.names import fold
from proxenia.domain.paging import PageRequest
from proxenia.domain.viewer import Viewer
from proxenia.services.container import build_services
from proxenia.store.access import resolve_viewer
from proxenia.store.bulk import insert_rows
from proxenia.store.columns import utcnow
from proxenia.store.tables import (
    actor_names,
    actors,
    federation_members,
    federations,
    sharing_agreements,
    tenants,
    ties,
)

SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vo", "sa", "bel", "dor", "an", "ir", "que", "zu", "pol", "mar", "ny"]
VISIBILITIES = ["private", "partners", "federation", "public"]


def populate(services: object, n_tenants: int, n_records: int, rng: random.Random) -> list[uuid.UUID]:
    now = utcnow()
    tenant_ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(n_tenants)]
    n_actors = n_records // 5
    actor_rows, name_rows, actor_ids = [], [], []
    for i in range(n_actors):
        aid = uuid.UUID(int=rng.getrandbits(128), version=4)
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize() + f" {i}"
        actor_ids.append(aid)
        actor_rows.append(
            {
                "id": aid,
                "kind": "organisation",
                "subtype": None,
                "name": name,
                "name_folded": fold(name),
                "country_code": "US",
                "subdivision_code": None,
                "latitude": None,
                "longitude": None,
                "population": None,
                "parent_id": None,
                "resolved": True,
                "attributes": {},
                "tenant_id": rng.choice(tenant_ids),
                "visibility": rng.choice(VISIBILITIES),
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
        name_rows.append({"actor_id": aid, "folded": fold(name), "name": name, "role": "primary"})
    tie_rows = []
    for _ in range(n_records - n_actors):
        a, b = rng.sample(range(n_actors), 2)
        tie_rows.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "type_code": "partnership",
                "source_id": actor_ids[a],
                "target_id": actor_ids[b],
                "source_country": "US",
                "target_country": "US",
                "status": "active",
                "start_date": None,
                "end_date": None,
                "rationale": None,
                "source_ref": None,
                "notes": None,
                "attributes": {},
                "tenant_id": rng.choice(tenant_ids),
                "visibility": rng.choice(VISIBILITIES),
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    db = services.db  # type: ignore[attr-defined]
    with db.begin() as conn:
        insert_rows(
            conn,
            tenants,
            [
                {
                    "id": t,
                    "slug": f"t{i}",
                    "name": f"Tenant {i}",
                    "kind": "government",
                    "actor_id": None,
                    "created_at": now,
                }
                for i, t in enumerate(tenant_ids)
            ],
        )
        partners = {(rng.choice(tenant_ids), rng.choice(tenant_ids)) for _ in range(n_tenants * 3)}
        insert_rows(
            conn,
            sharing_agreements,
            [
                {"id": uuid.uuid4(), "tenant_id": a, "partner_tenant_id": b, "note": None, "created_at": now}
                for a, b in partners
                if a != b
            ],
        )
        feds = [uuid.uuid4() for _ in range(max(1, n_tenants // 50))]
        insert_rows(
            conn,
            federations,
            [
                {
                    "id": f,
                    "slug": f"f{i}",
                    "name": f"Federation {i}",
                    "office_tenant_id": rng.choice(tenant_ids),
                    "created_at": now,
                }
                for i, f in enumerate(feds)
            ],
        )
        insert_rows(
            conn,
            federation_members,
            [
                {"federation_id": feds[i % len(feds)], "tenant_id": t, "status": "active", "updated_at": now}
                for i, t in enumerate(tenant_ids)
            ],
        )
        insert_rows(conn, actors, actor_rows)
        insert_rows(conn, actor_names, name_rows)
        insert_rows(conn, ties, tie_rows)
    db.optimize()
    return tenant_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    n_tenants, n_records = (100, 100_000) if args.quick else (1_000, 1_000_000)
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(Settings(database_url=f"sqlite:///{Path(tmp) / 'access.db'}", environment="test"))
        services.setup.migrate()
        seconds, tenant_ids = timed(lambda: populate(services, n_tenants, n_records, rng))
        print(f"loaded {n_records:,} records of {n_tenants:,} tenants in {seconds:.1f} s", flush=True)
        with services.db.read() as conn:
            viewers = [
                resolve_viewer(conn, user_id=uuid.uuid4(), username="bench", tenant_id=t, role=None)
                for t in rng.sample(tenant_ids, 20)
            ]
            actor_ids = [r[0] for r in conn.execute(actors.select().with_only_columns(actors.c.id).limit(5000))]
        system = Viewer.system("benchmark")
        sample = rng.sample(actor_ids, min(args.samples, len(actor_ids)))
        prefixes = ["".join(rng.choice(SYLLABLES) for _ in range(2)) for _ in range(args.samples)]
        registry = services.registry
        pairs = list(zip(sample, [viewers[i % len(viewers)] for i in range(len(sample))], strict=True))

        def profile(pair: tuple[uuid.UUID, Viewer], who: Viewer | None = None) -> object:
            try:
                return registry.profile(who or pair[1], pair[0])
            except Exception:
                return None

        search_pairs = list(zip(prefixes, [viewers[i % len(viewers)] for i in range(len(prefixes))], strict=True))
        filtered_profile, plain_profile = paired_latencies_ms(profile, lambda p: profile(p, system), pairs)
        filtered_search, plain_search = paired_latencies_ms(
            lambda p: registry.search_actors(p[1], p[0], page=PageRequest(limit=20)),
            lambda p: registry.search_actors(system, p[0], page=PageRequest(limit=20)),
            search_pairs,
        )
        services.close()
    profile_ratio = round(filtered_profile["p95_ms"] / plain_profile["p95_ms"], 3)
    search_ratio = round(filtered_search["p95_ms"] / plain_search["p95_ms"], 3)
    figures = {
        "tenants": n_tenants,
        "records": n_records,
        "profile_filtered": filtered_profile,
        "profile_unfiltered": plain_profile,
        "search_filtered": filtered_search,
        "search_unfiltered": plain_search,
        "profile_p95_ratio": profile_ratio,
        "search_p95_ratio": search_ratio,
        "peak_memory_mb": peak_memory_mb(),
    }
    targets = {
        "profile_p95_filter_ratio": {"value": profile_ratio, "limit": 1.3, "better": "lower"},
        "search_p95_filter_ratio": {"value": search_ratio, "limit": 1.3, "better": "lower"},
    }
    emit(figures, targets)


if __name__ == "__main__":
    main()
