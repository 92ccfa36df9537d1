"""A government's portfolio: its settings (its own place, the goals it weighs, the diagnostic windows)
and its balancing scenarios (a plan, adjustments to it, and the solver's answer)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.balancing import Activity, Adjustments, BalancingInput, Capacity, GoalSpec
from proxenia.domain.records import Ownership


@dataclass(frozen=True)
class PortfolioSettings:
    tenant_id: uuid.UUID
    home_actor_id: uuid.UUID | None = None
    currency: str = "USD"
    goal_weights: dict[uuid.UUID, float] = field(default_factory=dict)
    window_days: int = 365
    dormant_years: int = 3


@dataclass(frozen=True, kw_only=True)
class Scenario(Ownership):
    id: uuid.UUID
    name: str
    plan: BalancingInput
    adjustments: Adjustments
    description: str | None = None
    base_id: uuid.UUID | None = None
    result: dict[str, Any] | None = None
    solved_at: dt.datetime | None = None


def plan_to_json(plan: BalancingInput) -> dict[str, Any]:
    return {
        "currency": plan.currency,
        "activities": [
            {**a.__dict__, "periods": list(a.periods), "contributions": dict(a.contributions)} for a in plan.activities
        ],
        "capacities": [c.__dict__ for c in plan.capacities],
        "goals": [g.__dict__ for g in plan.goals],
    }


def plan_from_json(data: dict[str, Any]) -> BalancingInput:
    return BalancingInput(
        activities=tuple(
            Activity(**{**a, "periods": tuple(a.get("periods", ())), "contributions": dict(a.get("contributions", {}))})
            for a in data.get("activities", ())
        ),
        capacities=tuple(Capacity(**c) for c in data.get("capacities", ())),
        goals=tuple(GoalSpec(**g) for g in data.get("goals", ())),
        currency=str(data.get("currency", "USD")),
    )
