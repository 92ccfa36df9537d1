"""Practices: reads through the permission filter, writes with their policy areas and search document,
and the curation workflow (who may submit, validate and publish is decided here, once)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, insert, or_, select, update

from proxenia.domain.actors import ActorSummary
from proxenia.domain.errors import Conflict, InvalidInput, PermissionDenied, Problem
from proxenia.domain.kinds import Visibility
from proxenia.domain.policy_areas import POLICY_AREAS, area_label
from proxenia.domain.practices import (
    TRANSITIONS,
    Contact,
    ContextSnapshot,
    CurationStep,
    EvidenceLevel,
    Link,
    Practice,
    PracticeDraft,
    PracticeStatus,
    PracticeSummary,
    Review,
    search_document,
)
from proxenia.domain.viewer import Viewer
from proxenia.store.access import raise_not_readable, readable
from proxenia.store.actors import ActorRepository
from proxenia.store.bulk import insert_rows
from proxenia.store.columns import utcnow
from proxenia.store.records import RecordRepository, chunks
from proxenia.store.tables import actors, adoptions, policy_areas, practice_areas, practice_search, practices, tenants

IN_CHUNK = 5000
_TEXT = ("summary", "problem", "approach", "resources", "outcomes")


def practice_readable(viewer: Viewer) -> ColumnElement[bool]:
    """Practices the viewer may read: by sharing level, and those submitted to its organisation for review."""
    condition = readable(practices, viewer)
    if viewer.tenant_id is not None and not viewer.is_system:
        condition = or_(
            condition,
            and_(practices.c.curator_tenant_id == viewer.tenant_id, practices.c.status != PracticeStatus.DRAFT.value),
        )
    return condition


def practice_row(draft: PracticeDraft, *, tenant_id: uuid.UUID, context: ContextSnapshot) -> dict[str, Any]:
    return {
        "id": draft.id or uuid.uuid4(),
        "tenant_id": tenant_id,
        "visibility": draft.visibility.value,
        "title": draft.title,
        **{name: getattr(draft, name) for name in _TEXT},
        "originator_id": draft.originator_id,
        "start_date": draft.start_date,
        "evidence_level": draft.evidence_level.value if draft.evidence_level else None,
        "context": context.as_dict(),
        "contacts": [c.__dict__ for c in draft.contacts],
        "links": [link.__dict__ for link in draft.links],
        "status": draft.status.value,
        "curator_tenant_id": draft.curator_tenant_id,
        "published_at": utcnow() if draft.status is PracticeStatus.PUBLISHED else None,
        "source_ref": draft.source_ref,
        "attributes": dict(draft.attributes),
    }


def _document(row: dict[str, Any], areas: Iterable[str], originator: str | None) -> dict[str, Any]:
    parts = [row.get(name) or "" for name in _TEXT]
    parts += [area_label(a) for a in areas]
    if originator:
        parts.append(originator)
    document = search_document(row["title"], *parts)
    return {"practice_id": row["id"], "document": document, "digest": hashlib.sha256(document.encode()).hexdigest()}


class PracticeRepository(RecordRepository):
    table = practices
    kind = "practice"

    # -- reads ----------------------------------------------------------------------------------
    def get(self, viewer: Viewer, practice_id: uuid.UUID) -> Practice:
        row = self.conn.execute(
            select(practices, tenants.c.name.label("curator_name"))
            .outerjoin(tenants, tenants.c.id == practices.c.curator_tenant_id)
            .where(practices.c.id == practice_id, practice_readable(viewer))
        ).first()
        if row is None:
            raise raise_not_readable(f"Practice {practice_id}")
        m = row._mapping
        originator = self._originators(viewer, [m["originator_id"]]).get(m["originator_id"])
        return Practice(
            id=m["id"],
            title=m["title"],
            summary=m["summary"],
            problem=m["problem"],
            approach=m["approach"],
            resources=m["resources"],
            outcomes=m["outcomes"],
            policy_areas=tuple(self.areas([practice_id]).get(practice_id, ())),
            originator=originator,
            start_date=m["start_date"],
            evidence_level=EvidenceLevel(m["evidence_level"]) if m["evidence_level"] else None,
            context=ContextSnapshot.of(m["context"]),
            contacts=tuple(Contact(**c) for c in m["contacts"] or []),
            links=tuple(Link(**link) for link in m["links"] or []),
            status=PracticeStatus(m["status"]),
            review=Review(
                curator_tenant_id=m["curator_tenant_id"],
                curator_name=m["curator_name"],
                submitted_at=m["submitted_at"],
                validated_at=m["validated_at"],
                validated_by=m["validated_by"],
                published_at=m["published_at"],
                note=m["review_note"],
            ),
            source_ref=m["source_ref"],
            attributes=dict(m["attributes"] or {}),
            tenant_id=m["tenant_id"],
            visibility=Visibility(m["visibility"]),
            version=m["version"],
            created_at=m["created_at"],
            updated_at=m["updated_at"],
        )

    def areas(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
        """Policy areas of practices already known to be readable (one query per 5,000 ids)."""
        out: dict[uuid.UUID, list[str]] = {}
        for batch in chunks(set(ids), IN_CHUNK):
            rows = self.conn.execute(
                select(practice_areas.c.practice_id, practice_areas.c.area_code)
                .join(policy_areas, policy_areas.c.code == practice_areas.c.area_code)
                .where(practice_areas.c.practice_id.in_(batch))
                .order_by(policy_areas.c.position)
            )
            for practice_id, code in rows:
                out.setdefault(practice_id, []).append(code)
        return out

    def adoption_counts(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
        out: dict[uuid.UUID, int] = {}
        for batch in chunks(set(ids), IN_CHUNK):
            rows = self.conn.execute(
                select(adoptions.c.practice_id, func.count())
                .where(adoptions.c.practice_id.in_(batch), readable(adoptions, viewer))
                .group_by(adoptions.c.practice_id)
            )
            out.update((p, int(n)) for p, n in rows)
        return out

    def _originators(self, viewer: Viewer, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, ActorSummary]:
        return ActorRepository(self.conn).summaries(viewer, [i for i in ids if i is not None])

    def summaries(self, viewer: Viewer, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, PracticeSummary]:
        """Readable practices by id, in four queries whatever the number of ids (no N+1)."""
        rows: list[Any] = []
        for batch in chunks(dict.fromkeys(ids), IN_CHUNK):
            rows.extend(
                self.conn.execute(select(*_SUMMARY).where(practices.c.id.in_(batch), practice_readable(viewer)))
            )
        found = [r.id for r in rows]
        areas = self.areas(found)
        counts = self.adoption_counts(viewer, found)
        originators = self._originators(viewer, {r.originator_id for r in rows})
        return {
            r.id: PracticeSummary(
                id=r.id,
                title=r.title,
                summary=r.summary,
                status=PracticeStatus(r.status),
                policy_areas=tuple(areas.get(r.id, ())),
                originator=originators.get(r.originator_id) if r.originator_id else None,
                start_date=r.start_date,
                evidence_level=EvidenceLevel(r.evidence_level) if r.evidence_level else None,
                adoption_count=counts.get(r.id, 0),
                visibility=Visibility(r.visibility),
                tenant_id=r.tenant_id,
            )
            for r in rows
        }

    def documents(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        out: dict[uuid.UUID, str] = {}
        for batch in chunks(set(ids), IN_CHUNK):
            rows = self.conn.execute(
                select(practice_search.c.practice_id, practice_search.c.document)
                .join(practices, practices.c.id == practice_search.c.practice_id)
                .where(practice_search.c.practice_id.in_(batch), practice_readable(viewer))
            )
            out.update((p, d) for p, d in rows)
        return out

    def known_areas(self) -> set[str]:
        """The policy-area vocabulary, with any default area missing from the table added first (the
        vocabulary is data: installations may add areas; a restored backup brings its own)."""
        known = set(self.conn.scalars(select(policy_areas.c.code)))
        missing = [
            {"code": a.code, "label": a.label, "scheme": a.scheme, "related": list(a.related), "position": i}
            for i, a in enumerate(POLICY_AREAS)
            if a.code not in known
        ]
        if missing:
            self.conn.execute(insert(policy_areas), missing)
            known.update(m["code"] for m in missing)
        return known

    # -- writes ---------------------------------------------------------------------------------
    def create(
        self, viewer: Viewer, draft: PracticeDraft, *, tenant_id: uuid.UUID, context: ContextSnapshot
    ) -> uuid.UUID:
        row = practice_row(draft, tenant_id=tenant_id, context=context)
        self._insert(viewer, row, summary=draft.title)
        self._write_areas_and_documents([(row, draft.policy_areas)])
        return row["id"]

    def create_many(
        self,
        viewer: Viewer,
        drafts: Sequence[tuple[PracticeDraft, ContextSnapshot]],
        *,
        tenant_id: uuid.UUID,
        summary: str,
    ) -> list[uuid.UUID]:
        rows = [practice_row(d, tenant_id=tenant_id, context=c) for d, c in drafts]
        self._insert_many(viewer, rows, summary=summary)
        self._write_areas_and_documents([(r, d.policy_areas) for r, (d, _) in zip(rows, drafts, strict=True)])
        return [r["id"] for r in rows]

    def _write_areas_and_documents(self, pairs: Sequence[tuple[dict[str, Any], Sequence[str]]]) -> None:
        names = self._originator_names({r["originator_id"] for r, _ in pairs})
        area_rows = [{"practice_id": r["id"], "area_code": a} for r, areas in pairs for a in dict.fromkeys(areas)]
        insert_rows(self.conn, practice_areas, area_rows)
        docs = [_document(r, areas, names.get(r["originator_id"])) for r, areas in pairs]
        insert_rows(self.conn, practice_search, docs)

    def _originator_names(self, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
        wanted = [i for i in ids if i is not None]
        out: dict[uuid.UUID, str] = {}
        for batch in chunks(wanted, IN_CHUNK):
            rows = self.conn.execute(select(actors.c.id, actors.c.name).where(actors.c.id.in_(batch)))
            out.update({i: n for i, n in rows})
        return out

    def update(
        self, viewer: Viewer, practice_id: uuid.UUID, expected_version: int | None, fields: dict[str, Any]
    ) -> dict[str, Any]:
        fields = dict(fields)
        areas = fields.pop("policy_areas", None)
        current = self.areas([practice_id]).get(practice_id, [])
        wanted = list(dict.fromkeys(areas)) if areas is not None else current
        if wanted != current:
            fields["updated_at"] = utcnow()  # a change of areas alone is a new version too
        after = self._update(viewer, practice_id, expected_version, fields)
        if wanted != current:
            self.conn.execute(delete(practice_areas).where(practice_areas.c.practice_id == practice_id))
            insert_rows(self.conn, practice_areas, [{"practice_id": practice_id, "area_code": a} for a in wanted])
            self.log.record(
                viewer,
                kind=self.kind,
                record_id=practice_id,
                action="update",
                tenant_id=after["tenant_id"],
                before={"policy_areas": current},
                after={"policy_areas": wanted},
            )
        names = self._originator_names([after["originator_id"]])
        doc = _document(after, wanted, names.get(after["originator_id"]))
        self.conn.execute(
            update(practice_search)
            .where(practice_search.c.practice_id == practice_id, practice_search.c.digest != doc["digest"])
            .values(document=doc["document"], digest=doc["digest"])
        )
        return after

    def delete(self, viewer: Viewer, practice_id: uuid.UUID, expected_version: int | None = None) -> None:
        self._delete(viewer, practice_id, expected_version)

    # -- curation -------------------------------------------------------------------------------
    def curate(
        self, viewer: Viewer, practice_id: uuid.UUID, expected_version: int | None, step: CurationStep, note: str | None
    ) -> dict[str, Any]:
        """Move a practice along draft → submitted → validated → published (or back), if this viewer may."""
        row = self.conn.execute(
            select(practices).where(practices.c.id == practice_id, practice_readable(viewer))
        ).first()
        if row is None:
            raise raise_not_readable(f"Practice {practice_id}")
        before = dict(row._mapping)
        sources, target, by_curator = TRANSITIONS[step]
        status = PracticeStatus(before["status"])
        if status not in sources:
            raise Conflict(
                f"a {status.value} practice cannot be {step.value}ed; it must be "
                + " or ".join(s.value for s in sorted(sources))
            )
        if expected_version is not None and expected_version != before["version"]:
            raise Conflict(
                f"Practice {practice_id} changed since you loaded it (version {before['version']}); reload it"
            )
        if by_curator:
            curator = before["curator_tenant_id"]
            if not (viewer.is_system or (curator is not None and viewer.can_edit and viewer.tenant_id == curator)):
                raise PermissionDenied("only a reviewer (editor or admin) of the curating organisation can do this")
        elif not viewer.can_write(before["tenant_id"]):
            raise PermissionDenied("only an editor of the practice's organisation can do this")
        if step is CurationStep.SUBMIT and before["curator_tenant_id"] is None:
            raise InvalidInput(
                Problem("choose the network or office that curates the library first", column="curator_tenant_id")
            )
        now = utcnow()
        values: dict[str, Any] = {"status": target.value, "version": before["version"] + 1, "updated_at": now}
        if step is CurationStep.SUBMIT:
            values.update(submitted_at=now, review_note=None)
        elif step is CurationStep.VALIDATE:
            values.update(validated_at=now, validated_by=viewer.label, review_note=note or before["review_note"])
        elif step is CurationStep.PUBLISH:
            values.update(published_at=now)
        elif step is CurationStep.RETURN:
            values.update(review_note=note, validated_at=None, validated_by=None)
        result = self.conn.execute(
            update(practices)
            .where(practices.c.id == practice_id, practices.c.version == before["version"])
            .values(**values)
        )
        if result.rowcount != 1:
            raise Conflict(f"Practice {practice_id} was changed at the same time; reload and retry")
        self.log.record(
            viewer,
            kind=self.kind,
            record_id=practice_id,
            action=step.value,
            tenant_id=before["tenant_id"],
            before={"status": status.value},
            after={"status": target.value, "note": note},
            summary=f"{step.value}: {before['title']}",
        )
        return {**before, **values}


_SUMMARY = (
    practices.c.id,
    practices.c.title,
    practices.c.summary,
    practices.c.status,
    practices.c.originator_id,
    practices.c.start_date,
    practices.c.evidence_level,
    practices.c.visibility,
    practices.c.tenant_id,
)
