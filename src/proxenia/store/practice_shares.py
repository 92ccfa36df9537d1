"""Shares (a practice passed on, to a named actor or to recipients a source leaves unnamed) and the
links of practices to the pledges, goals and agreements they serve."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from proxenia.domain.adoptions import Share, ShareDraft
from proxenia.domain.kinds import Visibility
from proxenia.domain.practices import PracticeLink
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.actors import ActorRepository
from proxenia.store.practices import practice_readable
from proxenia.store.records import RecordRepository
from proxenia.store.tables import actors, practice_links, practice_shares, practices, ties


class ShareRepository(RecordRepository):
    table = practice_shares
    kind = "share"

    def create(self, viewer: Viewer, draft: ShareDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        row: dict[str, Any] = {
            "id": draft.id or uuid.uuid4(),
            "tenant_id": tenant_id,
            "visibility": draft.visibility.value,
            "practice_id": draft.practice_id,
            "from_actor_id": draft.from_actor_id,
            "to_actor_id": draft.to_actor_id,
            "recipients": draft.recipients,
            "date": draft.date,
            "note": draft.note,
            "source_ref": draft.source_ref,
        }
        self._insert(viewer, row)
        return row["id"]

    def _query(self, viewer: Viewer, *where: Any) -> list[Share]:
        rows = list(
            self.conn.execute(
                select(practice_shares)
                .join(practices, practices.c.id == practice_shares.c.practice_id)
                .join(actors, actors.c.id == practice_shares.c.from_actor_id)
                .where(readable(practice_shares, viewer), practice_readable(viewer), readable(actors, viewer), *where)
                .order_by(practice_shares.c.date.nulls_last(), practice_shares.c.id)
            )
        )
        ids = {r.from_actor_id for r in rows} | {r.to_actor_id for r in rows if r.to_actor_id}
        found = ActorRepository(self.conn).summaries(viewer, ids)
        out = []
        for r in rows:
            if r.to_actor_id is not None and r.to_actor_id not in found:
                continue  # shared with an actor this viewer may not see: say nothing
            out.append(
                Share(
                    id=r.id,
                    practice_id=r.practice_id,
                    from_actor=found[r.from_actor_id],
                    to_actor=found.get(r.to_actor_id) if r.to_actor_id else None,
                    recipients=r.recipients,
                    date=r.date,
                    note=r.note,
                    source_ref=r.source_ref,
                    tenant_id=r.tenant_id,
                    visibility=Visibility(r.visibility),
                    version=r.version,
                )
            )
        return out

    def for_practice(self, viewer: Viewer, practice_id: uuid.UUID) -> list[Share]:
        return self._query(viewer, practice_shares.c.practice_id == practice_id)

    def by_actor(self, viewer: Viewer, actor_id: uuid.UUID) -> list[Share]:
        return self._query(viewer, practice_shares.c.from_actor_id == actor_id)

    def shared_with(self, viewer: Viewer, practice_id: uuid.UUID) -> set[uuid.UUID]:
        return {s.to_actor.id for s in self.for_practice(viewer, practice_id) if s.to_actor is not None}


class PracticeLinkRepository(RecordRepository):
    table = practice_links
    kind = "practice link"

    def create(self, viewer: Viewer, values: dict[str, Any], *, tenant_id: uuid.UUID) -> uuid.UUID:
        row = {"id": uuid.uuid4(), "tenant_id": tenant_id, **values}
        self._insert(viewer, row)
        return row["id"]

    def _query(self, viewer: Viewer, *where: Any) -> list[PracticeLink]:
        pledge_tie = aliased(ties)
        rows = list(
            self.conn.execute(
                select(practice_links, practices.c.title, pledge_tie.c.source_id, pledge_tie.c.target_id)
                .join(practices, practices.c.id == practice_links.c.practice_id)
                .outerjoin(pledge_tie, and_(pledge_tie.c.id == practice_links.c.tie_id, readable(pledge_tie, viewer)))
                .where(readable(practice_links, viewer), practice_readable(viewer), *where)
                .order_by(practice_links.c.created_at, practice_links.c.id)
            )
        )
        wanted = {r.source_id for r in rows if r.source_id} | {r.target_id for r in rows if r.target_id}
        wanted |= {r.agreement_id for r in rows if r.agreement_id}
        found = ActorRepository(self.conn).summaries(viewer, wanted)
        out = []
        for r in rows:
            if r.tie_id is not None and r.source_id is None:
                continue  # the pledge is not shared with this viewer
            agreement_id = r.target_id if r.tie_id else r.agreement_id
            out.append(
                PracticeLink(
                    id=r.id,
                    practice_id=r.practice_id,
                    practice_title=r.title,
                    kind=r.kind,
                    note=r.note,
                    source_ref=r.source_ref,
                    pledger=found.get(r.source_id) if r.source_id else None,
                    agreement=found.get(agreement_id) if agreement_id else None,
                    tie_id=r.tie_id,
                    goal_id=r.goal_id,
                    visibility=Visibility(r.visibility),
                    tenant_id=r.tenant_id,
                )
            )
        return out

    def for_practice(self, viewer: Viewer, practice_id: uuid.UUID) -> list[PracticeLink]:
        return self._query(viewer, practice_links.c.practice_id == practice_id)

    def for_pledge(self, viewer: Viewer, tie_id: uuid.UUID) -> list[PracticeLink]:
        return self._query(viewer, practice_links.c.tie_id == tie_id)

    def for_actor_pledges(self, viewer: Viewer, actor_id: uuid.UUID) -> list[PracticeLink]:
        """Practices linked to the pledges an actor made (its Paris commitment → what it adopted for it)."""
        pledges = select(ties.c.id).where(ties.c.source_id == actor_id, ties.c.type_code == "pledge")
        return self._query(viewer, practice_links.c.tie_id.in_(pledges))

    def delete(self, viewer: Viewer, link_id: uuid.UUID) -> None:
        self._delete(viewer, link_id)
