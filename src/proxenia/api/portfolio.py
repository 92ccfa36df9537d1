"""/api/v1/portfolio (settings, diagnostics findings, departments × goals heat map) and /api/v1/scenarios
(balancing with a MILP solver, variants, side-by-side comparison)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from proxenia.api.deps import API_DEPENDENCIES, ServicesDep, VersionDep, ViewerDep, etag
from proxenia.api.engagement_schemas import IsoDate, iso_date
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.api.schemas import Created
from proxenia.domain.balancing import Adjustments, GoalSpec
from proxenia.domain.findings import FindingKind
from proxenia.domain.kinds import Visibility
from proxenia.domain.paging import MAX_LIMIT
from proxenia.domain.portfolio import PortfolioSettings, plan_to_json, result_to_json
from proxenia.services.scenarios import parse_plan

router = APIRouter(prefix="/api/v1", tags=["portfolio"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES)
Number = Annotated[float, Field(strict=True, ge=0, le=10)]


class SettingsPublic(BaseModel):
    model_config = ConfigDict(extra="forbid")
    home_actor_id: uuid.UUID | None = Field(default=None, description="your government's own place")
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    goal_weights: dict[uuid.UUID, Number] = Field(default={}, description="goal id -> weight (0-10)")
    window_days: int = Field(default=365, ge=30, le=3650, strict=True)
    dormant_years: int = Field(default=3, ge=1, le=50, strict=True)

    @classmethod
    def of(cls, s: PortfolioSettings) -> SettingsPublic:
        return cls(home_actor_id=s.home_actor_id, currency=s.currency, goal_weights=dict(s.goal_weights),
                   window_days=s.window_days, dormant_years=s.dormant_years)


class RecordPublic(BaseModel):
    kind: str
    id: uuid.UUID | None
    label: str
    on: dt.date | None


class FindingPublic(BaseModel):
    kind: FindingKind
    title: str
    detail: str
    suggested_action: str
    severity: int
    subject: RecordPublic | None
    records: list[RecordPublic]


class FindingsPublic(BaseModel):
    as_of: dt.date
    window_days: int
    dormant_years: int
    engagements_read: int
    seconds: float
    counts: dict[str, int]
    total: int = Field(description="findings of the kind asked for (all kinds: every finding), across all pages")
    limit: int
    offset: int
    findings: list[FindingPublic]


class HeatCellPublic(BaseModel):
    department_id: uuid.UUID | None
    goal_id: uuid.UUID
    engagements: int
    weight: float
    staff_days: float
    level: int


class HeatMapPublic(BaseModel):
    date_from: dt.date
    date_to: dt.date
    departments: list[dict[str, Any]]
    goals: list[dict[str, Any]]
    cells: list[HeatCellPublic]


class NewPriority(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(min_length=1, max_length=100)
    label: str = Field(min_length=1, max_length=300)
    weight: float = Field(default=1.0, ge=0, le=10, strict=True)
    target: float = Field(default=1.0, gt=0, le=1e6, strict=True)
    min_coverage: float = Field(default=0.0, ge=0, le=1e6, strict=True)


class AdjustmentsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    budget_factor: float = Field(default=1.0, ge=0, le=10, strict=True, description="0.8 = budgets cut by 20 %")
    staff_factor: float = Field(default=1.0, ge=0, le=10, strict=True)
    goal_weights: dict[str, Number] = Field(default={})
    new_goals: list[NewPriority] = Field(default=[], max_length=20)

    def adjustments(self) -> Adjustments:
        return Adjustments(self.budget_factor, self.staff_factor, dict(self.goal_weights),
                           tuple(GoalSpec(**g.model_dump()) for g in self.new_goals))


class ScenarioCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    plan: dict[str, Any] = Field(description="{currency, activities: [...], capacities: [...], goals: [...]}")
    adjustments: AdjustmentsIn = AdjustmentsIn()
    visibility: Visibility = Visibility.PRIVATE


class VariantCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=300)
    adjustments: AdjustmentsIn


class ScenarioPublic(BaseModel):
    id: uuid.UUID
    name: str
    description: str | None
    base_id: uuid.UUID | None
    plan: dict[str, Any]
    adjustments: dict[str, Any]
    result: dict[str, Any] | None
    solved_at: dt.datetime | None
    tenant_id: uuid.UUID
    visibility: Visibility
    tlp: str
    version: int


@router.get("/portfolio/settings", response_model=SettingsPublic, summary="Your portfolio settings")
def get_settings(services: ServicesDep, viewer: ViewerDep) -> SettingsPublic:
    return SettingsPublic.of(services.portfolio.settings(viewer))


@router.put("/portfolio/settings", response_model=SettingsPublic, summary="Change your portfolio settings (admins)")
def put_settings(body: SettingsPublic, services: ServicesDep, viewer: ViewerDep) -> SettingsPublic:
    return SettingsPublic.of(services.portfolio.save_settings(viewer, **body.model_dump()))


@router.get("/portfolio/findings", response_model=FindingsPublic,
            summary="Diagnostics: silos, overlaps, conflicts, gaps and dormant ties, with the records behind each")
def findings(
    services: ServicesDep, viewer: ViewerDep, as_of: IsoDate = None,
    window_days: Annotated[int | None, Query(ge=30, le=3650)] = None,
    dormant_years: Annotated[int | None, Query(ge=1, le=50)] = None,
    kind: FindingKind | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="findings per page")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="findings to skip")] = 0,
) -> FindingsPublic:
    """The findings in the report's order (by kind, then as the diagnostics rank them), a page at a time:
    a government with 200,000 engagements can have thousands."""
    report = services.portfolio.diagnose(viewer, as_of=iso_date(as_of, "as_of"), window_days=window_days,
                                         dormant_years=dormant_years)
    chosen = report.of_kind(kind) if kind else report.findings
    return FindingsPublic(
        as_of=report.options.as_of, window_days=report.options.window_days,
        dormant_years=report.options.dormant_years, engagements_read=report.engagements_read,
        seconds=round(report.seconds, 3), counts=report.counts, total=len(chosen), limit=limit, offset=offset,
        findings=[FindingPublic(kind=f.kind, title=f.title, detail=f.detail, suggested_action=f.suggested_action,
                                severity=f.severity,
                                subject=RecordPublic(**dataclasses.asdict(f.subject)) if f.subject else None,
                                records=[RecordPublic(**dataclasses.asdict(r)) for r in f.records])
                  for f in chosen[offset:offset + limit]],
    )


@router.get("/portfolio/heat-map", response_model=HeatMapPublic, summary="Departments × goals over the window")
def heat_map(
    services: ServicesDep, viewer: ViewerDep, as_of: IsoDate = None,
    window_days: Annotated[int | None, Query(ge=30, le=3650)] = None,
) -> HeatMapPublic:
    m = services.portfolio.heat_map(viewer, as_of=iso_date(as_of, "as_of"), window_days=window_days)
    return HeatMapPublic(
        date_from=m.date_from, date_to=m.date_to,
        departments=[{"id": d, "name": n} for d, n in m.departments],
        goals=[{"id": g, "label": label, "weight": w} for g, label, w in m.goals],
        cells=[HeatCellPublic(department_id=d, goal_id=g, engagements=c.engagements, weight=c.weight,
                              staff_days=c.staff_days, level=c.level) for (d, g), c in m.cells.items()],
    )


def _scenario(s: Any) -> ScenarioPublic:
    return ScenarioPublic(id=s.id, name=s.name, description=s.description, base_id=s.base_id,
                          plan=plan_to_json(s.plan), adjustments=s.adjustments.as_dict(), result=s.result,
                          solved_at=s.solved_at, tenant_id=s.tenant_id, visibility=s.visibility,
                          tlp=s.visibility.tlp, version=s.version)


@router.get("/scenarios", response_model=list[ScenarioPublic], summary="Your balancing scenarios")
def list_scenarios(services: ServicesDep, viewer: ViewerDep) -> list[ScenarioPublic]:
    return [_scenario(s) for s in services.scenarios.scenarios(viewer)]


@router.post("/scenarios", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Solve a plan (activities, capacities, goals) and save it as a scenario")
def create_scenario(body: ScenarioCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    new_id = services.scenarios.create(viewer, name=body.name, plan=parse_plan(body.plan),
                                       adjustments=body.adjustments.adjustments(), description=body.description,
                                       visibility=body.visibility)
    response.headers["Location"] = f"/api/v1/scenarios/{new_id}"
    return Created(id=new_id)


@router.get("/scenarios/{scenario_id}", response_model=ScenarioPublic, summary="Read a scenario and its result")
def get_scenario(scenario_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response) -> Any:
    found = services.scenarios.get(viewer, scenario_id)
    response.headers["ETag"] = etag(found.version)
    return _scenario(found)


@router.post("/scenarios/{scenario_id}/variants", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Solve a variant of a scenario (budget −20 %, a new priority...) and save it")
def create_variant(
    scenario_id: uuid.UUID, body: VariantCreate, services: ServicesDep, viewer: ViewerDep, response: Response
) -> Created:
    new_id = services.scenarios.create(viewer, name=body.name, base_id=scenario_id,
                                       adjustments=body.adjustments.adjustments())
    response.headers["Location"] = f"/api/v1/scenarios/{new_id}"
    return Created(id=new_id)


@router.delete("/scenarios/{scenario_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete a scenario (send If-Match)")
def delete_scenario(scenario_id: uuid.UUID, version: VersionDep, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.scenarios.delete(viewer, scenario_id, version.version())
    return Response(status_code=204)


@router.get("/scenario-comparisons", summary="Scenarios side by side: coverage per goal, levels that differ")
def compare(
    services: ServicesDep, viewer: ViewerDep, ids: Annotated[list[uuid.UUID], Query(min_length=2, max_length=6)]
) -> dict[str, Any]:
    c = services.scenarios.compare(viewer, ids)
    return {
        "scenarios": [{"id": str(col.id), "name": col.name, "adjustments": col.adjustments.as_dict(),
                       "result": result_to_json(col.result)} for col in c.columns],
        "goals": [{"key": k, "label": label} for k, label in c.goals],
        "differing_activities": [{"key": k, "name": n} for k, n in c.activities],
    }
