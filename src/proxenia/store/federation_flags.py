"""The office's country flags (countries whose national relations it judges strained), read through the
permission filter: a flag is the office's own record, private unless the office shares it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from proxenia.domain.federation import CountryFlag, CountryFlagDraft
from proxenia.domain.kinds import Visibility
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.records import RecordRepository
from proxenia.store.tables import federation_flags as flags


def _flag(m: Any) -> CountryFlag:
    return CountryFlag(
        id=m["id"],
        federation_id=m["federation_id"],
        country_code=m["country_code"],
        note=m["note"],
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


class CountryFlagRepository(RecordRepository):
    table = flags
    kind = "country_flag"

    def get(self, viewer: Viewer, flag_id: uuid.UUID) -> CountryFlag:
        return _flag(self._row(viewer, flag_id)._mapping)

    def for_federation(self, viewer: Viewer, federation_id: uuid.UUID) -> list[CountryFlag]:
        rows = self.conn.execute(
            select(flags)
            .where(flags.c.federation_id == federation_id, readable(flags, viewer))
            .order_by(flags.c.country_code)
        )
        return [_flag(r._mapping) for r in rows]

    def existing(self, federation_id: uuid.UUID, country_code: str) -> uuid.UUID | None:
        return self.conn.scalar(
            select(flags.c.id).where(flags.c.federation_id == federation_id, flags.c.country_code == country_code)
        )

    def create(
        self, viewer: Viewer, federation_id: uuid.UUID, draft: CountryFlagDraft, tenant_id: uuid.UUID
    ) -> uuid.UUID:
        new_id = uuid.uuid4()
        self._insert(viewer, {
            "id": new_id, "tenant_id": tenant_id, "visibility": draft.visibility.value,
            "federation_id": federation_id, "country_code": draft.country_code, "note": draft.note,
        }, summary=f"flagged {draft.country_code} as strained")
        return new_id

    def update(self, viewer: Viewer, flag_id: uuid.UUID, version: int | None, fields: dict[str, Any]) -> int:
        return int(self._update(viewer, flag_id, version, fields)["version"])

    def delete(self, viewer: Viewer, flag_id: uuid.UUID, version: int | None = None) -> None:
        self._delete(viewer, flag_id, version)
