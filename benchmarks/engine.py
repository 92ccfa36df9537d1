"""Engine benchmark: recommending over a large practice library, and training on a large adoption history.

1. Recommend over 100,000 practices and 50,000 governments (SQLite, the product's own store):
   - full-text path: ``RecommendationService.recommend`` for a government and a challenge (p95 ≤ 100 ms);
   - semantic path: ``PracticeSearchService.search(ranking="semantic")`` over precomputed embeddings
     (p95 ≤ 150 ms), beside the brute-force limit of one numpy matrix product over the same vectors.
     The vectors come from the product's ``HashingEmbedder`` (dimension 384: hashed words, no language
     model), because embedding 100,000 texts with all-MiniLM-L6-v2 on a CPU takes far longer than
     the benchmark; the ranking work per query is the same for any 384-dimensional vectors.
   - next adopters of a practice (whom to share it with) without a trained model: the text-match
     ranking over every active government (the first query reads every adopter's activity).
   The word index's build, the first recommendation after an edit, and next adopters right after a tie
   is written (a write of another kind: the activity stays kept) are timed too.
2. Train the diffusion engine on 1,000,000 synthetic adoptions (2,000 governments, 20,000 practices
   spreading with early adopters, neighbours and leaders): seconds (≤ 600) and peak memory (≤ 4,096 MB,
   the process's maximum resident set, measured right after training). Then the engine's own query: rank
   every government for a practice, with explanations (p95).

    python benchmarks/engine.py            # full scale
    python benchmarks/engine.py --quick    # 10,000 practices, 5,000 governments, 100,000 adoptions
    python benchmarks/engine.py --skip-training   # the recommendations only
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import uuid
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, latencies_ms, peak_memory_mb, timed

from proxenia.analytics.diffusion import AdoptionRecord, DiffusionEngine, GovernmentContext, PracticeInfo
from proxenia.analytics.embedders import HashingEmbedder
from proxenia.config import Settings
from proxenia.domain.actors import ActorDraft
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.paging import PageRequest
from proxenia.domain.practices import ContextSnapshot, PracticeDraft, PracticeFilter, PracticeStatus
from proxenia.domain.recommendations import Challenge
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services, build_services
from proxenia.services.practices import PracticeSearchService
from proxenia.store.actors import ActorRepository
from proxenia.store.adoptions import AdoptionRepository
from proxenia.store.practice_queries import PracticeQuery
from proxenia.store.practices import PracticeRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository

WORDS = [
    "testing",
    "vaccination",
    "clinic",
    "hospital",
    "emergency",
    "heat",
    "flood",
    "drought",
    "housing",
    "rent",
    "shelter",
    "transit",
    "bus",
    "rail",
    "bicycle",
    "parking",
    "emissions",
    "solar",
    "wind",
    "energy",
    "retrofit",
    "building",
    "waste",
    "recycling",
    "compost",
    "water",
    "sewer",
    "stormwater",
    "tree",
    "park",
    "school",
    "library",
    "youth",
    "elderly",
    "migrant",
    "refugee",
    "language",
    "job",
    "training",
    "business",
    "startup",
    "tourism",
    "festival",
    "museum",
    "culture",
    "police",
    "violence",
    "resilience",
    "cyber",
    "data",
    "open",
    "digital",
    "broadband",
    "procurement",
    "budget",
    "participation",
    "council",
    "mayor",
    "sister",
    "city",
    "exchange",
    "trade",
    "port",
    "airport",
    "food",
    "market",
    "garden",
    "nutrition",
    "health",
    "mental",
    "addiction",
    "homeless",
    "zoning",
    "density",
    "affordable",
    "loan",
    "grant",
    "tax",
    "levy",
    "fee",
]
AREAS = ("public_health", "climate_mitigation", "climate_adaptation", "housing", "mobility", "digital", "governance")
BATCH = 5000


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def populate(
    services: Services, n_practices: int, n_governments: int, n_adoptions: int, rng: random.Random
) -> list[uuid.UUID]:
    """Governments (cities with places and sizes), public published practices, adoptions among them."""
    system = Viewer.system("benchmark")
    governments = []
    with services.db.begin() as conn:
        TenantRepository(conn).ensure_reference()
        PracticeRepository(conn).known_areas()  # the policy-area vocabulary the practices refer to
        actors = ActorRepository(conn)
        for start in range(0, n_governments, BATCH):
            drafts = [
                ActorDraft(
                    kind=ActorKind.CITY,
                    name=f"City {i}",
                    country_code="US",
                    id=uuid.UUID(int=rng.getrandbits(128)),
                    latitude=rng.uniform(25, 49),
                    longitude=rng.uniform(-124, -67),
                    population=int(10 ** rng.uniform(4, 7)),
                    visibility=Visibility.PUBLIC,
                )
                for i in range(start, min(start + BATCH, n_governments))
            ]
            actors.create_many(system, drafts, tenant_id=REFERENCE_TENANT_ID, summary="benchmark")
            governments += [d.id for d in drafts if d.id]
    practices: list[uuid.UUID] = []
    for start in range(0, n_practices, BATCH):
        with services.db.begin() as conn:
            drafts = [
                (
                    PracticeDraft(
                        title=_text(rng, 5).capitalize(),
                        summary=_text(rng, 25),
                        problem=_text(rng, 10),
                        policy_areas=(rng.choice(AREAS),),
                        originator_id=rng.choice(governments),
                        start_date=str(rng.randint(1990, 2020)),
                        visibility=Visibility.PUBLIC,
                        status=PracticeStatus.PUBLISHED,
                    ),
                    ContextSnapshot(),
                )
                for _ in range(start, min(start + BATCH, n_practices))
            ]
            practices += PracticeRepository(conn).create_many(
                system, drafts, tenant_id=REFERENCE_TENANT_ID, summary="benchmark"
            )
    pairs = {(rng.randrange(n_practices), rng.randrange(n_governments)) for _ in range(n_adoptions)}
    rows = [
        {
            "id": uuid.UUID(int=rng.getrandbits(128)),
            "tenant_id": REFERENCE_TENANT_ID,
            "visibility": "public",
            "practice_id": practices[p],
            "adopter_id": governments[g],
            "learned_from_id": None,
            "date": str(rng.randint(1990, 2024)),
            "status": "adopted",
            "adaptations": "",
            "outcome": "",
            "stakeholders": [],
            "source_ref": None,
        }
        for p, g in pairs
    ]
    for start in range(0, len(rows), BATCH):
        with services.db.begin() as conn:
            AdoptionRepository(conn).create_many(system, rows[start : start + BATCH], summary="benchmark")
    return governments


def synthetic_history(
    n_adoptions: int, n_governments: int, rng: np.random.Generator
) -> tuple[list[AdoptionRecord], dict[str, PracticeInfo], dict[str, GovernmentContext]]:
    """Practices spread among governments: innovative ones and the neighbours of adopters adopt earlier."""
    lat, lon = rng.uniform(25, 49, n_governments), rng.uniform(-124, -67, n_governments)
    innovation = rng.normal(0, 1, n_governments)
    names = [f"g{i}" for i in range(n_governments)]
    contexts = {
        n: GovernmentContext(n, float(lat[i]), float(lon[i]), float(10 ** rng.uniform(4, 7)))
        for i, n in enumerate(names)
    }
    records: list[AdoptionRecord] = []
    practices: dict[str, PracticeInfo] = {}
    q = 0
    while len(records) < n_adoptions:
        size = int(min(max(rng.poisson(50), 5), n_governments - 1, n_adoptions - len(records)))
        if size < 1:
            break
        name = f"p{q}"
        practices[name] = PracticeInfo(name, "", f"topic{q % 20}")
        seed = int(rng.integers(n_governments))
        distance = np.hypot(lat - lat[seed], lon - lon[seed])
        urge = innovation - distance / 10 + rng.gumbel(0, 1, n_governments)
        order = np.argsort(-urge)[:size]
        first = int(rng.integers(1950, 2010))
        years = first + np.sort(rng.integers(0, 15, size))
        records.extend(AdoptionRecord(names[g], name, int(y)) for g, y in zip(order, years, strict=True))
        q += 1
    return records, practices, contexts


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small scale, for a fast check")
    parser.add_argument("--skip-training", action="store_true", help="measure the recommendations only")
    args = parser.parse_args(argv)
    n_practices, n_governments, n_adoptions = (10_000, 5_000, 100_000) if args.quick else (100_000, 50_000, 1_000_000)
    train_governments = 500 if args.quick else 2_000
    rng = random.Random(0)
    figures: dict[str, object] = {"scale": "quick" if args.quick else "full"}

    # --- training on synthetic adoptions (first, so the peak memory is the training's) ---------------------
    if not args.skip_training:
        records, infos, contexts = synthetic_history(n_adoptions, train_governments, np.random.default_rng(0))
        say(f"training on {len(records):,} synthetic adoptions…")
        seconds, engine = timed(lambda: DiffusionEngine().fit(records, infos, contexts))
        figures.update(
            train_adoptions=len(records),
            train_practices=len(infos),
            train_governments=train_governments,
            train_seconds=round(seconds, 1),
            train_peak_memory_mb=peak_memory_mb(),
        )
        latest = max(r.year for r in records) + 1
        sample = random.Random(1).sample(sorted(infos), 8 if args.quick else 5)  # each looks back over all
        by_practice: dict[str, dict[str, int]] = {}
        for r in records:
            by_practice.setdefault(r.practice, {})[r.government] = r.year
        everyone = sorted(contexts)
        say(f"trained in {seconds:.1f}s; ranking every government for {len(sample)} practices…")
        figures["engine_rank_all_governments"] = latencies_ms(
            lambda p: engine.rank(p, infos[p].topic, by_practice[p], everyone, latest), sample, warmup=1
        )

    # --- recommending over a large library --------------------------------------------------------------
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/engine.db", data_dir=Path(folder), semantic_search=False)
        services = build_services(settings)
        try:
            services.setup.migrate()
            say(f"writing {n_governments:,} governments and {n_practices:,} practices…")
            seconds, governments = timed(lambda: populate(services, n_practices, n_governments, n_practices * 2, rng))
            figures.update(practices=n_practices, governments=n_governments, populate_seconds=round(seconds, 1))
            anyone = Viewer.anonymous()
            system = Viewer.system("benchmark")
            challenges = [
                Challenge(text=_text(rng, 3), policy_areas=(rng.choice(AREAS),), actor_id=rng.choice(governments))
                for _ in range(40)
            ]
            services.db.refresh_statistics()  # as a server does at start (the planner's statistics)
            say("building the word index of the practices…")
            seconds, _ = timed(services.word_index.refresh)
            figures["word_index_build_seconds"] = round(seconds, 2)
            say("full-text recommendations…")
            fulltext = latencies_ms(lambda c: services.recommendations.recommend(anyone, c, limit=10), challenges)
            figures["fulltext_recommend"] = fulltext
            shared = [i for i, _ in services.word_index.best(system, "flood heat", 20)]
            say("next adopters (whom to share a practice with) among 50,000 governments…")
            seconds, _ = timed(lambda: services.recommendations.next_adopters(anyone, shared[0], limit=10))
            figures["next_adopters_first_ms"] = round(1000 * seconds, 1)  # reads every adopter's activity
            figures["next_adopters"] = latencies_ms(
                lambda p: services.recommendations.next_adopters(anyone, p, limit=10), shared
            )
            # a write of another kind (a tie) leaves the adopters' activity kept: no second full read
            services.edits.create_tie(system, TieDraft(type_code="sister_city", source_id=governments[0],
                                                       target_id=governments[1], visibility=Visibility.PUBLIC))
            seconds, _ = timed(lambda: services.recommendations.next_adopters(anyone, shared[1], limit=10))
            figures["next_adopters_after_a_tie_ms"] = round(1000 * seconds, 1)
            edited = services.practices.detail(system, services.word_index.best(system, "flood", 1)[0][0]).practice
            services.practices.update(system, edited.id, None, {"summary": edited.summary + " heatwave shelters"})
            seconds, _ = timed(lambda: services.recommendations.recommend(anyone, challenges[0], limit=10))
            figures["fulltext_recommend_after_an_edit_ms"] = round(1000 * seconds, 1)

            embedder = HashingEmbedder(384)
            search = PracticeSearchService(services.db, embedder)
            say("embedding the practices…")
            seconds, _ = timed(lambda: search.refresh_embeddings())
            figures["embedding"] = f"HashingEmbedder(384), not all-MiniLM-L6-v2 (too slow for {n_practices:,} texts)"
            figures["embed_seconds"] = round(seconds, 1)
            queries = [_text(rng, 3) for _ in range(40)]
            semantic = latencies_ms(
                lambda text: search.search(
                    anyone, PracticeFilter(query=text), PageRequest(limit=10), ranking="semantic"
                ),
                queries,
            )
            figures["semantic_search"] = semantic
            with services.db.read() as conn:
                queries_store = PracticeQuery(conn)
                stored = queries_store.vectors(anyone, embedder.model, queries_store.ids(anyone, PracticeFilter()))
            matrix = np.vstack([embedder.from_bytes(v) for v in stored.values()])
            vectors = embedder.embed(queries)

            def brute(i: int) -> np.ndarray:
                scores = matrix @ vectors[i]
                return np.argpartition(-scores, 10)[:10]

            figures["brute_force_matrix_product"] = latencies_ms(brute, list(range(len(queries))))
        finally:
            services.close()

    targets = {
        "fulltext_recommend_p95_ms": {"value": fulltext["p95_ms"], "limit": 100, "better": "lower"},
        "semantic_search_p95_ms": {"value": semantic["p95_ms"], "limit": 150, "better": "lower"},
    }
    if not args.skip_training:
        targets["train_seconds"] = {"value": figures["train_seconds"], "limit": 600, "better": "lower"}
        targets["train_peak_memory_mb"] = {"value": figures["train_peak_memory_mb"], "limit": 4096, "better": "lower"}
    emit(figures, targets)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
