"""A government's portfolio: its settings (its own place, the goals it weighs, the diagnostic windows)
and its balancing scenarios (a plan, adjustments to it, and the solver's answer)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.balancing import (
    Activity,
    ActivityLevel,
    Adjustments,
    BalancingInput,
    BalancingResult,
    Capacity,
    CapacityUse,
    ConstraintConflict,
    GoalCoverage,
    GoalSpec,
)
from proxenia.domain.records import Ownership

SCENARIO_TEXT_LIMITS = {"name": 300, "description": 5000}
#: A priority a variant adds to its plan: its key and its label.
NEW_PRIORITY_TEXT_LIMITS = {"key": 100, "label": 300}


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


def result_to_json(result: BalancingResult) -> dict[str, Any]:
    data = dataclasses.asdict(result)
    data["gap"] = result.gap if math.isfinite(result.gap) else None
    data["bound"] = result.bound if math.isfinite(result.bound) else None
    return data


def result_from_json(data: dict[str, Any]) -> BalancingResult:
    return BalancingResult(
        status=data["status"],
        solver=data["solver"],
        score=float(data.get("score", 0.0)),
        objective=float(data.get("objective", 0.0)),
        bound=float(data["bound"]) if data.get("bound") is not None else math.inf,
        gap=float(data["gap"]) if data.get("gap") is not None else math.inf,
        seconds=float(data.get("seconds", 0.0)),
        levels=[ActivityLevel(**x) for x in data.get("levels", ())],
        coverage=[GoalCoverage(**x) for x in data.get("coverage", ())],
        usage=[CapacityUse(**x) for x in data.get("usage", ())],
        conflicts=[
            ConstraintConflict(**{**x, "activities": tuple(x["activities"])}) for x in data.get("conflicts", ())
        ],
        warnings=list(data.get("warnings", ())),
    )


@dataclass(frozen=True)
class HeatCell:
    engagements: int
    weight: float
    staff_days: float
    level: int  # 0 (none) to 4 (the most in this map), shown with the number, never by colour alone


@dataclass(frozen=True)
class HeatMap:
    date_from: dt.date
    date_to: dt.date
    departments: list[tuple[uuid.UUID | None, str]]
    goals: list[tuple[uuid.UUID, str, float]]  # id, label, the government's weight
    cells: dict[tuple[uuid.UUID | None, uuid.UUID], HeatCell]

    def cell(self, department: uuid.UUID | None, goal: uuid.UUID) -> HeatCell:
        return self.cells.get((department, goal), HeatCell(0, 0.0, 0.0, 0))

    def goal_total(self, goal: uuid.UUID) -> int:
        return sum(c.engagements for (_, g), c in self.cells.items() if g == goal)


@dataclass(frozen=True)
class ScenarioColumn:
    id: uuid.UUID
    name: str
    adjustments: Adjustments
    result: BalancingResult


@dataclass(frozen=True)
class ScenarioComparison:
    columns: list[ScenarioColumn]
    goals: list[tuple[str, str]]  # key, label
    activities: list[tuple[str, str]]  # key, name: those whose level differs between the scenarios

    def coverage(self, column: ScenarioColumn, goal_key: str) -> GoalCoverage | None:
        return next((c for c in column.result.coverage if c.key == goal_key), None)

    def level(self, column: ScenarioColumn, activity_key: str) -> ActivityLevel | None:
        return next((a for a in column.result.levels if a.key == activity_key), None)
