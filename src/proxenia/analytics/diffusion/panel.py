"""Adoption records indexed by integers: the compact form every computation works on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .types import AdoptionRecord, PracticeInfo


@dataclass
class AdoptionPanel:
    """Governments, practices and first-adoption years as parallel integer arrays.

    ``gov``, ``prac`` and ``year`` are sorted by (year, practice, government); each (government,
    practice) pair appears once, with its earliest year. ``topic`` gives each practice a topic code
    (``-1`` when unknown). ``by_practice`` orders rows by (practice, year) and ``starts`` gives each
    practice's slice of it.
    """

    governments: list[str]
    practices: list[str]
    topics: list[str]
    topic: np.ndarray
    gov: np.ndarray
    prac: np.ndarray
    year: np.ndarray
    by_practice: np.ndarray
    starts: np.ndarray

    @property
    def n_governments(self) -> int:
        return len(self.governments)

    @property
    def n_practices(self) -> int:
        return len(self.practices)

    def government_index(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.governments)}

    def practice_index(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.practices)}

    def adopters(self, practice: int) -> tuple[np.ndarray, np.ndarray]:
        """(government indices, years) of one practice's adopters, earliest first."""
        rows = self.by_practice[self.starts[practice] : self.starts[practice + 1]]
        return self.gov[rows], self.year[rows]

    def year_matrix(self) -> np.ndarray:
        """Dense government x practice matrix of adoption years (``inf`` = never). For small panels."""
        matrix = np.full((self.n_governments, self.n_practices), np.inf)
        matrix[self.gov, self.prac] = self.year
        return matrix


def build_panel(
    records: Iterable[AdoptionRecord],
    practices: Mapping[str, PracticeInfo] | None = None,
    extra_governments: Sequence[str] = (),
    extra_practices: Sequence[str] = (),
    topic_names: Sequence[str] = (),
) -> AdoptionPanel:
    """Index records. Governments and practices are sorted by name, so the same input gives the same panel.

    ``topic_names`` fixes the first topic codes (so a fitted model and a new panel agree); topics
    met in ``practices`` but not listed are appended in sorted order.
    """
    first: dict[tuple[str, str], int] = {}
    for r in records:
        key = (r.government, r.practice)
        y = int(r.year)
        if key not in first or y < first[key]:
            first[key] = y
    governments = sorted({g for g, _ in first} | set(extra_governments))
    practice_names = sorted({p for _, p in first} | set(extra_practices))
    g_index = {g: i for i, g in enumerate(governments)}
    p_index = {p: i for i, p in enumerate(practice_names)}
    practices = practices or {}
    topics = list(topic_names)
    known = set(topics)
    for name in sorted({info.topic for info in practices.values() if info.topic} - known):
        topics.append(name)
    t_index = {t: i for i, t in enumerate(topics)}
    topic = np.full(len(practice_names), -1, dtype=np.int32)
    for name, i in p_index.items():
        info = practices.get(name)
        if info is not None and info.topic:
            topic[i] = t_index[info.topic]
    n = len(first)
    gov = np.fromiter((g_index[g] for g, _ in first), dtype=np.int32, count=n)
    prac = np.fromiter((p_index[p] for _, p in first), dtype=np.int32, count=n)
    year = np.fromiter(first.values(), dtype=np.int32, count=n)
    order = np.lexsort((gov, prac, year))
    gov, prac, year = gov[order], prac[order], year[order]
    by_practice = np.lexsort((gov, year, prac))
    starts = np.searchsorted(prac[by_practice], np.arange(len(practice_names) + 1))
    return AdoptionPanel(governments, practice_names, topics, topic, gov, prac, year, by_practice, starts)
