"""Ties and the tie-type vocabulary: an actor's ties, country-to-country questions, graph edges (the
whole graph's bulk reads are in ``tie_graph``)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Uuid, and_, bindparam, func, insert, literal, or_, select, union_all

from proxenia.domain.kinds import ActorKind, TieStatus, Visibility
from proxenia.domain.ties import DEFAULT_TIE_TYPES, Tie, TieDraft, TieType, TieView
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable, readable_template, viewer_mode, viewer_params
from proxenia.store.actors import IN_CHUNK, SUMMARY_COLUMNS, summary_from_row
from proxenia.store.records import RecordRepository, chunks
from proxenia.store.tables import actors, tie_types, ties

SUBNATIONAL = (ActorKind.CITY.value, ActorKind.REGION.value)
# The other end of a tie, seen from either side: aliases built once (see store/access.py).
OTHER_OUT = actors.alias("other_out")
OTHER_IN = actors.alias("other_in")
SOURCE_END = actors.alias("source_end")
TARGET_END = actors.alias("target_end")


@dataclass(frozen=True)
class Edge:
    """One hop of the graph as seen from ``origin``."""

    origin: uuid.UUID
    other: uuid.UUID
    tie_id: uuid.UUID
    type_code: str


def tie_from_row(m: Any) -> Tie:
    return Tie(
        id=m["id"],
        type_code=m["type_code"],
        source_id=m["source_id"],
        target_id=m["target_id"],
        status=TieStatus(m["status"]),
        start_date=m["start_date"],
        end_date=m["end_date"],
        rationale=m["rationale"],
        source_ref=m["source_ref"],
        notes=m["notes"],
        attributes=dict(m["attributes"] or {}),
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


def tie_row(draft: TieDraft, *, tenant_id: uuid.UUID, countries: tuple[str | None, str | None]) -> dict[str, Any]:
    return {
        "id": draft.id or uuid.uuid4(),
        "tenant_id": tenant_id,
        "visibility": draft.visibility.value,
        "type_code": draft.type_code,
        "source_id": draft.source_id,
        "target_id": draft.target_id,
        "source_country": countries[0],
        "target_country": countries[1],
        "status": draft.status.value,
        "start_date": draft.start_date,
        "end_date": draft.end_date,
        "rationale": draft.rationale,
        "source_ref": draft.source_ref,
        "notes": draft.notes,
        "attributes": dict(draft.attributes),
    }


@functools.lru_cache(maxsize=8)
def _for_actor_statement(mode: str) -> Any:
    """An actor's ties from both sides, with the other end readable; parameters: actor_id, viewer tenant."""
    actor = bindparam("actor_id", type_=Uuid())
    columns: list[Any] = [ties, *[c.label("o_" + c.name) for c in OTHER_OUT.c]]
    out_q = (
        select(*columns[:1], literal(True).label("outgoing"), *columns[1:])
        .join(OTHER_OUT, OTHER_OUT.c.id == ties.c.target_id)
        .where(ties.c.source_id == actor, readable_template(ties, mode), readable_template(OTHER_OUT, mode))
    )
    in_columns = [c.label("o_" + c.name) for c in OTHER_IN.c]
    in_q = (
        select(ties, literal(False).label("outgoing"), *in_columns)
        .join(OTHER_IN, OTHER_IN.c.id == ties.c.source_id)
        .where(ties.c.target_id == actor, readable_template(ties, mode), readable_template(OTHER_IN, mode))
    )
    return union_all(out_q, in_q)


class TieTypeRepository:
    """The vocabulary of tie types (data, not subclasses). Readable by everyone."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def all(self, viewer: Viewer) -> list[TieType]:
        rows = self.conn.execute(select(tie_types).order_by(tie_types.c.code))
        return [TieType(r.code, r.label, r.inverse_label, r.directed, r.description) for r in rows]

    def ensure_defaults(self) -> int:
        existing = set(self.conn.scalars(select(tie_types.c.code)))
        missing = [t for t in DEFAULT_TIE_TYPES if t.code not in existing]
        if missing:
            self.conn.execute(
                insert(tie_types),
                [
                    {
                        "code": t.code,
                        "label": t.label,
                        "inverse_label": t.inverse_label,
                        "directed": t.directed,
                        "description": t.description,
                    }
                    for t in missing
                ],
            )
        return len(missing)


class TieRepository(RecordRepository):
    table = ties
    kind = "tie"

    def get(self, viewer: Viewer, tie_id: uuid.UUID) -> Tie:
        return tie_from_row(self._row(viewer, tie_id)._mapping)

    def get_many(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> list[Tie]:
        out: list[Tie] = []
        for batch in chunks(set(ids), IN_CHUNK):
            rows = self.conn.execute(select(ties).where(ties.c.id.in_(batch), readable(ties, viewer)))
            out.extend(tie_from_row(r._mapping) for r in rows)
        return out

    def _sided(self, viewer: Viewer, conditions_out: Sequence[Any], conditions_in: Sequence[Any]) -> Any:
        """Ties seen from their source side (outgoing) and target side (incoming), other end readable."""
        other_out = OTHER_OUT
        other_in = OTHER_IN
        cols = [ties]
        out_q = (
            select(*cols, literal(True).label("outgoing"), *[c.label("o_" + c.name) for c in other_out.c])
            .join(other_out, other_out.c.id == ties.c.target_id)
            .where(*conditions_out, readable(ties, viewer), readable(other_out, viewer))
        )
        in_q = (
            select(*cols, literal(False).label("outgoing"), *[c.label("o_" + c.name) for c in other_in.c])
            .join(other_in, other_in.c.id == ties.c.source_id)
            .where(*conditions_in, readable(ties, viewer), readable(other_in, viewer))
        )
        return union_all(out_q, in_q)

    def for_actor(self, viewer: Viewer, actor_id: uuid.UUID, *, type_code: str | None = None) -> list[TieView]:
        if type_code is None:  # the profile's hot path: one statement per viewer mode, built once
            query = _for_actor_statement(viewer_mode(viewer))
            return self._views(viewer, query, {"actor_id": actor_id, **viewer_params(viewer)})
        out_c: list[Any] = [ties.c.source_id == actor_id, ties.c.type_code == type_code]
        in_c: list[Any] = [ties.c.target_id == actor_id, ties.c.type_code == type_code]
        return self._views(viewer, self._sided(viewer, out_c, in_c))

    def for_actors_to_country(
        self, viewer: Viewer, *, actor_ids: Sequence[uuid.UUID] | None, from_country: str | None, to_country: str
    ) -> list[TieView]:
        """Ties between given actors (or all actors of ``from_country``) and actors of ``to_country``."""
        if actor_ids is not None:
            out_c = [ties.c.source_id.in_(actor_ids), ties.c.target_country == to_country]
            in_c = [ties.c.target_id.in_(actor_ids), ties.c.source_country == to_country]
        else:
            out_c = [ties.c.source_country == from_country, ties.c.target_country == to_country]
            in_c = [ties.c.target_country == from_country, ties.c.source_country == to_country]
        return self._views(viewer, self._sided(viewer, out_c, in_c))

    def channels(self, viewer: Viewer, country_a: str, country_b: str) -> list[tuple[TieView, Any]]:
        """Ties whose both ends are below national level, one end in each country."""
        views = self.for_actors_to_country(viewer, actor_ids=None, from_country=country_a, to_country=country_b)
        origin_ids = {v.tie.source_id if v.outgoing else v.tie.target_id for v in views}
        origins: dict[uuid.UUID, Any] = {}
        for batch in chunks(origin_ids, IN_CHUNK):
            rows = self.conn.execute(select(*SUMMARY_COLUMNS).where(actors.c.id.in_(batch), readable(actors, viewer)))
            origins.update((r.id, summary_from_row(r)) for r in rows)
        out = []
        for v in views:
            origin = origins.get(v.tie.source_id if v.outgoing else v.tie.target_id)
            if origin and origin.kind.is_subnational and v.other.kind.is_subnational:
                out.append((v, origin))
        return out

    def _views(self, viewer: Viewer, query: Any, params: dict[str, Any] | None = None) -> list[TieView]:
        types = {t.code: t for t in TieTypeRepository(self.conn).all(viewer)}
        views = []
        for row in self.conn.execute(query, params or {}):
            m = row._mapping
            other = summary_from_row(_Prefixed(m, "o_"))
            tie = tie_from_row(m)
            tie_type = types.get(tie.type_code)
            label = tie_type.label_from(m["outgoing"]) if tie_type else tie.type_code
            views.append(TieView(tie=tie, other=other, outgoing=bool(m["outgoing"]), label=label))
        return views

    def edges(self, viewer: Viewer, origins: Iterable[uuid.UUID], *, types: Sequence[str] = ()) -> list[Edge]:
        """Every readable hop from the given actors to readable neighbours (both directions)."""
        result: list[Edge] = []
        other_a = OTHER_OUT
        for batch in chunks(set(origins), IN_CHUNK):
            type_filter = [ties.c.type_code.in_(types)] if types else []
            out_q = (
                select(ties.c.source_id.label("origin"), ties.c.target_id.label("other"), ties.c.id, ties.c.type_code)
                .join(other_a, other_a.c.id == ties.c.target_id)
                .where(ties.c.source_id.in_(batch), *type_filter, readable(ties, viewer), readable(other_a, viewer))
            )
            other_b = OTHER_IN
            in_q = (
                select(ties.c.target_id.label("origin"), ties.c.source_id.label("other"), ties.c.id, ties.c.type_code)
                .join(other_b, other_b.c.id == ties.c.source_id)
                .where(ties.c.target_id.in_(batch), *type_filter, readable(ties, viewer), readable(other_b, viewer))
            )
            result.extend(Edge(r[0], r[1], r[2], r[3]) for r in self.conn.execute(union_all(out_q, in_q)))
        return result

    def count_by_type(self, viewer: Viewer) -> dict[str, int]:
        rows = self.conn.execute(
            select(ties.c.type_code, func.count()).where(readable(ties, viewer)).group_by(ties.c.type_code)
        )
        return {k: n for k, n in rows}

    def duplicate_of(self, viewer: Viewer, draft: TieDraft) -> uuid.UUID | None:
        """An existing readable tie of the same type between the same two actors (either way round)."""
        pair = or_(
            and_(ties.c.source_id == draft.source_id, ties.c.target_id == draft.target_id),
            and_(ties.c.source_id == draft.target_id, ties.c.target_id == draft.source_id),
        )
        return self.conn.scalar(
            select(ties.c.id).where(pair, ties.c.type_code == draft.type_code, readable(ties, viewer)).limit(1)
        )

    # -- writes ---------------------------------------------------------------------------------
    def create(
        self, viewer: Viewer, draft: TieDraft, *, tenant_id: uuid.UUID, countries: tuple[str | None, str | None]
    ) -> uuid.UUID:
        row = tie_row(draft, tenant_id=tenant_id, countries=countries)
        self._insert(viewer, row)
        return row["id"]

    def create_many(self, viewer: Viewer, rows: Sequence[dict[str, Any]], *, summary: str) -> int:
        return self._insert_many(viewer, rows, summary=summary)

    def update(
        self, viewer: Viewer, tie_id: uuid.UUID, expected_version: int | None, fields: dict[str, Any]
    ) -> dict[str, Any]:
        return self._update(viewer, tie_id, expected_version, fields)

    def delete(self, viewer: Viewer, tie_id: uuid.UUID, expected_version: int | None = None) -> None:
        self._delete(viewer, tie_id, expected_version)


class _Prefixed:
    """A row mapping seen through a column-name prefix (the other end's columns in a tie query)."""

    def __init__(self, mapping: Any, prefix: str) -> None:
        self._mapping = {k[len(prefix) :]: v for k, v in mapping.items() if k.startswith(prefix)}
