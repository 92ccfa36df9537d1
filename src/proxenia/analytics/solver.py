"""Mixed-integer linear programming behind a small interface, so HiGHS (highspy) and SciPy's ``milp``
are interchangeable, like httpx's transports. Both are real solvers; callers never loop greedily.

A model is: maximise ``c·x`` subject to ``row_lower ≤ A·x ≤ row_upper`` and ``col_lower ≤ x ≤ col_upper``,
with some columns integer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:  # scipy is imported where a model is built (about 0.3 s a command otherwise)
    from scipy import sparse


@dataclass
class MilpModel:
    c: np.ndarray
    a: sparse.csc_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray  # 1 for integer columns, 0 for continuous
    row_names: list[str] = field(default_factory=list)
    col_names: list[str] = field(default_factory=list)

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.a.shape[0]), int(self.a.shape[1])


@dataclass
class MilpSolution:
    status: str  # optimal, feasible (stopped at the time limit with a solution), infeasible, unbounded, error
    x: np.ndarray
    objective: float
    bound: float
    gap: float
    seconds: float
    solver: str
    message: str = ""

    @property
    def has_solution(self) -> bool:
        return self.status in ("optimal", "feasible")


class MilpSolver(Protocol):
    name: str

    def solve(self, model: MilpModel, *, time_limit: float = 30.0, mip_gap: float = 0.005) -> MilpSolution: ...


def relative_gap(objective: float, bound: float) -> float:
    if not np.isfinite(bound) or not np.isfinite(objective):
        return float("inf")
    return abs(bound - objective) / max(abs(objective), 1e-9)


class HighsSolver:
    """HiGHS through highspy, the default."""

    name = "highs"

    def solve(self, model: MilpModel, *, time_limit: float = 30.0, mip_gap: float = 0.005) -> MilpSolution:
        import highspy

        started = time.perf_counter()
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("time_limit", float(time_limit))
        h.setOptionValue("mip_rel_gap", float(mip_gap))
        h.setOptionValue("random_seed", 7)
        lp = highspy.HighsLp()
        rows, cols = model.shape
        lp.num_col_ = cols
        lp.num_row_ = rows
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.col_cost_ = model.c.astype(float)
        lp.col_lower_ = model.col_lower.astype(float)
        lp.col_upper_ = model.col_upper.astype(float)
        lp.row_lower_ = model.row_lower.astype(float)
        lp.row_upper_ = model.row_upper.astype(float)
        a = model.a.tocsc()
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a.indices.astype(np.int32)
        lp.a_matrix_.value_ = a.data.astype(float)
        lp.a_matrix_.num_col_ = cols
        lp.a_matrix_.num_row_ = rows
        if model.integer.any():
            lp.integrality_ = [
                highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous for flag in model.integer
            ]
        h.passModel(lp)
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        seconds = time.perf_counter() - started
        ms = highspy.HighsModelStatus
        has_x = info.primal_solution_status == 2  # kSolutionStatusFeasible
        if status == ms.kOptimal:
            name = "optimal"
        elif status in (ms.kInfeasible, ms.kUnboundedOrInfeasible):
            name = "infeasible"
        elif status == ms.kUnbounded:
            name = "unbounded"
        elif has_x:
            name = "feasible"
        else:
            name = "error"
        if name in ("optimal", "feasible"):
            x = np.asarray(h.getSolution().col_value, dtype=float)
            objective = float(info.objective_function_value)
            bound = float(info.mip_dual_bound) if model.integer.any() else objective
            gap = relative_gap(objective, bound) if model.integer.any() else 0.0
        else:
            x, objective, bound, gap = np.zeros(cols), 0.0, 0.0, 0.0
        return MilpSolution(name, x, objective, bound, gap, seconds, self.name, h.modelStatusToString(status))


class ScipySolver:
    """SciPy's ``milp`` (which itself drives HiGHS): the fallback and a cross-check in the tests."""

    name = "scipy"

    def solve(self, model: MilpModel, *, time_limit: float = 30.0, mip_gap: float = 0.005) -> MilpSolution:
        from scipy.optimize import Bounds, LinearConstraint, milp

        started = time.perf_counter()
        constraints = [LinearConstraint(model.a, model.row_lower, model.row_upper)] if model.shape[0] else []
        result = milp(
            -model.c,
            integrality=model.integer,
            bounds=Bounds(model.col_lower, model.col_upper),
            constraints=constraints,
            options={"time_limit": time_limit, "mip_rel_gap": mip_gap, "disp": False},
        )
        seconds = time.perf_counter() - started
        names = {0: "optimal", 1: "feasible", 2: "infeasible", 3: "unbounded"}
        name = names.get(result.status, "error")
        if result.x is None:
            name = "infeasible" if name == "infeasible" else "error" if name != "unbounded" else name
            return MilpSolution(name, np.zeros(model.shape[1]), 0.0, 0.0, 0.0, seconds, self.name, result.message)
        objective = float(-result.fun)
        bound = float(-getattr(result, "mip_dual_bound", result.fun) or -result.fun)
        gap = float(getattr(result, "mip_gap", 0.0) or 0.0) if model.integer.any() else 0.0
        return MilpSolution(name, np.asarray(result.x), objective, bound, gap, seconds, self.name, result.message)


SOLVERS: dict[str, type[HighsSolver] | type[ScipySolver]] = {"highs": HighsSolver, "scipy": ScipySolver}


def solver_named(name: str) -> MilpSolver:
    try:
        return SOLVERS[name]()
    except KeyError:
        raise ValueError(f"unknown solver '{name}' (known: {', '.join(SOLVERS)})") from None
