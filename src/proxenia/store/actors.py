"""Actors: reads through the permission filter, bulk writes, identifiers and alternative names."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Row, Uuid, and_, bindparam, case, delete, func, insert, select, update

from proxenia.domain.actors import Actor, ActorDraft, ActorSummary, Identifier
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.names import fold
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable, readable_template, viewer_mode, viewer_params
from proxenia.store.bulk import insert_rows
from proxenia.store.records import RecordRepository, chunks
from proxenia.store.tables import actor_names, actor_redirects, actors, identifiers, ties
from proxenia.store.text import prefix_match

SUMMARY_COLUMNS = (
    actors.c.id,
    actors.c.kind,
    actors.c.name,
    actors.c.country_code,
    actors.c.subdivision_code,
    actors.c.population,
    actors.c.latitude,
    actors.c.longitude,
    actors.c.visibility,
    actors.c.resolved,
)
IN_CHUNK = 5000


def summary_from_row(row: Row[Any] | Any) -> ActorSummary:
    m = row._mapping
    return ActorSummary(
        id=m["id"],
        kind=ActorKind(m["kind"]),
        name=m["name"],
        country_code=m["country_code"],
        subdivision_code=m["subdivision_code"],
        population=m["population"],
        latitude=m["latitude"],
        longitude=m["longitude"],
        visibility=Visibility(m["visibility"]),
        resolved=m["resolved"],
    )


def search_names(name: str, other_names: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Folded name -> (display name, role) for the name index.

    Roles: ``primary`` (the name), ``other`` (an alternative name), ``word`` (a word suffix of the
    name, so that 'angeles' finds 'Los Angeles'; derived, never exported).
    """
    out: dict[str, tuple[str, str]] = {}
    primary = fold(name)
    if primary:
        out[primary] = (name, "primary")
    for other in other_names:
        folded = fold(other)
        if folded and len(folded) <= 500:
            out.setdefault(folded, (other, "other"))
    words = primary.split(" ")
    for i in range(1, len(words)):
        suffix = " ".join(words[i:])
        if len(suffix) >= 3:
            out.setdefault(suffix, (name, "word"))
    return out


def actor_row(draft: ActorDraft, *, tenant_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": draft.id or uuid.uuid4(),
        "tenant_id": tenant_id,
        "visibility": draft.visibility.value,
        "kind": draft.kind.value,
        "subtype": draft.subtype,
        "name": draft.name,
        "name_folded": fold(draft.name),
        "country_code": draft.country_code,
        "subdivision_code": draft.subdivision_code,
        "latitude": draft.latitude,
        "longitude": draft.longitude,
        "population": draft.population,
        "parent_id": draft.parent_id,
        "resolved": draft.resolved,
        "attributes": dict(draft.attributes),
    }


@functools.lru_cache(maxsize=8)
def _summary_statement(mode: str) -> Any:
    return select(*SUMMARY_COLUMNS).where(
        actors.c.id == bindparam("actor_id", type_=Uuid()), readable_template(actors, mode)
    )


@functools.lru_cache(maxsize=8)
def _search_statements(mode: str, country: bool, kinds: bool, resolved: bool) -> tuple[Any, Any]:
    """Count and page statements of a name search, built once per shape."""
    conditions: list[Any] = [
        actors.c.id.in_(
            select(actor_names.c.actor_id).where(
                actor_names.c.folded >= bindparam("low"), actor_names.c.folded < bindparam("high")
            )
        )
    ]
    if country:
        conditions.append(actors.c.country_code == bindparam("country"))
    if kinds:
        conditions.append(actors.c.kind.in_(bindparam("kinds", expanding=True)))
    if resolved:
        conditions.append(actors.c.resolved == bindparam("resolved"))
    conditions.append(readable_template(actors, mode))
    where = and_(*conditions)
    count = select(func.count()).select_from(actors).where(where)
    folded: Any = bindparam("folded")
    order = [
        case((actors.c.name_folded == folded, 0), else_=1),
        case(((actors.c.name_folded >= bindparam("low")) & (actors.c.name_folded < bindparam("high")), 0), else_=1),
        actors.c.population.desc().nulls_last(),
        actors.c.name,
        actors.c.id,
    ]
    page = select(*SUMMARY_COLUMNS).where(where).order_by(*order).limit(bindparam("limit")).offset(bindparam("offset"))
    return count, page


class ActorRepository(RecordRepository):
    table = actors
    kind = "actor"

    # -- reads ----------------------------------------------------------------------------------
    def get(self, viewer: Viewer, actor_id: uuid.UUID) -> Actor:
        row = self._row(viewer, actor_id)._mapping
        names = self.conn.execute(
            select(actor_names.c.name).where(actor_names.c.actor_id == actor_id, actor_names.c.role == "other")
        ).scalars()
        idents = self.conn.execute(
            select(identifiers.c.scheme, identifiers.c.value)
            .where(identifiers.c.actor_id == actor_id)
            .order_by(identifiers.c.scheme)
        )
        other = tuple(dict.fromkeys(n for n in names if n != row["name"]))
        return Actor(
            id=row["id"],
            kind=ActorKind(row["kind"]),
            name=row["name"],
            subtype=row["subtype"],
            country_code=row["country_code"],
            subdivision_code=row["subdivision_code"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            population=row["population"],
            parent_id=row["parent_id"],
            resolved=row["resolved"],
            attributes=dict(row["attributes"] or {}),
            other_names=other,
            identifiers=tuple(Identifier(s, v) for s, v in idents),
            tenant_id=row["tenant_id"],
            visibility=Visibility(row["visibility"]),
            version=row["version"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def summaries(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, ActorSummary]:
        """Readable actors by id, in as few queries as the id list needs (no N+1)."""
        out: dict[uuid.UUID, ActorSummary] = {}
        wanted = set(ids)
        if len(wanted) == 1:  # the common case (a profile's parents): one cached statement
            row = self.conn.execute(
                _summary_statement(viewer_mode(viewer)), {"actor_id": next(iter(wanted)), **viewer_params(viewer)}
            ).first()
            return {row.id: summary_from_row(row)} if row else {}
        for batch in chunks(wanted, IN_CHUNK):
            rows = self.conn.execute(select(*SUMMARY_COLUMNS).where(actors.c.id.in_(batch), readable(actors, viewer)))
            out.update((r.id, summary_from_row(r)) for r in rows)
        return out

    def redirect(self, actor_id: uuid.UUID) -> uuid.UUID | None:
        """Where a merged-away actor now lives."""
        return self.conn.scalar(select(actor_redirects.c.new_id).where(actor_redirects.c.old_id == actor_id))

    def search(
        self,
        viewer: Viewer,
        *,
        query: str | None = None,
        country_code: str | None = None,
        kinds: Sequence[ActorKind] = (),
        resolved: bool | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> tuple[list[ActorSummary], int]:
        folded = fold(query or "")
        if folded and self.conn.dialect.name == "sqlite":
            shape = (viewer_mode(viewer), bool(country_code), bool(kinds), resolved is not None)
            count_q, page_q = _search_statements(*shape)
            params: dict[str, Any] = {
                "low": folded,
                "high": folded + "\U0010ffff",
                "folded": folded,
                "limit": limit,
                "offset": offset,
                **viewer_params(viewer),
            }
            if country_code:
                params["country"] = country_code.upper()
            if kinds:
                params["kinds"] = [k.value for k in kinds]
            if resolved is not None:
                params["resolved"] = resolved
            total = self.conn.scalar(count_q, params) or 0
            return [summary_from_row(r) for r in self.conn.execute(page_q, params)], total
        conditions = [readable(actors, viewer)]
        if folded:
            matching = select(actor_names.c.actor_id).where(prefix_match(self.conn, actor_names.c.folded, folded))
            conditions.append(actors.c.id.in_(matching))
        if country_code:
            conditions.append(actors.c.country_code == country_code.upper())
        if kinds:
            conditions.append(actors.c.kind.in_([k.value for k in kinds]))
        if resolved is not None:
            conditions.append(actors.c.resolved == resolved)
        where = and_(*conditions)
        total = self.conn.scalar(select(func.count()).select_from(actors).where(where)) or 0
        order: list[Any] = []
        if folded:
            order.append(case((actors.c.name_folded == folded, 0), else_=1))
            order.append(case((prefix_match(self.conn, actors.c.name_folded, folded), 0), else_=1))
        order += [actors.c.population.desc().nulls_last(), actors.c.name, actors.c.id]
        rows = self.conn.execute(select(*SUMMARY_COLUMNS).where(where).order_by(*order).limit(limit).offset(offset))
        return [summary_from_row(r) for r in rows], total

    def by_identifier(self, viewer: Viewer, scheme: str, value: str) -> ActorSummary | None:
        row = self.conn.execute(
            select(*SUMMARY_COLUMNS)
            .join(identifiers, identifiers.c.actor_id == actors.c.id)
            .where(identifiers.c.scheme == scheme, identifiers.c.value == value, readable(actors, viewer))
        ).first()
        return summary_from_row(row) if row else None

    def ids_by_identifiers(self, viewer: Viewer, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], uuid.UUID]:
        """Resolve many (scheme, value) pairs at once."""
        out: dict[tuple[str, str], uuid.UUID] = {}
        by_scheme: dict[str, set[str]] = {}
        for scheme, value in pairs:
            by_scheme.setdefault(scheme, set()).add(value)
        for scheme, values in by_scheme.items():
            for batch in chunks(values, IN_CHUNK):
                rows = self.conn.execute(
                    select(identifiers.c.value, identifiers.c.actor_id)
                    .join(actors, actors.c.id == identifiers.c.actor_id)
                    .where(identifiers.c.scheme == scheme, identifiers.c.value.in_(batch), readable(actors, viewer))
                )
                out.update(((scheme, v), a) for v, a in rows)
        return out

    def by_exact_name(self, viewer: Viewer, folded: str, country_code: str | None) -> list[ActorSummary]:
        where = [actor_names.c.folded == folded, readable(actors, viewer)]
        if country_code:
            where.append(actors.c.country_code == country_code)
        rows = self.conn.execute(
            select(*SUMMARY_COLUMNS).distinct().join(actor_names, actor_names.c.actor_id == actors.c.id).where(*where)
        )
        return [summary_from_row(r) for r in rows]

    def names_in_country(self, viewer: Viewer, country_code: str | None) -> list[tuple[uuid.UUID, str]]:
        """(actor id, folded name) pairs of one country, for fuzzy matching."""
        where = [readable(actors, viewer), actor_names.c.role != "word"]
        where.append(actors.c.country_code == country_code if country_code else actors.c.country_code.is_(None))
        rows = self.conn.execute(
            select(actors.c.id, actor_names.c.folded)
            .join(actor_names, actor_names.c.actor_id == actors.c.id)
            .where(*where)
        )
        return [(r[0], r[1]) for r in rows]

    def count_by_kind(self, viewer: Viewer) -> dict[str, int]:
        rows = self.conn.execute(
            select(actors.c.kind, func.count()).where(readable(actors, viewer)).group_by(actors.c.kind)
        )
        return {k: n for k, n in rows}

    def count_unresolved(self, viewer: Viewer) -> int:
        return (
            self.conn.scalar(
                select(func.count()).select_from(actors).where(~actors.c.resolved, readable(actors, viewer))
            )
            or 0
        )

    # -- writes ---------------------------------------------------------------------------------
    def create(self, viewer: Viewer, draft: ActorDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        row = actor_row(draft, tenant_id=tenant_id)
        self._insert(viewer, row)
        self._write_names_and_ids([(row["id"], draft)])
        return row["id"]

    def create_many(
        self, viewer: Viewer, drafts: Sequence[ActorDraft], *, tenant_id: uuid.UUID, summary: str
    ) -> list[uuid.UUID]:
        rows = [actor_row(d, tenant_id=tenant_id) for d in drafts]
        self._insert_many(viewer, rows, summary=summary)
        self._write_names_and_ids([(r["id"], d) for r, d in zip(rows, drafts, strict=True)])
        return [r["id"] for r in rows]

    def _write_names_and_ids(self, pairs: Sequence[tuple[uuid.UUID, ActorDraft]]) -> None:
        name_rows: list[dict[str, Any]] = []
        id_rows: list[dict[str, Any]] = []
        for actor_id, draft in pairs:
            for folded, (name, role) in search_names(draft.name, draft.other_names).items():
                name_rows.append({"actor_id": actor_id, "folded": folded, "name": name, "role": role})
            for ident in draft.identifiers:
                id_rows.append({"actor_id": actor_id, "scheme": ident.scheme, "value": ident.value})
        insert_rows(self.conn, actor_names, name_rows)
        insert_rows(self.conn, identifiers, id_rows)

    def update(
        self, viewer: Viewer, actor_id: uuid.UUID, expected_version: int | None, fields: dict[str, Any]
    ) -> dict[str, Any]:
        fields = dict(fields)
        if "name" in fields:
            fields["name_folded"] = fold(fields["name"])
        after = self._update(viewer, actor_id, expected_version, fields)
        if "name" in fields:
            self.conn.execute(
                delete(actor_names).where(
                    actor_names.c.actor_id == actor_id, actor_names.c.role.in_(("primary", "word"))
                )
            )
            rows = [
                {"actor_id": actor_id, "folded": f, "name": n, "role": r}
                for f, (n, r) in search_names(fields["name"], ()).items()
            ]
            existing = set(self.conn.scalars(select(actor_names.c.folded).where(actor_names.c.actor_id == actor_id)))
            rows = [r for r in rows if r["folded"] not in existing]
            if rows:
                self.conn.execute(insert(actor_names), rows)
        if "country_code" in fields:
            self.conn.execute(
                update(ties).where(ties.c.source_id == actor_id).values(source_country=fields["country_code"])
            )
            self.conn.execute(
                update(ties).where(ties.c.target_id == actor_id).values(target_country=fields["country_code"])
            )
        return after

    def add_identifier(self, viewer: Viewer, actor_id: uuid.UUID, ident: Identifier) -> None:
        self._update(viewer, actor_id, None, {})  # permission check through the generic path
        self.conn.execute(insert(identifiers).values(actor_id=actor_id, scheme=ident.scheme, value=ident.value))

    def add_identifiers_bulk(self, viewer: Viewer, pairs: Sequence[tuple[uuid.UUID, Identifier]]) -> int:
        """Attach identifiers to existing actors, skipping (scheme, value) pairs already known."""
        if not viewer.is_system:
            raise PermissionError("bulk identifiers are for reference loads only")
        wanted = {(i.scheme, i.value): actor_id for actor_id, i in pairs}
        known = self.ids_by_identifiers(viewer, wanted)
        rows = [{"scheme": s, "value": v, "actor_id": a} for (s, v), a in wanted.items() if (s, v) not in known]
        if rows:
            self.conn.execute(insert(identifiers), rows)
        return len(rows)
