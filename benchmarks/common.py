"""Shared helpers for the benchmarks: timing, percentiles, peak memory, the JSON last line."""

from __future__ import annotations

import json
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any


def percentile(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def latencies_ms(fn: Callable[[Any], Any], inputs: list[Any], warmup: int = 3) -> dict[str, float]:
    for item in inputs[:warmup]:
        fn(item)
    samples = []
    for item in inputs:
        start = time.perf_counter()
        fn(item)
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "p50_ms": round(percentile(samples, 50), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
        "n": len(samples),
    }


def summary_ms(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(samples, 50), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
        "n": len(samples),
    }


def paired_latencies_ms(
    a: Callable[[Any], Any], b: Callable[[Any], Any], inputs: list[Any], warmup: int = 3
) -> tuple[dict[str, float], dict[str, float]]:
    """Latencies of ``a`` and ``b`` on the same inputs, interleaved (and taking turns going first) so that
    neither gains from a cache the other warmed or loses to a noisy neighbour the other missed."""
    for item in inputs[:warmup]:
        a(item)
        b(item)
    samples: tuple[list[float], list[float]] = ([], [])
    for i, item in enumerate(inputs):
        order = ((0, a), (1, b)) if i % 2 == 0 else ((1, b), (0, a))
        for slot, fn in order:
            start = time.perf_counter()
            fn(item)
            samples[slot].append((time.perf_counter() - start) * 1000)
    return summary_ms(samples[0]), summary_ms(samples[1])


def peak_memory_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def emit(figures: dict[str, Any], targets: dict[str, dict[str, Any]]) -> None:
    """Print the figures readably, then the one-line JSON summary as the last line."""
    for key, value in figures.items():
        print(f"{key}: {value}")
    for name, target in targets.items():
        ok = target["value"] <= target["limit"] if target["better"] == "lower" else target["value"] >= target["limit"]
        print(
            f"target {name}: {target['value']} ({target['better']} is better, limit {target['limit']}) "
            f"{'MET' if ok else 'MISSED'}"
        )
    print(json.dumps({"figures": figures, "targets": targets}))
