"""Balancing scenarios: a plan (activities, capacities, goals) solved by a real MILP solver, variants of it
(budget −20 %, a new priority) solved and saved, and scenarios compared side by side."""

from __future__ import annotations

import uuid
from typing import Any

from proxenia.analytics.balancing import balance
from proxenia.analytics.solver import HighsSolver, MilpSolver
from proxenia.domain.balancing import Adjustments, BalancingInput, GoalSpec, check_input
from proxenia.domain.errors import InvalidInput, Problem, ProblemCollector, refuse_too_long
from proxenia.domain.kinds import Visibility
from proxenia.domain.portfolio import (
    NEW_PRIORITY_TEXT_LIMITS,
    SCENARIO_TEXT_LIMITS,
    Scenario,
    ScenarioColumn,
    ScenarioComparison,
    plan_from_json,
    plan_to_json,
    result_from_json,
    result_to_json,
)
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import require_editor, tenant_of
from proxenia.store.columns import utcnow
from proxenia.store.database import Database
from proxenia.store.portfolio import ScenarioRepository

TIME_LIMIT_SECONDS = 25.0
#: How many scenarios a comparison sets side by side.
MIN_COMPARED, MAX_COMPARED = 2, 6


def _check_adjustments(adj: Adjustments) -> None:
    problems = []
    if not 0 <= adj.budget_factor <= 10:
        problems.append(Problem("must be between 0 and 10 (1 = unchanged, 0.8 = a 20 % cut)", column="budget_factor"))
    if not 0 <= adj.staff_factor <= 10:
        problems.append(Problem("must be between 0 and 10", column="staff_factor"))
    if any(not 0 <= w <= 10 for w in adj.goal_weights.values()):
        problems.append(Problem("goal weights are between 0 and 10", column="goal_weights"))
    for g in adj.new_goals:
        if not g.key.strip() or g.target <= 0 or g.min_coverage < 0 or not 0 <= g.weight <= 10:
            problems.append(Problem(f"new priority '{g.label}' needs a key, a positive target, a weight 0–10",
                                    column="new_goals"))
        lengths = ProblemCollector()
        lengths.check_lengths(NEW_PRIORITY_TEXT_LIMITS, vars(g))
        problems += [Problem(f"new priority: {p.column} {p.message}", column="new_goals") for p in lengths.problems]
    if problems:
        raise InvalidInput(problems)


def parse_plan(data: dict[str, Any]) -> BalancingInput:
    """A plan from its JSON form, every problem named (a plan comes from people, spreadsheets and the API)."""
    try:
        plan = plan_from_json(data)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise InvalidInput(Problem(f"the plan does not have the expected shape: {exc}", column="plan")) from None
    problems = check_input(plan)
    if problems:
        raise InvalidInput(problems)
    return plan


class ScenarioService:
    def __init__(self, db: Database, solver: MilpSolver | None = None) -> None:
        self.db = db
        self.solver = solver or HighsSolver()

    def create(
        self,
        viewer: Viewer,
        *,
        name: str,
        plan: BalancingInput | None = None,
        base_id: uuid.UUID | None = None,
        adjustments: Adjustments | None = None,
        description: str | None = None,
        visibility: Visibility = Visibility.PRIVATE,
    ) -> uuid.UUID:
        """Solve a plan (or a variant of a saved scenario) and save it with its result."""
        tenant = require_editor(viewer, "scenarios")
        adjustments = adjustments or Adjustments()
        _check_adjustments(adjustments)
        if not name.strip():
            raise InvalidInput(Problem("is required", column="name"))
        refuse_too_long(SCENARIO_TEXT_LIMITS, {"name": name.strip(), "description": description})
        if (plan is None) == (base_id is None):
            raise InvalidInput(Problem("give a plan or the scenario it varies, not both", column="plan"))
        if base_id is not None:
            with self.db.read() as conn:
                plan = ScenarioRepository(conn).get(viewer, base_id).plan
        assert plan is not None
        unknown = sorted(set(adjustments.goal_weights) - {g.key for g in plan.goals}
                         - {g.key for g in adjustments.new_goals})
        if unknown:
            raise InvalidInput(Problem(f"the plan has no goal {', '.join(map(repr, unknown))}", column="goal_weights"))
        adjusted = plan.adjusted(adjustments)
        problems = check_input(plan) or check_input(adjusted)  # a variant's weights are figures too
        if problems:
            raise InvalidInput(problems)
        result = balance(adjusted, self.solver, time_limit=TIME_LIMIT_SECONDS)
        with self.db.begin() as conn:
            return ScenarioRepository(conn).create(viewer, {
                "tenant_id": tenant, "visibility": visibility.value, "name": name.strip(),
                "description": description, "base_id": base_id, "plan": plan_to_json(plan),
                "adjustments": adjustments.as_dict(), "result": result_to_json(result), "solved_at": utcnow(),
            })

    def variant(
        self, viewer: Viewer, base_id: uuid.UUID, *, name: str, budget_factor: float = 1.0, staff_factor: float = 1.0,
        new_priority: GoalSpec | None = None, goal_weights: dict[str, float] | None = None,
    ) -> uuid.UUID:
        adjustments = Adjustments(
            budget_factor=budget_factor, staff_factor=staff_factor, goal_weights=dict(goal_weights or {}),
            new_goals=(new_priority,) if new_priority else (),
        )
        return self.create(viewer, name=name, base_id=base_id, adjustments=adjustments)

    def get(self, viewer: Viewer, scenario_id: uuid.UUID) -> Scenario:
        with self.db.read() as conn:
            return ScenarioRepository(conn).get(viewer, scenario_id)

    def scenarios(self, viewer: Viewer) -> list[Scenario]:
        tenant = tenant_of(viewer, "scenarios")
        with self.db.read() as conn:
            return ScenarioRepository(conn).search(viewer, tenant_id=tenant)

    def resolve(self, viewer: Viewer, scenario_id: uuid.UUID, version: int | None) -> int:
        """Solve a saved scenario again (after a solver upgrade, or to check a result)."""
        with self.db.read() as conn:
            scenario = ScenarioRepository(conn).get(viewer, scenario_id)
        result = balance(scenario.plan.adjusted(scenario.adjustments), self.solver, time_limit=TIME_LIMIT_SECONDS)
        with self.db.begin() as conn:
            after = ScenarioRepository(conn).update(viewer, scenario_id, version,
                                                    {"result": result_to_json(result), "solved_at": utcnow()})
        return int(after["version"])

    def delete(self, viewer: Viewer, scenario_id: uuid.UUID, version: int | None) -> None:
        with self.db.begin() as conn:
            ScenarioRepository(conn).delete(viewer, scenario_id, version)

    def compare(self, viewer: Viewer, ids: list[uuid.UUID]) -> ScenarioComparison:
        """Two to six scenarios side by side (an id given twice counts once; one scenario alone is read with
        ``get``)."""
        distinct = list(dict.fromkeys(ids))
        if not MIN_COMPARED <= len(distinct) <= MAX_COMPARED:
            given = f"{len(distinct)} {'was' if len(distinct) == 1 else 'were'} given"
            if len(distinct) != len(ids):
                given += " (an id given twice counts once)"
            raise InvalidInput(Problem(f"compare two to six different scenarios; {given}", column="ids"))
        with self.db.read() as conn:
            repo = ScenarioRepository(conn)
            scenarios = [repo.get(viewer, i) for i in distinct]
        unsolved = {"status": "error", "solver": "-"}
        columns = [
            ScenarioColumn(s.id, s.name, s.adjustments, result_from_json(s.result or unsolved)) for s in scenarios
        ]
        goals: dict[str, str] = {}
        for c in columns:
            goals.update((g.key, g.label) for g in c.result.coverage)
        names: dict[str, str] = {}
        levels: dict[str, set[float]] = {}
        for c in columns:
            for a in c.result.levels:
                names[a.key] = a.name
                levels.setdefault(a.key, set()).add(round(a.level, 3))
        differing = [(k, names[k]) for k, v in levels.items() if len(v) > 1]
        by_label = sorted(goals.items(), key=lambda kv: kv[1])
        return ScenarioComparison(columns, by_label, sorted(differing, key=lambda kv: kv[1]))
