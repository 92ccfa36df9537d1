"""Shared fixtures: the SPID data folder (one place to change it) and a small fitted engine."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from proxenia.analytics.diffusion import (
    AdoptionRecord,
    DiffusionEngine,
    PracticeInfo,
    read_adoptions,
    read_practices,
)
from proxenia.interop.regions import us_state_contexts

SPID_DIR = Path("/work/shared/data/spid")


@pytest.fixture(scope="session")
def spid_dir() -> Path:
    if not (SPID_DIR / "spid_adoptions.csv").exists():
        pytest.skip(f"SPID data not found in {SPID_DIR}")
    return SPID_DIR


@pytest.fixture(scope="session")
def spid(spid_dir: Path) -> tuple[list[AdoptionRecord], dict[str, PracticeInfo]]:
    return read_adoptions(spid_dir / "spid_adoptions.csv"), read_practices(spid_dir / "spid_policies.csv")


@pytest.fixture(scope="session")
def state_context():
    return us_state_contexts()


def split_policies(records: list[AdoptionRecord], n_history: int, n_held: int, seed: int = 0):
    """A random (history, held-out) split of SPID policies, sizes in policies."""
    policies = sorted({r.practice for r in records})
    order = np.random.default_rng(seed).permutation(len(policies))
    history = {policies[i] for i in order[:n_history]}
    held = {policies[i] for i in order[n_history : n_history + n_held]}
    return [r for r in records if r.practice in history], [r for r in records if r.practice in held]


@pytest.fixture(scope="session")
def small_split(spid):
    records, _ = spid
    return split_policies(records, 120, 40, seed=1)


@pytest.fixture(scope="session")
def small_engine(spid, small_split, state_context) -> DiffusionEngine:
    """An engine fitted on 120 SPID policies (a few seconds)."""
    _, practices = spid
    history, _ = small_split
    return DiffusionEngine().fit(history, practices, state_context)
