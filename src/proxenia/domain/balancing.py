"""Resource balancing: activities, capacities and goals in; a level for every activity out.

An activity runs at a level between its minimum and maximum (1 = as planned); mandatory activities must
run, optional ones run at least at their minimum or not at all. Its staff-days and budget (per unit of
level) are spread evenly over its periods and counted against its department's capacity in each period.
Goal coverage is the sum of the activities' contributions; its value has diminishing returns (concave,
piecewise linear) up to the goal's target, so the optimiser spreads effort instead of piling it on one goal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.errors import Problem

#: The concave value of coverage: each quarter of the target is worth less than the one before.
SEGMENTS: tuple[tuple[float, float], ...] = ((0.25, 1.0), (0.25, 0.75), (0.25, 0.5), (0.25, 0.25))
FULL_VALUE = sum(length * slope for length, slope in SEGMENTS)


@dataclass(frozen=True)
class Activity:
    key: str
    name: str
    department: str
    periods: tuple[str, ...]
    staff_days: float = 0.0
    budget: float = 0.0
    contributions: dict[str, float] = field(default_factory=dict)
    mandatory: bool = False
    min_level: float = 1.0
    max_level: float = 1.0


@dataclass(frozen=True)
class Capacity:
    department: str
    period: str
    staff_days: float
    budget: float


@dataclass(frozen=True)
class GoalSpec:
    key: str
    label: str
    weight: float = 1.0
    target: float = 1.0
    min_coverage: float = 0.0  # a new priority may demand at least this coverage


@dataclass(frozen=True)
class Adjustments:
    """How a scenario differs from its base: budget and staff factors, goal weights, a new priority."""

    budget_factor: float = 1.0
    staff_factor: float = 1.0
    goal_weights: dict[str, float] = field(default_factory=dict)
    new_goals: tuple[GoalSpec, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "budget_factor": self.budget_factor,
            "staff_factor": self.staff_factor,
            "goal_weights": dict(self.goal_weights),
            "new_goals": [g.__dict__ for g in self.new_goals],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Adjustments:
        return cls(
            budget_factor=float(data.get("budget_factor", 1.0)),
            staff_factor=float(data.get("staff_factor", 1.0)),
            goal_weights={str(k): float(v) for k, v in (data.get("goal_weights") or {}).items()},
            new_goals=tuple(GoalSpec(**g) for g in data.get("new_goals") or ()),
        )


@dataclass(frozen=True)
class BalancingInput:
    activities: tuple[Activity, ...]
    capacities: tuple[Capacity, ...]
    goals: tuple[GoalSpec, ...]
    currency: str = "USD"

    def adjusted(self, adj: Adjustments) -> BalancingInput:
        caps = tuple(
            Capacity(c.department, c.period, c.staff_days * adj.staff_factor, c.budget * adj.budget_factor)
            for c in self.capacities
        )
        goals = [
            GoalSpec(g.key, g.label, adj.goal_weights.get(g.key, g.weight), g.target, g.min_coverage)
            for g in self.goals
        ]
        known = {g.key for g in goals}
        goals += [g for g in adj.new_goals if g.key not in known]
        return BalancingInput(self.activities, caps, tuple(goals), self.currency)


@dataclass(frozen=True)
class ActivityLevel:
    key: str
    name: str
    department: str
    level: float
    selected: bool
    mandatory: bool
    staff_days: float
    budget: float


@dataclass(frozen=True)
class GoalCoverage:
    key: str
    label: str
    weight: float
    coverage: float
    target: float

    @property
    def share(self) -> float:
        return min(1.0, self.coverage / self.target) if self.target > 0 else 0.0


@dataclass(frozen=True)
class CapacityUse:
    department: str
    period: str
    staff_used: float
    staff_available: float
    budget_used: float
    budget_available: float


@dataclass(frozen=True)
class ConstraintConflict:
    """One constraint that cannot hold, by how much, and the activities (or goal) that press on it."""

    constraint: str
    needed: float
    available: float
    activities: tuple[str, ...]
    message: str


@dataclass
class BalancingResult:
    status: str  # optimal, feasible (time limit with a solution), infeasible, error
    solver: str
    score: float = 0.0  # weighted goal coverage value, 0..1 of the best conceivable
    objective: float = 0.0
    bound: float = 0.0
    gap: float = 0.0
    seconds: float = 0.0
    levels: list[ActivityLevel] = field(default_factory=list)
    coverage: list[GoalCoverage] = field(default_factory=list)
    usage: list[CapacityUse] = field(default_factory=list)
    conflicts: list[ConstraintConflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def total_budget(self) -> float:
        return sum(level.budget for level in self.levels)

    @property
    def total_staff_days(self) -> float:
        return sum(level.staff_days for level in self.levels)


#: Larger figures than any plan holds: the solver loses its precision (and 1e308 or infinity stops it).
LARGEST_FIGURE = 1e12


def _unreadable(*values: float | None) -> bool:
    return any(v is not None and not (isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                                      and abs(v) <= LARGEST_FIGURE) for v in values)


def check_input(data: BalancingInput) -> list[Problem]:
    problems: list[Problem] = []
    for i, a in enumerate(data.activities, start=1):
        if _unreadable(a.staff_days, a.budget, a.min_level, a.max_level, *a.contributions.values()):
            problems.append(Problem(f"'{a.name}': every figure must be a finite number up to {LARGEST_FIGURE:g}",
                                    row=i, column="activities"))
    for g in data.goals:
        if _unreadable(g.target, g.weight, g.min_coverage):
            problems.append(Problem(f"goal '{g.label}': every figure must be a finite number up to "
                                    f"{LARGEST_FIGURE:g}", column="goals"))
    for c in data.capacities:
        if _unreadable(c.staff_days, c.budget):
            problems.append(Problem(f"capacity of {c.department} in {c.period}: every figure must be a finite "
                                    f"number up to {LARGEST_FIGURE:g}", column="capacities"))
    if problems:  # the checks below compare figures: NaN passes every comparison
        return problems
    keys = [a.key for a in data.activities]
    if len(set(keys)) != len(keys):
        problems.append(Problem("two activities share a key", column="activities"))
    goal_keys = {g.key for g in data.goals}
    for i, a in enumerate(data.activities, start=1):
        if a.min_level < 0 or a.max_level < a.min_level:
            problems.append(Problem(f"'{a.name}': levels must satisfy 0 ≤ minimum ≤ maximum", row=i, column="level"))
        if a.staff_days < 0 or a.budget < 0:
            problems.append(Problem(f"'{a.name}': costs cannot be negative", row=i, column="cost"))
        if not a.periods:
            problems.append(Problem(f"'{a.name}' runs in no period", row=i, column="periods"))
        unknown = sorted(set(a.contributions) - goal_keys)
        if unknown:
            problems.append(Problem(f"'{a.name}' contributes to unknown goals {unknown}", row=i, column="goals"))
        if any(v < 0 for v in a.contributions.values()):
            problems.append(Problem(f"'{a.name}': contributions cannot be negative", row=i, column="goals"))
    for g in data.goals:
        if g.target <= 0 or g.weight < 0:
            problems.append(Problem(f"goal '{g.label}' needs a positive target and a weight ≥ 0", column="goals"))
    for c in data.capacities:
        if c.staff_days < 0 or c.budget < 0:
            problems.append(Problem(f"capacity of {c.department} in {c.period} is negative", column="capacities"))
    return problems
