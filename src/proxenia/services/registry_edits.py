"""Changing the registry: actors, ties, people and posts; merging duplicates. Every change is audited."""

from __future__ import annotations

import uuid
from typing import Any

from proxenia.domain.actors import ActorDraft, check_actor_fields
from proxenia.domain.countries import is_country_code
from proxenia.domain.dates import normalise_date, period_problem
from proxenia.domain.errors import Conflict, InvalidInput, NotFound, Problem, ProblemCollector, refuse_too_long
from proxenia.domain.kinds import TieStatus, Visibility
from proxenia.domain.people import PersonDraft, PostDraft
from proxenia.domain.ties import TIE_TEXT_LIMITS, TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.store.access import check_can_write
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.merging import ActorMerger
from proxenia.store.people import PersonRepository, PostRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID
from proxenia.store.ties import TieRepository, TieTypeRepository

ACTOR_FIELDS = {
    "name",
    "subtype",
    "country_code",
    "subdivision_code",
    "latitude",
    "longitude",
    "population",
    "parent_id",
    "attributes",
    "visibility",
}
TIE_FIELDS = {"status", "start_date", "end_date", "rationale", "source_ref", "notes", "attributes", "visibility"}


def _owner(viewer: Viewer) -> uuid.UUID:
    if viewer.is_system:
        return REFERENCE_TENANT_ID
    if viewer.tenant_id is None:
        from proxenia.domain.errors import Unauthenticated

        raise Unauthenticated("sign in to add records")
    return viewer.tenant_id


def _writable_owner(viewer: Viewer, what: str) -> uuid.UUID:
    """The tenant a new record of the viewer's belongs to, once the viewer may write there: a viewer who may
    not is refused (403) before anything about the record is looked at, a duplicate's 409 included."""
    owner = _owner(viewer)
    check_can_write(viewer, owner, what)
    return owner


class RegistryEditService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- actors --------------------------------------------------------------------------------------
    def create_actor(self, viewer: Viewer, draft: ActorDraft) -> uuid.UUID:
        owner = _writable_owner(viewer, "actors")
        problems = ProblemCollector()
        if not draft.name.strip():
            problems.add(Problem("is required", column="name"))
        if draft.country_code and not is_country_code(draft.country_code):
            problems.add(Problem(f"'{draft.country_code}' is not an ISO 3166-1 alpha-2 code", column="country_code"))
        check_actor_fields(problems, vars(draft))
        seen: set[tuple[str, str]] = set()
        for i, ident in enumerate(draft.identifiers):
            if not ident.scheme.strip() or not ident.value.strip():
                problems.add(Problem("needs both a scheme and a value", column=f"identifiers[{i}]"))
            elif (ident.scheme, ident.value) in seen:
                problems.add(Problem(f"{ident.scheme} id {ident.value} is listed twice", column=f"identifiers[{i}]"))
            seen.add((ident.scheme, ident.value))
        problems.raise_if_any()
        with self.db.begin() as conn:
            repo = ActorRepository(conn)
            if draft.parent_id and not repo.exists(viewer, draft.parent_id):
                raise InvalidInput(Problem("the parent actor does not exist", column="parent_id"))
            if draft.identifiers:
                taken = repo.ids_by_identifiers(Viewer.system(), [(i.scheme, i.value) for i in draft.identifiers])
                if taken:
                    (scheme, value), other = next(iter(taken.items()))
                    raise Conflict(f"{scheme} id {value} already belongs to actor {other}")
            return repo.create(viewer, draft, tenant_id=owner)

    def update_actor(self, viewer: Viewer, actor_id: uuid.UUID, version: int | None, fields: dict[str, Any]) -> int:
        unknown = set(fields) - ACTOR_FIELDS
        if unknown:
            raise InvalidInput(Problem(f"cannot change {', '.join(sorted(unknown))}", column=sorted(unknown)[0]))
        if "visibility" in fields:
            fields["visibility"] = Visibility(fields["visibility"]).value
        if fields.get("country_code") and not is_country_code(fields["country_code"]):
            raise InvalidInput(Problem(f"'{fields['country_code']}' is not a country code", column="country_code"))
        problems = ProblemCollector()
        if "name" in fields and not (fields["name"] or "").strip():
            problems.add(Problem("is required", column="name"))
        check_actor_fields(problems, fields)
        problems.raise_if_any()
        with self.db.begin() as conn:
            after = ActorRepository(conn).update(viewer, actor_id, version, fields)
        return int(after["version"])

    def delete_actor(self, viewer: Viewer, actor_id: uuid.UUID, version: int | None = None) -> None:
        with self.db.begin() as conn:
            ActorRepository(conn)._delete(viewer, actor_id, version)

    def merge_actors(self, viewer: Viewer, survivor_id: uuid.UUID, duplicate_id: uuid.UUID) -> dict[str, int]:
        with self.db.begin() as conn:
            return ActorMerger(ActorRepository(conn)).merge(viewer, survivor_id, duplicate_id)

    # -- ties ----------------------------------------------------------------------------------------
    def create_tie(self, viewer: Viewer, draft: TieDraft) -> uuid.UUID:
        owner = _writable_owner(viewer, "ties")
        problems = ProblemCollector()
        for column, value in (("start_date", draft.start_date), ("end_date", draft.end_date)):
            try:
                normalise_date(value)
            except ValueError as exc:
                problems.add(Problem(str(exc), column=column))
        if not problems and (why := period_problem(draft.start_date, draft.end_date)):
            problems.add(Problem(f"the tie {why}", column="end_date"))
        if draft.source_id == draft.target_id:
            problems.add(Problem("a tie cannot link an actor to itself", column="target_id"))
        problems.check_lengths(TIE_TEXT_LIMITS, vars(draft))
        problems.raise_if_any()
        with self.db.begin() as conn:
            types = {t.code for t in TieTypeRepository(conn).all(viewer)}
            if draft.type_code not in types:
                raise InvalidInput(
                    Problem(f"unknown tie type '{draft.type_code}' (known: {', '.join(sorted(types))})", column="type")
                )
            ends = ActorRepository(conn).summaries(viewer, [draft.source_id, draft.target_id])
            for column, end in (("source_id", draft.source_id), ("target_id", draft.target_id)):
                if end not in ends:
                    raise InvalidInput(Problem(f"actor {end} does not exist or is not shared with you", column=column))
            repo = TieRepository(conn)
            duplicate = repo.duplicate_of(viewer, draft)
            if duplicate is not None:
                raise Conflict(f"these two actors already have a {draft.type_code} tie ({duplicate}); edit that one")
            fixed = TieDraft(
                **{
                    **draft.__dict__,
                    "start_date": normalise_date(draft.start_date),
                    "end_date": normalise_date(draft.end_date),
                }
            )
            return repo.create(
                viewer,
                fixed,
                tenant_id=owner,
                countries=(ends[draft.source_id].country_code, ends[draft.target_id].country_code),
            )

    def update_tie(self, viewer: Viewer, tie_id: uuid.UUID, version: int | None, fields: dict[str, Any]) -> int:
        unknown = set(fields) - TIE_FIELDS
        if unknown:
            raise InvalidInput(Problem(f"cannot change {', '.join(sorted(unknown))}", column=sorted(unknown)[0]))
        refuse_too_long(TIE_TEXT_LIMITS, fields)
        if "status" in fields:
            fields["status"] = TieStatus(fields["status"]).value
        if "visibility" in fields:
            fields["visibility"] = Visibility(fields["visibility"]).value
        for column in ("start_date", "end_date"):
            if column in fields:
                try:
                    fields[column] = normalise_date(fields[column])
                except ValueError as exc:
                    raise InvalidInput(Problem(str(exc), column=column)) from None
        with self.db.begin() as conn:
            after = TieRepository(conn).update(viewer, tie_id, version, fields)
        return int(after["version"])

    def delete_tie(self, viewer: Viewer, tie_id: uuid.UUID, version: int | None = None) -> None:
        with self.db.begin() as conn:
            TieRepository(conn).delete(viewer, tie_id, version)

    def get_tie(self, viewer: Viewer, tie_id: uuid.UUID) -> Any:
        with self.db.read() as conn:
            return TieRepository(conn).get(viewer, tie_id)

    # -- people and posts -------------------------------------------------------------------------------
    def create_person(self, viewer: Viewer, draft: PersonDraft) -> uuid.UUID:
        if not draft.name.strip():
            raise InvalidInput(Problem("is required", column="name"))
        with self.db.begin() as conn:
            return PersonRepository(conn).create(viewer, draft, tenant_id=_owner(viewer))

    def create_post(self, viewer: Viewer, draft: PostDraft) -> uuid.UUID:
        try:
            start, end = normalise_date(draft.start_date), normalise_date(draft.end_date)
        except ValueError as exc:
            raise InvalidInput(Problem(str(exc), column="start_date")) from None
        if why := period_problem(start, end):
            raise InvalidInput(Problem(f"the post {why}", column="end_date"))
        with self.db.begin() as conn:
            if not PersonRepository(conn).exists(viewer, draft.person_id):
                raise NotFound(f"person {draft.person_id} was not found (or is not shared with you)")
            if not ActorRepository(conn).exists(viewer, draft.organization_id):
                raise NotFound(f"actor {draft.organization_id} was not found (or is not shared with you)")
            fixed = PostDraft(**{**draft.__dict__, "start_date": start, "end_date": end})
            return PostRepository(conn).create(viewer, fixed, tenant_id=_owner(viewer))

    def people(self, viewer: Viewer, query: str = "", limit: int = 20) -> list[Any]:
        with self.db.read() as conn:
            return PersonRepository(conn).search(viewer, query, limit=limit)
