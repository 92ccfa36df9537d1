"""People and their posts (Popolo memberships), through the permission filter."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Uuid, bindparam, func, select

from proxenia.domain.kinds import Visibility
from proxenia.domain.names import fold
from proxenia.domain.people import Person, PersonDraft, Post, PostDraft
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable, readable_template, viewer_mode, viewer_params
from proxenia.store.records import RecordRepository
from proxenia.store.tables import actors, people, posts
from proxenia.store.text import prefix_match

_PERSON = people.alias("post_person")
_ORGANIZATION = actors.alias("post_organization")


@functools.lru_cache(maxsize=8)
def _posts_of_statement(mode: str) -> Any:
    return (
        select(posts, _PERSON.c.name.label("person_name"), _ORGANIZATION.c.name.label("organization_name"))
        .join(_PERSON, _PERSON.c.id == posts.c.person_id)
        .join(_ORGANIZATION, _ORGANIZATION.c.id == posts.c.organization_id)
        .where(
            posts.c.organization_id == bindparam("actor_id", type_=Uuid()),
            readable_template(posts, mode),
            readable_template(_PERSON, mode),
            readable_template(_ORGANIZATION, mode),
        )
        .order_by(posts.c.start_date.desc())
    )


def person_from_row(m: Any) -> Person:
    return Person(
        id=m["id"],
        name=m["name"],
        given_name=m["given_name"],
        family_name=m["family_name"],
        email=m["email"],
        honorific_prefix=m["honorific_prefix"],
        attributes=dict(m["attributes"] or {}),
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


def person_row(draft: PersonDraft, *, tenant_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": draft.id or uuid.uuid4(),
        "tenant_id": tenant_id,
        "visibility": draft.visibility.value,
        "name": draft.name,
        "name_folded": fold(draft.name),
        "given_name": draft.given_name,
        "family_name": draft.family_name,
        "email": draft.email,
        "honorific_prefix": draft.honorific_prefix,
        "attributes": dict(draft.attributes),
    }


def post_row(draft: PostDraft, *, tenant_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": draft.id or uuid.uuid4(),
        "tenant_id": tenant_id,
        "visibility": draft.visibility.value,
        "person_id": draft.person_id,
        "organization_id": draft.organization_id,
        "role": draft.role,
        "label": draft.label,
        "start_date": draft.start_date,
        "end_date": draft.end_date,
    }


class PersonRepository(RecordRepository):
    table = people
    kind = "person"

    def get(self, viewer: Viewer, person_id: uuid.UUID) -> Person:
        return person_from_row(self._row(viewer, person_id)._mapping)

    def search(self, viewer: Viewer, query: str, *, limit: int = 20, offset: int = 0) -> list[Person]:
        where = [readable(people, viewer)]
        if fold(query):
            where.append(prefix_match(self.conn, people.c.name_folded, fold(query)))
        rows = self.conn.execute(  # the id settles equal names, so pages never overlap
            select(people).where(*where).order_by(people.c.name, people.c.id).limit(limit).offset(offset)
        )
        return [person_from_row(r._mapping) for r in rows]

    def count(self, viewer: Viewer, query: str) -> int:
        where = [readable(people, viewer)]
        if fold(query):
            where.append(prefix_match(self.conn, people.c.name_folded, fold(query)))
        return int(self.conn.scalar(select(func.count()).select_from(people).where(*where)) or 0)

    def all(self, viewer: Viewer) -> list[Person]:
        rows = self.conn.execute(select(people).where(readable(people, viewer)).order_by(people.c.name))
        return [person_from_row(r._mapping) for r in rows]

    def create(self, viewer: Viewer, draft: PersonDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        row = person_row(draft, tenant_id=tenant_id)
        self._insert(viewer, row)
        return row["id"]

    def create_many(self, viewer: Viewer, rows: Sequence[dict[str, Any]], *, summary: str) -> int:
        return self._insert_many(viewer, rows, summary=summary)

    def update(
        self, viewer: Viewer, person_id: uuid.UUID, expected_version: int | None, fields: dict[str, Any]
    ) -> dict[str, Any]:
        if "name" in fields:
            fields = {**fields, "name_folded": fold(fields["name"])}
        return self._update(viewer, person_id, expected_version, fields)


class PostRepository(RecordRepository):
    table = posts
    kind = "post"

    def _query(self, viewer: Viewer) -> Any:
        person = _PERSON
        org = _ORGANIZATION
        return (
            select(posts, person.c.name.label("person_name"), org.c.name.label("organization_name"))
            .join(person, person.c.id == posts.c.person_id)
            .join(org, org.c.id == posts.c.organization_id)
            .where(readable(posts, viewer), readable(person, viewer), readable(org, viewer))
        )

    def for_organization(self, viewer: Viewer, actor_id: uuid.UUID) -> list[Post]:
        rows = self.conn.execute(
            _posts_of_statement(viewer_mode(viewer)), {"actor_id": actor_id, **viewer_params(viewer)}
        )
        return [_post(r._mapping) for r in rows]

    def for_person(self, viewer: Viewer, person_id: uuid.UUID) -> list[Post]:
        rows = self.conn.execute(
            self._query(viewer).where(posts.c.person_id == person_id).order_by(posts.c.start_date.desc())
        )
        return [_post(r._mapping) for r in rows]

    def for_people(self, viewer: Viewer, person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Post]]:
        """person -> its readable posts, latest first, in one query for a page of people."""
        out: dict[uuid.UUID, list[Post]] = {p: [] for p in person_ids}
        if person_ids:
            rows = self.conn.execute(self._query(viewer).where(posts.c.person_id.in_(list(person_ids)))
                                     .order_by(posts.c.start_date.desc()))
            for r in rows:
                out[r.person_id].append(_post(r._mapping))
        return out

    def all(self, viewer: Viewer) -> list[Post]:
        return [_post(r._mapping) for r in self.conn.execute(self._query(viewer).order_by(posts.c.id))]

    def create(self, viewer: Viewer, draft: PostDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        row = post_row(draft, tenant_id=tenant_id)
        self._insert(viewer, row)
        return row["id"]

    def create_many(self, viewer: Viewer, rows: Sequence[dict[str, Any]], *, summary: str) -> int:
        return self._insert_many(viewer, rows, summary=summary)


def _post(m: Any) -> Post:
    return Post(
        id=m["id"],
        person_id=m["person_id"],
        organization_id=m["organization_id"],
        role=m["role"],
        label=m["label"],
        start_date=m["start_date"],
        end_date=m["end_date"],
        person_name=m["person_name"],
        organization_name=m["organization_name"],
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
    )
