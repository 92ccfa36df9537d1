"""Candidate features for one practice at one cutoff year, from a Timeline (the past only).

Every feature of a candidate is computed from adoptions dated before the cutoff, with the practice
being predicted left out of the profile statistics (its own adopters enter only as "who has
adopted so far"). A value that cannot be computed (no geographic context, no history yet) is NaN;
the model replaces it with the training mean, i.e. a neutral value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .geography import Geography
from .peers import PeerBases, dense_peer_share, peer_share
from .timeline import ACTIVITY_WINDOW, RHYTHM_WINDOW, Timeline

FEATURES: tuple[str, ...] = (
    "neighbours",
    "proximity",
    "innovativeness",
    "topic_innovativeness",
    "adoption_rate",
    "recent_activity",
    "peer_similarity",
    "related_practices",
    "close_practices",
    "pathway",
    "population",
    "population_similarity",
    "session_rhythm",
    "topic_adoption_rate",
    "topic_related",
)

DESCRIPTIONS: dict[str, str] = {
    "neighbours": "share of the 5 geographically nearest governments that adopted",
    "proximity": "distance-weighted share of adopters around the government",
    "innovativeness": "how early it adopts practices in general (rank percentile)",
    "topic_innovativeness": "how early it adopts practices of the same topic",
    "adoption_rate": "share of practices in circulation it has adopted",
    "recent_activity": "practices adopted in the last 5 years, relative to the average government",
    "peer_similarity": "share of its closest peers by adoption record that adopted this practice",
    "related_practices": "share of related practices it adopted (practices whose adopters overlap)",
    "close_practices": "share of the most closely related practices it adopted",
    "pathway": "how often it followed the current adopters within 5 years on earlier practices",
    "population": "log population",
    "population_similarity": "closeness in population to the adopters (minus mean log gap)",
    "session_rhythm": "share of its recent adoptions made in years of the same parity (odd/even)",
    "topic_adoption_rate": "share of the practices of the same topic in circulation it has adopted",
    "topic_related": "share of the related practices of the same topic it adopted",
}

CLOSE_SHARPNESS = 4.0


@dataclass
class EventFeatures:
    """Features of the candidates of one (practice, cutoff) query, plus its stage."""

    values: np.ndarray  # candidates x len(FEATURES), NaN = unknown
    n_adopters: int
    elapsed: int  # years since the first adoption (at least 1)
    momentum: int  # adoptions in the last 2 years
    n_candidates: int


def _safe_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def event_features(
    timeline: Timeline,
    geography: Geography,
    practice: int | None,
    bucket: int | None,
    adopters: np.ndarray,
    adopter_years: np.ndarray,
    candidates: np.ndarray,
    year: int,
    peers: PeerBases | None = None,
) -> EventFeatures:
    """Feature matrix for ``candidates`` (government indices) when ``adopters`` have adopted before ``year``.

    ``practice`` is the practice's index in the timeline's panel (``None`` if the history has never
    seen it) and ``bucket`` its topic bucket (``None`` if unknown). The timeline must be at ``year``.

    With ``peers`` (for ranking every government), peer similarity and related practices are computed from
    per-cutoff bases cached in it and from the practices' own adoptions, in time proportional to the
    candidates times the adopters; they equal the dense computation over candidates x governments and
    candidates x practices, used without it (few candidates, as in training), up to rounding (~1e-15).
    """
    if timeline.cutoff != year:
        raise ValueError(f"timeline is at {timeline.cutoff}, not {year}")
    n_gov = timeline.panel.n_governments
    s_mask = np.zeros(n_gov, dtype=float)
    s_mask[adopters] = 1.0
    c = candidates
    out = np.full((len(c), len(FEATURES)), np.nan)
    col = {name: i for i, name in enumerate(FEATURES)}

    out[:, col["neighbours"]] = geography.nearest_share(s_mask, c)
    out[:, col["proximity"]] = geography.kernel_share(s_mask, c)

    innov = timeline.innovativeness(exclude=practice)
    if innov is not None:
        out[:, col["innovativeness"]] = innov[c]
        topical = timeline.innovativeness(exclude=practice, bucket=bucket) if bucket is not None else None
        out[:, col["topic_innovativeness"]] = (topical if topical is not None else innov)[c]
    out[:, col["adoption_rate"]] = timeline.adoption_rate(exclude=practice)[c]
    if bucket is not None:
        out[:, col["topic_adoption_rate"]] = timeline.adoption_rate(exclude=practice, bucket=bucket)[c]

    none = np.zeros(0, dtype=np.int64)
    own_govs, own_years = timeline.practice_adopters(practice) if practice is not None else (none, none)
    recent = timeline.adoptions_between(year - ACTIVITY_WINDOW, year)
    if practice is not None:
        inside = own_govs[own_years >= year - ACTIVITY_WINDOW]
        recent[inside] -= 1
    out[:, col["recent_activity"]] = recent[c] / (recent.mean() + 1.0)

    same = timeline.adoptions_between(year - RHYTHM_WINDOW, year, parity=year % 2)
    every = timeline.adoptions_between(year - RHYTHM_WINDOW, year)
    out[:, col["session_rhythm"]] = (same[c] + 1.0) / (every[c] + 2.0)

    # Peers: cosine similarity of adoption records (practice left out), sharpened.
    if peers is not None:
        share = peer_share(timeline.co, peers.at(timeline), own_govs, c, adopters)
    else:
        share = dense_peer_share(timeline.co, own_govs, c, adopters)
    out[:, col["peer_similarity"]] = share

    # Related practices: overlap of each practice's adopters with the current adopters.
    if len(adopters):
        overlap = timeline.adopted[adopters].sum(0).astype(float)
        size = timeline.n_adopters.astype(float).copy()
        if practice is not None:
            overlap[practice] = 0.0
            size[practice] = 0.0
        sim = _safe_ratio(overlap, np.sqrt(size * len(adopters)))
        sim = np.nan_to_num(sim, nan=0.0)
        # Only practices that overlap enter the sums, so practices without past adopters (however the
        # future looks) cannot even change the rounding.
        live = np.flatnonzero(sim > 0)
        related = {"related_practices": sim[live], "close_practices": sim[live] ** CLOSE_SHARPNESS}
        if bucket is not None:  # the same, over related practices of the practice's own topic
            related["topic_related"] = sim[live] * (timeline.bucket[live] == bucket)
        if peers is not None:
            sums = timeline.adopted_sums(live, np.stack(list(related.values()), axis=1))[c].T
        else:
            cand_adopted = timeline.adopted[np.ix_(c, live)].astype(float)
            sums = np.array([cand_adopted @ w for w in related.values()])
        for k, (name, w) in enumerate(related.items()):
            total = float(w.sum())
            if total > 0:
                out[:, col[name]] = sums[k] / total

        # Pathway: how often each candidate followed each adopter within the window.
        follows = timeline.follow[np.ix_(adopters, c)].astype(float)
        if practice is not None:
            follows -= _own_follows(timeline, practice, adopters, c)
        n_adopted = np.diagonal(timeline.co)[adopters].astype(float)  # practices each adopted, this one left out
        if practice is not None:
            n_adopted = n_adopted - timeline.adopted[adopters, practice]
        out[:, col["pathway"]] = (follows / (n_adopted[:, None] + 1.0)).mean(0)

    out[:, col["population"]] = geography.log_population[c]
    lp_s = geography.log_population[adopters]
    lp_s = lp_s[np.isfinite(lp_s)]
    if len(lp_s):
        out[:, col["population_similarity"]] = -np.abs(geography.log_population[c][:, None] - lp_s[None, :]).mean(1)

    first = int(adopter_years.min()) if len(adopter_years) else year - 1
    return EventFeatures(
        values=out,
        n_adopters=len(adopters),
        elapsed=max(year - first, 1),
        momentum=int((adopter_years >= year - 2).sum()),
        n_candidates=len(c),
    )


def _own_follows(timeline: Timeline, practice: int, leaders: np.ndarray, followers: np.ndarray) -> np.ndarray:
    """The practice's own share of the follow counts (zero unless a candidate adopted it in the history)."""
    result = np.zeros((len(leaders), len(followers)))
    if not timeline.adopted[followers, practice].any():
        return result
    years = np.full(timeline.panel.n_governments, np.nan)
    govs, yrs = timeline.practice_adopters(practice)
    years[govs] = yrs
    gap = years[followers][None, :] - years[leaders][:, None]
    return np.nan_to_num((gap >= 1) & (gap <= timeline.follow_window), nan=0.0).astype(float)
