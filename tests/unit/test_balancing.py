"""The balancing optimiser on small plans whose answers are known, with both solvers (HiGHS and SciPy)."""

from __future__ import annotations

import pytest

from proxenia.analytics.balancing import balance, goal_value
from proxenia.analytics.solver import HighsSolver, ScipySolver, solver_named
from proxenia.domain.balancing import FULL_VALUE, Activity, Adjustments, BalancingInput, Capacity, GoalSpec, check_input

SOLVERS = [HighsSolver(), ScipySolver()]


def plan(
    *activities: Activity, staff: float = 10, budget: float = 10_000, goals: tuple[GoalSpec, ...] = ()
) -> BalancingInput:
    goals = goals or (GoalSpec("trade", "Trade", 1.0, 1.0), GoalSpec("climate", "Climate", 1.0, 1.0))
    return BalancingInput(activities, (Capacity("intl", "2026-01", staff, budget),), goals)


def act(key: str, staff: float, budget: float, contributions: dict[str, float], **kw: object) -> Activity:
    return Activity(key, key, "intl", ("2026-01",), staff, budget, contributions, **kw)  # type: ignore[arg-type]


def test_the_value_of_coverage_is_concave() -> None:
    assert goal_value(0, 1) == 0
    assert goal_value(0.25, 1) == pytest.approx(0.25)
    assert goal_value(0.5, 1) - goal_value(0.25, 1) < goal_value(0.25, 1)
    assert goal_value(5, 1) == pytest.approx(FULL_VALUE)  # no value beyond the target


@pytest.mark.parametrize("solver", SOLVERS, ids=lambda s: s.name)
def test_diminishing_returns_spread_effort_across_goals(solver: object) -> None:
    # Two trade activities and one climate activity; capacity for two. Spreading beats piling on trade.
    data = plan(act("t1", 5, 0, {"trade": 1.0}), act("t2", 5, 0, {"trade": 1.0}), act("c1", 5, 0, {"climate": 0.9}))
    result = balance(data, solver)  # type: ignore[arg-type]
    chosen = {a.key for a in result.levels if a.selected}
    assert result.status == "optimal"
    assert "c1" in chosen and len(chosen) == 2
    assert result.gap <= 0.01


def test_both_solvers_find_the_same_optimum() -> None:
    data = plan(
        act("a", 3, 2000, {"trade": 0.6, "climate": 0.2}, min_level=0.5, max_level=2.0),
        act("b", 4, 5000, {"climate": 0.8}),
        act("c", 2, 4000, {"trade": 0.3}, mandatory=True),
        act("d", 6, 1000, {"trade": 0.9, "climate": 0.9}, min_level=1.0),
        staff=9, budget=9000,
    )
    highs, scipy = balance(data, HighsSolver()), balance(data, ScipySolver())
    assert highs.status == scipy.status == "optimal"
    assert highs.score == pytest.approx(scipy.score, abs=1e-3)
    levels = {a.key: a.level for a in highs.levels}
    assert levels["c"] >= 1.0  # mandatory
    assert levels["a"] == 0 or levels["a"] >= 0.5  # optional: its minimum or nothing


def test_infeasible_input_names_the_conflicting_constraints_and_activities() -> None:
    data = plan(act("summit", 8, 20_000, {"trade": 1.0}, mandatory=True), act("x", 1, 100, {"climate": 1.0}))
    result = balance(data)
    assert result.status == "infeasible" and not result.levels
    [conflict] = result.conflicts
    assert conflict.constraint == "budget of intl in 2026-01"
    assert conflict.activities == ("summit",) and conflict.needed == 20_000 and conflict.available == 10_000
    assert "short by 10,000.0 USD" in conflict.message


def test_a_new_priority_with_a_minimum_the_capacities_cannot_reach_is_explained() -> None:
    data = plan(act("heat", 10, 1000, {"climate": 0.5}), act("trade", 2, 100, {"trade": 1.0}), staff=5)
    demanding = data.adjusted(Adjustments(new_goals=(GoalSpec("climate2", "Heat resilience", 3.0, 1.0, 0.0),),
                                          goal_weights={"climate": 3.0}))
    assert balance(demanding).feasible
    impossible = BalancingInput(data.activities, data.capacities,
                                (GoalSpec("climate", "Climate", 1.0, 1.0, min_coverage=0.5),))
    result = balance(impossible)
    assert result.status == "infeasible"
    assert any("minimum coverage of Climate" in c.constraint for c in result.conflicts)


def test_a_budget_cut_lowers_coverage_and_is_reported_per_capacity() -> None:
    data = plan(act("a", 2, 6000, {"trade": 1.0}), act("b", 2, 4000, {"climate": 1.0}))
    full, cut = balance(data), balance(data.adjusted(Adjustments(budget_factor=0.6)))
    assert full.score > cut.score > 0
    assert cut.usage[0].budget_available == pytest.approx(6000) and cut.usage[0].budget_used <= 6000 + 1e-6
    assert sum(a.selected for a in cut.levels) == 1


def test_missing_capacity_is_a_warning_not_a_silent_drop() -> None:
    data = BalancingInput((Activity("a", "a", "econ", ("2026-02",), 1, 1, {"g": 1}),), (),
                          (GoalSpec("g", "G"),))
    result = balance(data)
    assert result.feasible and result.warnings and "econ in 2026-02" in result.warnings[0]
    assert not result.levels[0].selected


def test_input_problems_are_named() -> None:
    bad = BalancingInput((Activity("a", "A", "x", (), -1, 0, {"nope": 1}, min_level=2, max_level=1),), (),
                         (GoalSpec("g", "G", target=0),))
    columns = {p.column for p in check_input(bad)}
    assert {"level", "cost", "periods", "goals"} <= columns
    with pytest.raises(ValueError):
        solver_named("cplex")
