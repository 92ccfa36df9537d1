"""Missions and the locales they serve, read from the registry: actors of kind ``mission`` (whose parent
is the country they represent) and their ``serves`` ties, each through the permission filter."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select

from proxenia.domain.actors import ActorSummary
from proxenia.domain.kinds import ActorKind
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.actors import SUMMARY_COLUMNS, summary_from_row
from proxenia.store.records import chunks
from proxenia.store.tables import actors, ties

SERVES = "serves"
_MISSION = actors.alias("mission")
_SENDER = actors.alias("sender")
_LOCALE = actors.alias("locale")


@dataclass(frozen=True)
class MissionRow:
    """A readable mission, the country it represents and one locale it serves (by a readable tie)."""

    mission: ActorSummary
    subtype: str | None
    sending_country: str | None
    attributes: dict[str, Any]
    locale: ActorSummary | None


def _columns(alias: Any, prefix: str) -> list[Any]:
    return [alias.c[c.name].label(prefix + c.name) for c in SUMMARY_COLUMNS]


class _Prefixed:
    def __init__(self, mapping: Any, prefix: str) -> None:
        self._mapping = {k[len(prefix):]: v for k, v in mapping.items() if k.startswith(prefix)}


class MissionReader:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def parents(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        """The readable parent (region, country) of each readable actor."""
        out: dict[uuid.UUID, uuid.UUID] = {}
        for batch in chunks(set(ids), 900):
            rows = self.conn.execute(
                select(actors.c.id, actors.c.parent_id).where(
                    actors.c.id.in_(batch), actors.c.parent_id.is_not(None), readable(actors, viewer)
                )
            )
            out.update((r[0], r[1]) for r in rows)
        return out

    def _query(self, viewer: Viewer) -> Any:
        m, sender, locale = _MISSION, _SENDER, _LOCALE
        return (
            select(*_columns(m, "m_"), m.c.subtype, m.c.attributes, sender.c.country_code.label("sending_country"),
                   *_columns(locale, "l_"))
            .select_from(m)
            .outerjoin(sender, and_(sender.c.id == m.c.parent_id, sender.c.kind == ActorKind.COUNTRY.value))
            .outerjoin(ties, and_(ties.c.source_id == m.c.id, ties.c.type_code == SERVES, readable(ties, viewer)))
            .outerjoin(locale, and_(locale.c.id == ties.c.target_id, readable(locale, viewer)))
            .where(m.c.kind == ActorKind.MISSION.value, readable(m, viewer))
        )

    def _rows(self, query: Any) -> list[MissionRow]:
        out = []
        for r in self.conn.execute(query):
            mapping = r._mapping
            attributes = dict(mapping["attributes"] or {})
            locale = summary_from_row(_Prefixed(mapping, "l_")) if mapping["l_id"] is not None else None
            out.append(MissionRow(
                mission=summary_from_row(_Prefixed(mapping, "m_")),
                subtype=mapping["subtype"],
                sending_country=mapping["sending_country"] or attributes.get("sending_country"),
                attributes=attributes,
                locale=locale,
            ))
        return out

    def serving(self, viewer: Viewer, locale_ids: Iterable[uuid.UUID]) -> list[MissionRow]:
        """Missions with a readable ``serves`` tie to any of these locales (one row per mission and locale)."""
        out: list[MissionRow] = []
        for batch in chunks(set(locale_ids), 900):
            out += self._rows(self._query(viewer).where(ties.c.target_id.in_(batch)))
        return out

    def missions(
        self, viewer: Viewer, *, sending_country: str | None = None, mission_ids: Iterable[uuid.UUID] | None = None
    ) -> list[MissionRow]:
        query = self._query(viewer)
        if sending_country is not None:
            query = query.where(_SENDER.c.country_code == sending_country)
        if mission_ids is not None:
            query = query.where(_MISSION.c.id.in_(list(mission_ids)))
        return self._rows(query.order_by(_MISSION.c.name).limit(2000))
