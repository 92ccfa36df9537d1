"""K-fold cross-validation of the diffusion engine over SPID policies.

In each fold the fold's policies are held out (A) and the others are the training history (H);
``evaluate`` is run exactly as on the real hold-out. Prints per-fold and pooled metrics (pooled =
mean over all events of all folds), then the pooled result as JSON.

    python scripts/engine_cv.py [--data DIR] [--folds 5] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from proxenia.analytics.diffusion import evaluate_detailed, practice_bootstrap, read_adoptions, read_practices
from proxenia.analytics.diffusion.evaluation import EvaluationResult
from proxenia.interop.regions import us_state_contexts

DEFAULT_DATA = Path("/work/shared/data/spid")


def fmt(m: dict[str, float]) -> str:
    return f"AUC {m['auc']:.3f}  hit@5 {m['hit5']:.3f}  MRR {m['mrr']:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder with spid_adoptions.csv, spid_policies.csv"
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0, help="seed of the random split of policies into folds")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    adoptions = read_adoptions(args.data / "spid_adoptions.csv")
    practices = read_practices(args.data / "spid_policies.csv")
    context = us_state_contexts()
    policies = sorted({r.practice for r in adoptions})
    fold_of = dict(zip(policies, np.random.default_rng(args.seed).permutation(len(policies)) % args.folds, strict=True))

    pooled = EvaluationResult(events=[], scores={})
    for k in range(args.folds):
        t0 = time.perf_counter()
        held = [r for r in adoptions if fold_of[r.practice] == k]
        history = [r for r in adoptions if fold_of[r.practice] != k]
        result = evaluate_detailed(held, practices, history, context)
        summary = result.summary()
        pooled.events.extend(result.events)
        for name, rows in result.scores.items():
            pooled.scores.setdefault(name, []).extend(rows)
        print(f"fold {k + 1}/{args.folds}: {summary['events']} events, {time.perf_counter() - t0:.1f}s")
        print(f"  engine          {fmt(summary['engine'])}")
        for name, m in summary["baselines"].items():
            print(f"  {name:<15} {fmt(m)}")
        sys.stdout.flush()

    final = pooled.summary()
    print(f"pooled over {final['events']} events ({time.perf_counter() - started:.1f}s total):")
    print(f"  engine          {fmt(final['engine'])}")
    for name, m in final["baselines"].items():
        print(f"  {name:<15} {fmt(m)}")
    bounds = practice_bootstrap(pooled)
    print(f"95% intervals over the {bounds['practices']} practices (bootstrap, events of a practice together):")
    for name, spans in [("engine", bounds["engine"]), *bounds["baselines"].items()]:
        print(f"  {name:<15} " + "  ".join(f"{m} {lo:.3f}-{hi:.3f}" for m, (lo, hi) in spans.items()))
    for name, lead in bounds["engine_minus"].items():
        print(f"  engine - {name:<6} " + "  ".join(f"{m} {lo:+.3f}..{hi:+.3f}" for m, (lo, hi) in lead.items()))
    print(json.dumps(final, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
