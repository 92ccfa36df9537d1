"""Portfolio settings (one row per tenant, read by its own users) and balancing scenarios."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, insert, select

from proxenia.domain.balancing import Adjustments
from proxenia.domain.kinds import Visibility
from proxenia.domain.portfolio import PortfolioSettings, Scenario, plan_from_json
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.columns import utcnow
from proxenia.store.records import ChangeLog, RecordRepository
from proxenia.store.tables import portfolio_settings, scenarios, tenants

SETTINGS_KIND = "portfolio_settings"  # the audit trail's name for a change of a portfolio's settings


class PortfolioSettingsRepository:
    """Configuration of one tenant; the service only ever asks for the viewer's own tenant."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def get(self, tenant_id: uuid.UUID) -> PortfolioSettings:
        row = self.conn.execute(select(portfolio_settings).where(portfolio_settings.c.tenant_id == tenant_id)).first()
        if row is None:
            home = self.conn.scalar(select(tenants.c.actor_id).where(tenants.c.id == tenant_id))
            return PortfolioSettings(tenant_id=tenant_id, home_actor_id=home)
        return PortfolioSettings(
            tenant_id=tenant_id,
            home_actor_id=row.home_actor_id,
            currency=row.currency,
            goal_weights={uuid.UUID(k): float(v) for k, v in (row.goal_weights or {}).items()},
            window_days=row.window_days,
            dormant_years=row.dormant_years,
        )

    def save(self, viewer: Viewer, settings: PortfolioSettings) -> None:
        before = self.get(settings.tenant_id)
        values = {
            "tenant_id": settings.tenant_id,
            "home_actor_id": settings.home_actor_id,
            "currency": settings.currency,
            "goal_weights": {str(k): v for k, v in settings.goal_weights.items()},
            "window_days": settings.window_days,
            "dormant_years": settings.dormant_years,
            "updated_at": utcnow(),
        }
        self.conn.execute(delete(portfolio_settings).where(portfolio_settings.c.tenant_id == settings.tenant_id))
        self.conn.execute(insert(portfolio_settings).values(**values))
        ChangeLog(self.conn).record(
            viewer,
            kind=SETTINGS_KIND,
            record_id=None,
            action="update",
            tenant_id=settings.tenant_id,
            before={
                "home_actor_id": before.home_actor_id,
                "goal_weights": {str(k): v for k, v in before.goal_weights.items()},
            },
            after={k: v for k, v in values.items() if k != "updated_at"},
        )


def scenario_from_row(m: Any) -> Scenario:
    return Scenario(
        id=m["id"],
        name=m["name"],
        description=m["description"],
        base_id=m["base_id"],
        plan=plan_from_json(m["plan"] or {}),
        adjustments=Adjustments.from_dict(m["adjustments"] or {}),
        result=m["result"],
        solved_at=m["solved_at"],
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


class ScenarioRepository(RecordRepository):
    table = scenarios
    kind = "scenario"

    def get(self, viewer: Viewer, scenario_id: uuid.UUID) -> Scenario:
        return scenario_from_row(self._row(viewer, scenario_id)._mapping)

    def search(self, viewer: Viewer, *, tenant_id: uuid.UUID | None = None) -> list[Scenario]:
        where: list[Any] = [readable(scenarios, viewer)]
        if tenant_id is not None:
            where.append(scenarios.c.tenant_id == tenant_id)
        rows = self.conn.execute(select(scenarios).where(*where).order_by(scenarios.c.created_at, scenarios.c.name))
        return [scenario_from_row(r._mapping) for r in rows]

    def create(self, viewer: Viewer, values: dict[str, Any]) -> uuid.UUID:
        row = {"id": uuid.uuid4(), **values}
        self._insert(viewer, row, summary=str(values.get("name", ""))[:200])
        return uuid.UUID(str(row["id"]))

    def update(
        self, viewer: Viewer, scenario_id: uuid.UUID, version: int | None, fields: dict[str, Any]
    ) -> dict[str, Any]:
        return self._update(viewer, scenario_id, version, fields)

    def delete(self, viewer: Viewer, scenario_id: uuid.UUID, version: int | None) -> None:
        self._delete(viewer, scenario_id, version)
