"""The balancing optimiser: activities × goals × capacities as a mixed-integer programme.

Columns: the level ``x`` of every activity; a yes/no ``y`` for optional activities with a minimum level
(run at least the minimum, or not at all); for every goal, one column per segment of its concave value
curve (``domain.balancing.SEGMENTS``), filled in order because each segment is worth less than the last.
Rows: coverage links, staff-days and budget per department and period, the semi-continuous links, and a
minimum coverage for goals that demand one. Infeasible input is explained by an elastic version of the
same programme: every capacity and minimum may stretch at a cost, and the rows that had to stretch are
the conflicting constraints, reported with the activities pressing on them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

from proxenia.analytics.solver import HighsSolver, MilpModel, MilpSolution, MilpSolver
from proxenia.domain.balancing import (
    FULL_VALUE,
    SEGMENTS,
    ActivityLevel,
    BalancingInput,
    BalancingResult,
    CapacityUse,
    ConstraintConflict,
    GoalCoverage,
)

EPS = 1e-6
INF = np.inf


@dataclass
class _Rows:
    """A sparse matrix under construction, row by row."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)

    def add(self, name: str, terms: list[tuple[int, float]], lower: float, upper: float) -> int:
        index = len(self.names)
        for col, value in terms:
            if value:
                self.rows.append(index)
                self.cols.append(col)
                self.vals.append(value)
        self.lower.append(lower)
        self.upper.append(upper)
        self.names.append(name)
        return index

    def matrix(self, n_cols: int) -> sparse.csc_matrix:
        from scipy import sparse

        return sparse.csc_matrix((self.vals, (self.rows, self.cols)), shape=(len(self.names), n_cols))


@dataclass
class _Layout:
    model: MilpModel
    n_activities: int
    capacity_rows: dict[int, tuple[str, str, str, float]]  # row -> (resource, department, period, available)
    coverage_rows: dict[int, tuple[str, float]]  # row -> (goal key, minimum)
    per_period: dict[tuple[str, str], list[tuple[int, float, float]]]  # (dep, period) -> (activity, staff, budget)
    warnings: list[str]


def _build(data: BalancingInput) -> _Layout:
    acts = data.activities
    n = len(acts)
    semi = [i for i, a in enumerate(acts) if not a.mandatory and a.min_level > 0]
    y_of = {a: n + j for j, a in enumerate(semi)}
    seg_base = n + len(semi)
    goal_index = {g.key: i for i, g in enumerate(data.goals)}
    n_cols = seg_base + len(data.goals) * len(SEGMENTS)
    c = np.zeros(n_cols)
    lower = np.zeros(n_cols)
    upper = np.zeros(n_cols)
    integer = np.zeros(n_cols, dtype=np.int8)
    max_staff = max([a.staff_days for a in acts] + [1.0])
    max_budget = max([a.budget for a in acts] + [1.0])
    for i, a in enumerate(acts):
        lower[i] = a.min_level if a.mandatory else 0.0
        upper[i] = a.max_level
        c[i] = -1e-4 * (a.staff_days / max_staff + a.budget / max_budget)  # never spend for nothing
    for col in y_of.values():
        upper[col] = 1.0
        integer[col] = 1
    for g in data.goals:
        for k, (length, slope) in enumerate(SEGMENTS):
            col = seg_base + goal_index[g.key] * len(SEGMENTS) + k
            upper[col] = length * g.target
            c[col] = g.weight * slope / g.target
    rows = _Rows()
    contributions: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, a in enumerate(acts):
        for key, value in a.contributions.items():
            contributions[key].append((i, value))
    coverage_rows: dict[int, tuple[str, float]] = {}
    for g in data.goals:
        segs = [(seg_base + goal_index[g.key] * len(SEGMENTS) + k, 1.0) for k in range(len(SEGMENTS))]
        rows.add(f"coverage of {g.label}", segs + [(i, -v) for i, v in contributions[g.key]], -INF, 0.0)
        if g.min_coverage > 0:
            row = rows.add(f"minimum coverage of {g.label}", contributions[g.key], g.min_coverage, INF)
            coverage_rows[row] = (g.key, g.min_coverage)
    per_period: dict[tuple[str, str], list[tuple[int, float, float]]] = defaultdict(list)
    for i, a in enumerate(acts):
        share = 1.0 / len(a.periods)
        for period in a.periods:
            per_period[(a.department, period)].append((i, a.staff_days * share, a.budget * share))
    available = {(cap.department, cap.period): cap for cap in data.capacities}
    capacity_rows: dict[int, tuple[str, str, str, float]] = {}
    warnings: list[str] = []
    for (dep, period), items in sorted(per_period.items()):
        cap = available.get((dep, period))
        if cap is None:
            warnings.append(f"no capacity is declared for {dep} in {period}: its activities there cannot run")
        staff = cap.staff_days if cap else 0.0
        budget = cap.budget if cap else 0.0
        if any(s for _, s, _ in items):
            row = rows.add(f"staff-days of {dep} in {period}", [(i, s) for i, s, _ in items], -INF, staff)
            capacity_rows[row] = ("staff-days", dep, period, staff)
        if any(b for _, _, b in items):
            row = rows.add(f"budget of {dep} in {period}", [(i, b) for i, _, b in items], -INF, budget)
            capacity_rows[row] = ("budget", dep, period, budget)
    for i, col in y_of.items():
        a = acts[i]
        rows.add(f"{a.name} runs only if chosen", [(i, 1.0), (col, -a.max_level)], -INF, 0.0)
        rows.add(f"{a.name} runs at least at its minimum", [(i, 1.0), (col, -a.min_level)], 0.0, INF)
    model = MilpModel(
        c=c, a=rows.matrix(n_cols), row_lower=np.array(rows.lower, dtype=float),
        row_upper=np.array(rows.upper, dtype=float), col_lower=lower, col_upper=upper, integer=integer,
        row_names=rows.names,
    )
    return _Layout(model, n, capacity_rows, coverage_rows, per_period, warnings)


def goal_value(coverage: float, target: float) -> float:
    """The concave value of a coverage, in [0, FULL_VALUE]."""
    value, left = 0.0, coverage / target if target > 0 else 0.0
    for length, slope in SEGMENTS:
        used = min(max(left, 0.0), length)
        value += used * slope
        left -= used
    return value


def balance(
    data: BalancingInput, solver: MilpSolver | None = None, *, time_limit: float = 30.0, mip_gap: float = 0.005
) -> BalancingResult:
    solver = solver or HighsSolver()
    layout = _build(data)
    solution = solver.solve(layout.model, time_limit=time_limit, mip_gap=mip_gap)
    result = BalancingResult(
        status=solution.status, solver=solution.solver, objective=solution.objective, bound=solution.bound,
        gap=solution.gap, seconds=solution.seconds, warnings=list(layout.warnings),
    )
    if not solution.has_solution:
        if solution.status == "infeasible":
            result.conflicts = explain(data, layout, solver, time_limit)
        return result
    _interpret(data, layout, solution, result)
    return result


def _interpret(data: BalancingInput, layout: _Layout, solution: MilpSolution, result: BalancingResult) -> None:
    x = np.where(np.abs(solution.x[: layout.n_activities]) < EPS, 0.0, solution.x[: layout.n_activities])
    coverage: dict[str, float] = defaultdict(float)
    for i, a in enumerate(data.activities):
        level = float(x[i])
        result.levels.append(ActivityLevel(a.key, a.name, a.department, round(level, 4), level > EPS, a.mandatory,
                                           a.staff_days * level, a.budget * level))
        for key, value in a.contributions.items():
            coverage[key] += value * level
    total = sum(g.weight for g in data.goals) * FULL_VALUE
    achieved = 0.0
    for g in data.goals:
        result.coverage.append(GoalCoverage(g.key, g.label, g.weight, coverage[g.key], g.target))
        achieved += g.weight * goal_value(coverage[g.key], g.target)
    result.score = achieved / total if total > 0 else 0.0
    available = {(c.department, c.period): c for c in data.capacities}
    for (dep, period), items in sorted(layout.per_period.items()):
        cap = available.get((dep, period))
        result.usage.append(CapacityUse(
            dep, period, sum(s * x[i] for i, s, _ in items), cap.staff_days if cap else 0.0,
            sum(b * x[i] for i, _, b in items), cap.budget if cap else 0.0,
        ))


def explain(data: BalancingInput, layout: _Layout, solver: MilpSolver, time_limit: float) -> list[ConstraintConflict]:
    """Which constraints conflict: the rows an elastic relaxation has to stretch, with what presses on them."""
    model = layout.model
    soft = sorted([*layout.capacity_rows, *layout.coverage_rows])
    n_rows, n_cols = model.shape
    from scipy import sparse

    extra = sparse.csc_matrix(
        ([-1.0 if r in layout.capacity_rows else 1.0 for r in soft], (soft, range(len(soft)))),
        shape=(n_rows, len(soft)),
    )
    scale = np.array([max(1.0, abs(model.row_upper[r] if r in layout.capacity_rows else model.row_lower[r]))
                      for r in soft])
    elastic = MilpModel(
        c=np.concatenate([np.zeros(n_cols), -1.0 / scale]),
        a=sparse.hstack([model.a, extra]).tocsc(),
        row_lower=model.row_lower, row_upper=model.row_upper,
        col_lower=np.concatenate([model.col_lower, np.zeros(len(soft))]),
        col_upper=np.concatenate([model.col_upper, np.full(len(soft), INF)]),
        integer=np.concatenate([model.integer, np.zeros(len(soft), dtype=np.int8)]),
    )
    relaxed = solver.solve(elastic, time_limit=time_limit, mip_gap=0.0)
    if not relaxed.has_solution:
        return [ConstraintConflict("activity levels", 0, 0, (), "the activities' own minimum and maximum levels "
                                   "cannot hold together")]
    conflicts: list[ConstraintConflict] = []
    acts = data.activities
    for j, row in enumerate(soft):
        stretch = float(relaxed.x[n_cols + j])
        if stretch <= 1e-6:
            continue
        if row in layout.capacity_rows:
            resource, dep, period, available = layout.capacity_rows[row]
            column = 1 if resource == "staff-days" else 2
            pressing = sorted(
                ((acts[i], item[column]) for item in layout.per_period[(dep, period)] for i in [item[0]]
                 if acts[i].mandatory and item[column] > 0),
                key=lambda pair: -pair[1] * pair[0].min_level,
            )
            needed = available + stretch
            unit = "" if resource == "staff-days" else f" {data.currency}"
            names = tuple(a.name for a, _ in pressing)
            who = f"mandatory activities {', '.join(names)}" if names else "the activities chosen"
            conflicts.append(ConstraintConflict(
                model.row_names[row], round(needed, 2), round(available, 2), names,
                f"{resource} of {dep} in {period}: {who} need {needed:,.1f}{unit}, only {available:,.1f}{unit} "
                f"available (short by {stretch:,.1f}{unit})",
            ))
        else:
            key, minimum = layout.coverage_rows[row]
            names = tuple(a.name for a in acts if a.contributions.get(key))
            conflicts.append(ConstraintConflict(
                model.row_names[row], round(minimum, 3), round(minimum - stretch, 3), names,
                f"{model.row_names[row]}: at least {minimum:g} is required but the capacities allow only "
                f"{minimum - stretch:.2f} from {len(names)} contributing activities",
            ))
    return conflicts
