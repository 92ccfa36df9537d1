"""Plain-words labels for the factors behind a score."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .features import FEATURES
from .geography import Geography
from .timeline import ACTIVITY_WINDOW, FOLLOW_WINDOW, RHYTHM_WINDOW, Timeline


@dataclass
class CandidateDetail:
    """Facts about one candidate that the labels quote (names of adopters, counts)."""

    nearest_adopted: tuple[int, int] = (0, 0)
    followed: tuple[str, int] | None = None
    closest_peer: str | None = None
    recent_count: int = 0
    recent_average: float = 0.0
    topic: str | None = None
    year: int = 0


def candidate_details(
    timeline: Timeline,
    geography: Geography,
    adopters: np.ndarray,
    candidates: np.ndarray,
    year: int,
    topic: str | None,
) -> list[CandidateDetail]:
    names = timeline.panel.governments
    mask = np.zeros(timeline.panel.n_governments)
    mask[adopters] = 1.0
    recent = timeline.adoptions_between(year - ACTIVITY_WINDOW, year)
    average = float(recent.mean()) if len(recent) else 0.0
    details = []
    diag = np.sqrt(np.maximum(np.diagonal(timeline.co).astype(float), 0))
    for c in candidates:
        d = CandidateDetail(recent_count=int(recent[c]), recent_average=average, topic=topic, year=year)
        if geography.has_context[c]:
            d.nearest_adopted = geography.nearest_adopted(mask, int(c))
        if len(adopters):
            follows = timeline.follow[adopters, c]
            best = int(np.argmax(follows))
            if follows[best] > 0:
                d.followed = (names[adopters[best]], int(follows[best]))
            co = timeline.co[adopters, c].astype(float)
            denom = diag[adopters] * diag[c]
            sims = np.where(denom > 0, co / np.where(denom > 0, denom, 1), 0.0)
            if sims.max() > 0:
                d.closest_peer = names[adopters[int(np.argmax(sims))]]
        details.append(d)
    return details


def _people(n: float) -> str:
    if n >= 1e6:
        return f"{n / 1e6:.1f} million"
    if n >= 1e3:
        return f"{n / 1e3:.0f} thousand"
    return f"{n:.0f}"


def label(feature: str, value: float, detail: CandidateDetail) -> str:
    """One sentence about a feature's value for a candidate."""
    if not math.isfinite(value):
        missing = {
            "neighbours": "no location known: neighbours not counted",
            "proximity": "no location known: nearby adopters not counted",
            "population": "population unknown",
            "population_similarity": "population not comparable with the adopters",
        }
        return missing.get(feature, "not enough history to measure this yet")
    pct = round(100 * value)
    if feature == "neighbours":
        k, n = detail.nearest_adopted
        return f"{k} of its {n} nearest neighbours adopted"
    if feature == "proximity":
        return f"{pct}% of the governments around it (weighted by distance) adopted"
    if feature == "innovativeness":
        return f"usually adopts new practices ahead of about {pct}% of governments"
    if feature == "topic_innovativeness":
        topic = f"on {detail.topic}" if detail.topic else "on practices of this topic"
        return f"{topic}, adopts ahead of about {pct}% of governments"
    if feature == "adoption_rate":
        return f"adopted {pct}% of the practices in circulation"
    if feature == "recent_activity":
        return (
            f"adopted {detail.recent_count} practices in the last {ACTIVITY_WINDOW} years "
            f"(average {detail.recent_average:.1f})"
        )
    if feature == "peer_similarity":
        peer = f"; closest adopter by record: {detail.closest_peer}" if detail.closest_peer else ""
        return f"{pct}% of the governments with the most similar adoption record adopted{peer}"
    if feature == "topic_adoption_rate":
        topic = f"on {detail.topic}" if detail.topic else "of this topic"
        return f"adopted {pct}% of the practices {topic} in circulation"
    if feature == "topic_related":
        topic = f"on {detail.topic}" if detail.topic else "of this topic"
        return f"adopted {pct}% of the related practices {topic}"
    if feature == "related_practices":
        return f"adopted {pct}% of the practices whose adopters overlap with this one's"
    if feature == "close_practices":
        return f"adopted {pct}% of the practices most closely related to this one"
    if feature == "pathway":
        if detail.followed:
            name, count = detail.followed
            times = "policy" if count == 1 else "policies"
            return f"followed {name} within {FOLLOW_WINDOW} years on {count} earlier {times}"
        return "has not followed the current adopters on earlier practices"
    if feature == "population":
        return f"population about {_people(math.exp(value))}"
    if feature == "population_similarity":
        return f"its population is within a factor of {math.exp(-value):.1f} of the adopters' (typical gap)"
    if feature == "session_rhythm":
        parity = "odd" if detail.year % 2 else "even"
        return f"{pct}% of its adoptions in the last {RHYTHM_WINDOW} years came in {parity} years like {detail.year}"
    if feature in FEATURES:
        return f"{feature.replace('_', ' ')}: {value:.3g}"
    raise KeyError(feature)
