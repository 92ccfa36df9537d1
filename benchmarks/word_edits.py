"""Word index benchmark: the first full-text recommendation after an edit, over 100,000 practices.

The same library as ``engine.py`` (SQLite); the word index is built, warmed with 40 recommendations, then
each round edits one practice's summary and times the next recommendation (which brings the index up to
date first), then edits it again and times the index's refresh alone.

    python benchmarks/word_edits.py            # 100,000 practices, 50,000 governments, 30 edits
    python benchmarks/word_edits.py --quick    # 10,000 practices, 5,000 governments
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, latencies_ms, timed
from engine import AREAS, _text, populate, say

from proxenia.config import Settings
from proxenia.domain.recommendations import Challenge
from proxenia.domain.viewer import Viewer
from proxenia.services.container import build_services


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small scale, for a fast check")
    parser.add_argument("--edits", type=int, default=30, help="edits timed")
    args = parser.parse_args(argv)
    n_practices, n_governments = (10_000, 5_000) if args.quick else (100_000, 50_000)
    rng = random.Random(0)
    figures: dict[str, object] = {"scale": "quick" if args.quick else "full"}
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/words.db", data_dir=Path(folder), semantic_search=False)
        services = build_services(settings)
        try:
            services.setup.migrate()
            say(f"writing {n_governments:,} governments and {n_practices:,} practices…")
            governments = populate(services, n_practices, n_governments, n_practices * 2, rng)
            anyone, system = Viewer.anonymous(), Viewer.system("benchmark")
            challenges = [
                Challenge(text=_text(rng, 3), policy_areas=(rng.choice(AREAS),), actor_id=rng.choice(governments))
                for _ in range(40)
            ]
            services.db.refresh_statistics()
            seconds, _ = timed(services.word_index.refresh)
            figures["word_index_build_seconds"] = round(seconds, 2)
            figures["fulltext_recommend"] = latencies_ms(
                lambda c: services.recommendations.recommend(anyone, c, limit=10), challenges
            )
            say(f"{args.edits} edits, each followed by a recommendation…")
            edited = [i for i, _ in services.word_index.best(system, "flood heat water", args.edits)]
            after_edit, refresh = [], []
            for round_, practice_id in enumerate(edited):
                practice = services.practices.detail(system, practice_id).practice
                services.practices.update(
                    system, practice_id, None, {"summary": practice.summary + f" heatwave {round_}"}
                )
                challenge = challenges[round_ % len(challenges)]
                seconds, _ = timed(lambda c=challenge: services.recommendations.recommend(anyone, c, limit=10))
                after_edit.append(1000 * seconds)
                services.practices.update(system, practice_id, None, {"summary": practice.summary + " shelters"})
                start = time.perf_counter()
                services.word_index.refresh()
                refresh.append(1000 * (time.perf_counter() - start))
            figures["fulltext_recommend_after_an_edit_ms"] = {
                "first": round(after_edit[0], 1),
                "p50": round(statistics.median(after_edit), 1),
                "max": round(max(after_edit), 1),
                "n": len(after_edit),
            }
            figures["word_index_refresh_after_an_edit_ms"] = {
                "p50": round(statistics.median(refresh), 2),
                "max": round(max(refresh), 2),
            }
        finally:
            services.close()
    emit(figures, {})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
