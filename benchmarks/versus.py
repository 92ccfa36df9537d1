"""Registry reads beside Datasette and raw SQLite, on the same real reference database.

The database is the one ``proxenia init`` loads (55,000 actors, 34,000 ties of real data); ``--database``
reuses an existing one. Proxenia (``proxenia serve``) and Datasette (``datasette serve -i``, immutable,
its fastest mode) each run as a real HTTP server, one process each, and one client asks both the same
questions in turn (interleaved, taking turns going first). The raw figure is the same question's SQL on
Python's ``sqlite3``, in process: the floor neither server can reach.

The four reads, as each side answers them out of the box:

- ``actor``: one actor by id (Proxenia: ``/api/v1/actors/{id}``, with identifiers and names; Datasette:
  the row page's JSON);
- ``ties``: every tie of an actor, either end (Proxenia: ``/api/v1/actors/{id}/ties``, with the other
  end's name and the tie type; Datasette: the same SQL through its JSON query API);
- ``name_prefix``: the first 20 actors whose name starts with a prefix (Proxenia: ``?q=``, accents and
  case folded, ranked; Datasette: ``name__startswith``, SQLite's LIKE);
- ``country_list``: the 50 largest cities of a country (Proxenia: ``?country=&kind=city``; Datasette:
  column filters sorted by population);
- ``kind_counts``: how many actors of each kind (Proxenia: ``/api/v1/stats``, which also counts ties by type
  and unresolved actors; Datasette: the table's facet by kind);
- ``profile_page``: an actor's page in the browser (Proxenia: the profile, with its parents, ties grouped
  by type, pledges and map; Datasette: the row's HTML page, with links to the rows that point at it);
- ``csv_download``: every actor (55,000) as CSV (Proxenia: ``/actors.csv``, the search page's download, largest
  first; Datasette: the table's CSV, streamed with ``_stream=on``; raw: the rows through the ``csv`` module).

Proxenia applies its permission filter to every read (the caller is signed out: public records only);
Datasette has none. Datasette's facet suggestions are turned off (they cost it more than the read itself),
so the comparison is with its fastest configuration. The targets are Proxenia's p95 over Datasette's p95 for each read.

    scripts/bootstrap bench  # Datasette, pinned
    python benchmarks/versus.py [--quick] [--database PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx
from common import emit, latencies_ms, paired_latencies_ms

RATIO_LIMIT = 2.0  # Proxenia's p95 at most twice Datasette's, for reads that filter by permission and say more
SHORT_NAMES = 3  # prefixes of this many letters or more


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server for {url} exited with code {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=5).status_code < 500:
                return
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _settle(pid: int, timeout: float = 300.0) -> None:
    """Wait until the server is idle: whatever it does in the background at start (Proxenia builds its word
    index and loads the semantic model) is over before anything is timed."""
    deadline = time.monotonic() + timeout
    before = _cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = _cpu_seconds(pid)
        if now - before < 0.05:
            return
        before = now


@contextlib.contextmanager
def _server(command: list[str], ready_url: str, env: dict[str, str]) -> Iterator[None]:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(ready_url, process)
        _settle(process.pid)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def build_database(target: Path) -> None:
    env = {**os.environ, "PROXENIA_DATABASE_URL": f"sqlite:///{target}"}
    print(f"loading the reference data into {target} (proxenia init) ...", flush=True)
    subprocess.run([_bin("proxenia"), "init", "--json"], env=env, check=True, stdout=subprocess.DEVNULL)


def choose_inputs(path: Path, n: int, seed: int = 7) -> dict[str, list[Any]]:
    """Actors with ties, name prefixes and countries drawn from the database itself."""
    rng = random.Random(seed)
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        tied = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT source_id FROM ties JOIN actors ON actors.id = ties.source_id "
                "WHERE actors.kind = 'city' ORDER BY source_id"
            )
        ]
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM actors WHERE kind = 'city' AND resolved ORDER BY population DESC LIMIT 5000"
            )
        ]
        countries = [
            r[0]
            for r in conn.execute(
                "SELECT country_code FROM actors WHERE kind = 'city' AND country_code IS NOT NULL "
                "GROUP BY country_code HAVING count(*) >= 50 ORDER BY country_code"
            )
        ]
    ascii_names = [name for name in names if name.isascii() and len(name) >= SHORT_NAMES]
    prefixes = [name[: rng.randint(SHORT_NAMES, min(6, len(name)))] for name in rng.sample(ascii_names, n)]
    return {
        "actor": rng.sample(tied, n),
        "ties": rng.sample(tied, n),
        "name_prefix": prefixes,
        "country_list": [rng.choice(countries) for _ in range(n)],
        "profile_page": rng.sample(tied, n),
        "kind_counts": [None] * max(n // 4, 25),
        "csv_download": [None] * max(n // 20, 5),
    }


KINDS_SQL = "SELECT kind, count(*) FROM actors GROUP BY kind"
TIES_SQL = "SELECT * FROM ties WHERE source_id = :id OR target_id = :id"
ACTOR_SQL = "SELECT * FROM actors WHERE id = :id"
PREFIX_SQL = "SELECT * FROM actors WHERE name LIKE :prefix || '%' LIMIT 20"
COUNTRY_SQL = "SELECT * FROM actors WHERE country_code = :cc AND kind = 'city' ORDER BY population DESC LIMIT 50"


def _get(client: httpx.Client, url: str, params: dict[str, Any] | None = None) -> Any:
    response = client.get(url, params=params)
    if response.status_code != 200:
        raise SystemExit(f"GET {response.url} answered {response.status_code}: {response.text[:300]}")
    return response.json()


def _text(client: httpx.Client, url: str, params: dict[str, Any] | None = None) -> str:
    response = client.get(url, params=params)
    if response.status_code != 200:
        raise SystemExit(f"GET {response.url} answered {response.status_code}: {response.text[:300]}")
    return response.text


def _csv(rows: Iterable[Any]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def readers(
    proxenia: httpx.Client, datasette: httpx.Client, raw: sqlite3.Connection, db_name: str
) -> dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any], Callable[[Any], Any]]]:
    """For each read: how Proxenia, Datasette and raw SQLite answer it (each returns what it read)."""

    def sql(query: str) -> Callable[[dict[str, Any]], Any]:
        return lambda params: _get(datasette, f"/{db_name}.json", {"sql": query, "_shape": "array", **params})

    def raw_sql(query: str) -> Callable[[dict[str, Any]], Any]:
        return lambda params: raw.execute(query, params).fetchall()

    return {
        "actor": (
            lambda hex_id: _get(proxenia, f"/api/v1/actors/{uuid.UUID(hex=hex_id)}"),
            lambda hex_id: _get(datasette, f"/{db_name}/actors/{hex_id}.json"),
            lambda hex_id: raw_sql(ACTOR_SQL)({"id": hex_id}),
        ),
        "ties": (
            lambda hex_id: _get(proxenia, f"/api/v1/actors/{uuid.UUID(hex=hex_id)}/ties"),
            lambda hex_id: sql(TIES_SQL)({"id": hex_id}),
            lambda hex_id: raw_sql(TIES_SQL)({"id": hex_id}),
        ),
        "name_prefix": (
            lambda prefix: _get(proxenia, "/api/v1/actors", {"q": prefix, "limit": 20}),
            lambda prefix: _get(datasette, f"/{db_name}/actors.json", {"name__startswith": prefix, "_size": 20}),
            lambda prefix: raw_sql(PREFIX_SQL)({"prefix": prefix}),
        ),
        "kind_counts": (
            lambda _: _get(proxenia, "/api/v1/stats"),
            lambda _: _get(datasette, f"/{db_name}/actors.json", {"_facet": "kind", "_size": 0}),
            lambda _: raw_sql(KINDS_SQL)({}),
        ),
        "profile_page": (
            lambda hex_id: _text(proxenia, f"/actors/{uuid.UUID(hex=hex_id)}"),
            lambda hex_id: _text(datasette, f"/{db_name}/actors/{hex_id}"),
            lambda hex_id: raw_sql(ACTOR_SQL)({"id": hex_id}) + raw_sql(TIES_SQL)({"id": hex_id}),
        ),
        "csv_download": (
            lambda _: _text(proxenia, "/actors.csv"),
            lambda _: _text(datasette, f"/{db_name}/actors.csv", {"_stream": "on"}),
            lambda _: _csv(raw.execute("SELECT * FROM actors ORDER BY population DESC")),
        ),
        "country_list": (
            lambda cc: _get(proxenia, "/api/v1/actors", {"country": cc, "kind": "city", "limit": 50}),
            lambda cc: _get(
                datasette,
                f"/{db_name}/actors.json",
                {"country_code": cc, "kind": "city", "_sort_desc": "population", "_size": 50},
            ),
            lambda cc: raw_sql(COUNTRY_SQL)({"cc": cc}),
        ),
    }


def check_same_ties(proxenia: httpx.Client, datasette: httpx.Client, db_name: str, ids: list[str]) -> int:
    """How many of the actors' tie counts differ between the two servers (0: they answer the same question)."""
    differ = 0
    for hex_id in ids:
        ours = _get(proxenia, f"/api/v1/actors/{uuid.UUID(hex=hex_id)}/ties")
        theirs = _get(datasette, f"/{db_name}.json", {"sql": TIES_SQL, "_shape": "array", "id": hex_id})
        differ += len(ours) != len(theirs)
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 requests per read instead of 400")
    parser.add_argument("--database", type=Path, help="an existing SQLite database loaded by `proxenia init`")
    args = parser.parse_args()
    n = 100 if args.quick else 400
    if not Path(_bin("datasette")).exists():
        raise SystemExit("Datasette is not installed: run `scripts/bootstrap bench` (the pinned `bench` extra)")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.database or Path(tmp) / "reference.db"
        if args.database is None:
            build_database(path)
        inputs = choose_inputs(path, n)
        db_name = path.stem
        p_port, d_port = _free_port(), _free_port()
        env = {**os.environ, "PROXENIA_DATABASE_URL": f"sqlite:///{path}", "PROXENIA_STATISTICS_INTERVAL_SECONDS": "0"}
        proxenia_cmd = [_bin("proxenia"), "serve", "--port", str(p_port)]
        datasette_cmd = [
            _bin("datasette"),
            "serve",
            "-i",
            str(path),
            "--port",
            str(d_port),
            "--setting",
            "sql_time_limit_ms",
            "10000",
            "--setting",
            "suggest_facets",
            "off",
        ]
        with (
            _server(proxenia_cmd, f"http://127.0.0.1:{p_port}/api/v1/stats", env),
            _server(datasette_cmd, f"http://127.0.0.1:{d_port}/{db_name}.json", env),
            httpx.Client(base_url=f"http://127.0.0.1:{p_port}", timeout=60) as proxenia,
            httpx.Client(base_url=f"http://127.0.0.1:{d_port}", timeout=60) as datasette,
            contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)) as raw,
        ):
            differ = check_same_ties(proxenia, datasette, db_name, inputs["ties"][:50])
            figures: dict[str, Any] = {"requests_per_read": n, "tie_counts_that_differ": differ}
            targets: dict[str, Any] = {}
            for name, (ours, theirs, floor) in readers(proxenia, datasette, raw, db_name).items():
                p, d = paired_latencies_ms(ours, theirs, inputs[name])
                r = latencies_ms(floor, inputs[name])
                ratio = round(p["p95_ms"] / d["p95_ms"], 3)
                figures[name] = {"proxenia": p, "datasette": d, "raw_sqlite": r, "p95_ratio": ratio}
                targets[f"{name}_p95_vs_datasette"] = {"value": ratio, "limit": RATIO_LIMIT, "better": "lower"}
                print(
                    f"{name:<13} proxenia p50 {p['p50_ms']:7.2f} p95 {p['p95_ms']:7.2f} ms | datasette p50 "
                    f"{d['p50_ms']:7.2f} p95 {d['p95_ms']:7.2f} ms | raw sqlite p95 {r['p95_ms']:6.2f} ms | "
                    f"ratio {ratio}",
                    flush=True,
                )
    emit(figures, targets)


if __name__ == "__main__":
    main()
