"""Registry benchmark: a national-scale registry (50,000 actors, 1,000,000 ties) on SQLite.

Figures: the product's bulk import (CSV files through `proxenia import`'s validation and writes)
beside a raw `executemany` of the same actor and tie rows into the same schema, as a rate ratio;
p50/p95 of profile, touchpoints and shortest chain at that scale; the first chain (the public graph
read whole), the first right after another kind of write (the graph kept) and right after a tie is
written (the graph patched from the tie's ends); peak memory.

    python benchmarks/registry.py            # full scale
    python benchmarks/registry.py --quick    # 5,000 actors, 100,000 ties
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, latencies_ms, peak_memory_mb, timed

from proxenia.config import Settings
from proxenia.domain.kinds import Visibility
from proxenia.domain.names import fold
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import build_services

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ten",
    "vo",
    "sa",
    "bel",
    "dor",
    "an",
    "ir",
    "que",
    "zu",
    "pol",
    "mar",
    "ny",
    "os",
    "ge",
    "hal",
    "tri",
    "vin",
    "cas",
    "ber",
    "lu",
]
COUNTRIES = [
    "US",
    "FR",
    "DE",
    "IT",
    "ES",
    "GB",
    "CN",
    "JP",
    "KR",
    "BR",
    "MX",
    "IN",
    "PK",
    "NG",
    "ZA",
    "EG",
    "TR",
    "PL",
    "NL",
    "SE",
    "CA",
    "AU",
    "AR",
    "CL",
    "CO",
    "PE",
    "RU",
    "UA",
    "GR",
    "PT",
]
TIE_TYPES = ["sister_city", "friendship_city", "partnership", "mou", "network_membership"]


def generate(n_actors: int, n_ties: int, seed: int = 7) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    rng = random.Random(seed)
    actors = []
    for i in range(n_actors):
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        if rng.random() < 0.2:
            name += " " + "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
        country = COUNTRIES[min(int(rng.paretovariate(1.2)) - 1, len(COUNTRIES) - 1)]
        actors.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "kind": "city",
                "name": f"{name} {i}",
                "country_code": country,
                "latitude": round(rng.uniform(-60, 70), 4),
                "longitude": round(rng.uniform(-170, 170), 4),
                "population": int(rng.paretovariate(1.1) * 20000),
                "visibility": "public",
            }
        )
    # Preferential attachment: a few hubs with thousands of ties, most actors with a few dozen.
    weights = [rng.paretovariate(1.5) for _ in range(n_actors)]
    seen: set[tuple[int, int]] = set()
    ties = []
    while len(ties) < n_ties:
        batch = rng.choices(range(n_actors), weights=weights, k=2 * min(100_000, n_ties))
        for a, b in zip(batch[::2], batch[1::2], strict=True):
            if a == b or (a, b) in seen or (b, a) in seen:
                continue
            seen.add((a, b))
            year = rng.randint(1950, 2024)
            ties.append(
                {
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "type": rng.choice(TIE_TYPES),
                    "source_id": actors[a]["id"],
                    "target_id": actors[b]["id"],
                    "status": "active",
                    "start_date": str(year),
                    "visibility": "public",
                }
            )
            if len(ties) >= n_ties:
                break
    return actors, ties


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def fresh(url: str) -> object:
    services = build_services(Settings(database_url=url, environment="test"))
    services.setup.migrate()
    return services


def raw_executemany(path: Path, actors: list[dict[str, object]], ties: list[dict[str, object]]) -> float:
    """The same actor and tie rows, straight through sqlite3's executemany, in one transaction."""
    fresh(f"sqlite:///{path}").close()  # type: ignore[attr-defined]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    tenant = uuid.UUID("00000000-0000-4000-8000-000000000001").hex
    conn.execute(
        "INSERT INTO tenants (id, slug, name, kind, created_at) VALUES (?, 'reference', 'r', 'reference', "
        "'2026-01-01')",
        (tenant,),
    )
    now = "2026-01-01 00:00:00"
    country = {a["id"]: a["country_code"] for a in actors}
    actor_rows = [
        (
            uuid.UUID(str(a["id"])).hex,
            "city",
            a["name"],
            fold(str(a["name"])),
            a["country_code"],
            a["latitude"],
            a["longitude"],
            a["population"],
            1,
            "{}",
            tenant,
            "public",
            1,
            now,
            now,
        )
        for a in actors
    ]
    tie_rows = [
        (
            uuid.UUID(str(t["id"])).hex,
            t["type"],
            uuid.UUID(str(t["source_id"])).hex,
            uuid.UUID(str(t["target_id"])).hex,
            country[t["source_id"]],
            country[t["target_id"]],
            "active",
            t["start_date"],
            "{}",
            tenant,
            "public",
            1,
            now,
            now,
        )
        for t in ties
    ]

    def load() -> None:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO actors (id, kind, name, name_folded, country_code, latitude, longitude, population, "
            "resolved, attributes, tenant_id, visibility, version, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            actor_rows,
        )
        conn.executemany(
            "INSERT INTO ties (id, type_code, source_id, target_id, source_country, target_country, status, "
            "start_date, attributes, tenant_id, visibility, version, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            tie_rows,
        )
        conn.execute("COMMIT")

    seconds, _ = timed(load)
    conn.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5,000 actors and 100,000 ties")
    parser.add_argument("--actors", type=int)
    parser.add_argument("--ties", type=int)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    n_actors = args.actors or (5_000 if args.quick else 50_000)
    n_ties = args.ties or (100_000 if args.quick else 1_000_000)
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seconds, (actors, ties) = timed(lambda: generate(n_actors, n_ties))
        print(f"generated {len(actors):,} actors and {len(ties):,} ties in {seconds:.1f} s", flush=True)
        folder = work / "import"
        folder.mkdir()
        write_csv(folder / "actors.csv", actors)
        write_csv(folder / "ties.csv", ties)
        raw_seconds = raw_executemany(work / "raw.db", actors, ties)
        print(f"raw executemany: {raw_seconds:.1f} s", flush=True)
        services = fresh(f"sqlite:///{work / 'product.db'}")
        system = Viewer.system("benchmark")
        import_seconds, report = timed(lambda: services.exchange.import_path(system, folder))  # type: ignore[attr-defined]
        print(f"proxenia import: {import_seconds:.1f} s ({report.created})", flush=True)
        rows = len(actors) + len(ties)
        sample = [uuid.UUID(str(a["id"])) for a in rng.sample(actors, min(args.samples, len(actors)))]
        registry = services.registry  # type: ignore[attr-defined]
        anon = Viewer.anonymous()
        profile = latencies_ms(lambda a: registry.profile(anon, a), sample)
        by_id = {a["id"]: a for a in actors}
        pairs = []
        for t in rng.sample(ties, min(args.samples, len(ties))):
            pairs.append((uuid.UUID(str(t["source_id"])), by_id[t["target_id"]]["country_code"]))
        touch = latencies_ms(lambda p: registry.touchpoints(anon, p[1], actor_id=p[0]), pairs)
        chains = [(sample[i], sample[-i - 1]) for i in range(min(100, len(sample) // 2))]
        first_chain, _ = timed(lambda: registry.chain(anon, *chains[0]))  # reads the public graph whole
        chain = latencies_ms(lambda p: registry.chain(anon, p[0], p[1]), chains)
        # the public graph is kept in memory: another kind of write leaves it, a tie rebuilds it
        services.tenancy.create_tenant(system, slug="benchmark-office", name="Benchmark office", kind="government")  # type: ignore[attr-defined]
        after_other, _ = timed(lambda: registry.chain(anon, *chains[0]))
        tie = TieDraft(type_code="sister_city", source_id=sample[0], target_id=sample[1], visibility=Visibility.PUBLIC)
        services.edits.create_tie(system, tie)  # type: ignore[attr-defined]
        after_tie, _ = timed(lambda: registry.chain(anon, *chains[0]))
        services.close()  # type: ignore[attr-defined]
    ratio = round(raw_seconds / import_seconds, 3)
    figures = {
        "actors": len(actors),
        "ties": len(ties),
        "import_rows_per_s": round(rows / import_seconds),
        "raw_executemany_rows_per_s": round(rows / raw_seconds),
        "import_vs_raw_ratio": ratio,
        "profile": profile,
        "touchpoints": touch,
        "shortest_chain": chain,
        "shortest_chain_first_ms": round(first_chain * 1000, 1),
        "shortest_chain_after_another_write_ms": round(after_other * 1000, 2),
        "shortest_chain_after_a_tie_ms": round(after_tie * 1000, 2),
        "peak_memory_mb": peak_memory_mb(),
    }
    targets = {
        "import_vs_raw_executemany": {"value": ratio, "limit": 0.5, "better": "higher"},
        "profile_p95_ms": {"value": profile["p95_ms"], "limit": 50, "better": "lower"},
        "touchpoints_p95_ms": {"value": touch["p95_ms"], "limit": 100, "better": "lower"},
        "shortest_chain_p95_ms": {"value": chain["p95_ms"], "limit": 200, "better": "lower"},
    }
    emit(figures, targets)


if __name__ == "__main__":
    main()
