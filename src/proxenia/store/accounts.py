"""Users, departments, sessions, API tokens and login attempts (hashes only; never a secret in clear)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from proxenia.domain.errors import Conflict, NotFound
from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.store.columns import utcnow
from proxenia.store.records import ChangeLog
from proxenia.store.tables import api_tokens, departments, login_attempts, sessions, tenants, user_departments, users

DEPARTMENT_KIND = "department"  # the audit trail's name for a department's changes


@dataclass(frozen=True)
class UserRecord:
    id: uuid.UUID
    username: str
    display_name: str
    email: str | None
    password_hash: str
    tenant_id: uuid.UUID | None
    role: Role
    is_installation_admin: bool
    is_active: bool
    must_change_password: bool
    tenant_name: str | None = None
    tenant_slug: str | None = None


@dataclass(frozen=True)
class TokenRecord:
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes: they were written in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _user(row: Any) -> UserRecord:
    m = row._mapping
    return UserRecord(
        id=m["id"],
        username=m["username"],
        display_name=m["display_name"],
        email=m["email"],
        password_hash=m["password_hash"],
        tenant_id=m["tenant_id"],
        role=Role(m["role"]),
        is_installation_admin=m["is_installation_admin"],
        is_active=m["is_active"],
        must_change_password=m["must_change_password"],
        tenant_name=m.get("tenant_name"),
        tenant_slug=m.get("tenant_slug"),
    )


class UserRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.log = ChangeLog(conn)

    def _query(self) -> Any:
        return select(users, tenants.c.name.label("tenant_name"), tenants.c.slug.label("tenant_slug")).outerjoin(
            tenants, tenants.c.id == users.c.tenant_id
        )

    def by_username(self, username: str) -> UserRecord | None:
        row = self.conn.execute(self._query().where(func.lower(users.c.username) == username.lower())).first()
        return _user(row) if row else None

    def get(self, user_id: uuid.UUID) -> UserRecord:
        row = self.conn.execute(self._query().where(users.c.id == user_id)).first()
        if row is None:
            raise NotFound(f"user {user_id} does not exist")
        return _user(row)

    def for_tenant(self, viewer: Viewer, tenant_id: uuid.UUID | None) -> list[UserRecord]:
        query = self._query().order_by(users.c.username)
        if tenant_id is not None:
            query = query.where(users.c.tenant_id == tenant_id)
        return [_user(r) for r in self.conn.execute(query)]

    def departments_of(self, user_id: uuid.UUID) -> frozenset[uuid.UUID]:
        rows = self.conn.scalars(select(user_departments.c.department_id).where(user_departments.c.user_id == user_id))
        return frozenset(rows)

    def create(
        self,
        viewer: Viewer,
        *,
        username: str,
        display_name: str,
        password_hash: str,
        tenant_id: uuid.UUID | None,
        role: Role,
        email: str | None = None,
        is_installation_admin: bool = False,
        must_change_password: bool = False,
    ) -> uuid.UUID:
        if self.by_username(username) is not None:
            raise Conflict(f"the username '{username}' is taken")
        user_id = uuid.uuid4()
        now = utcnow()
        values = {
            "id": user_id,
            "username": username,
            "display_name": display_name,
            "email": email,
            "password_hash": password_hash,
            "tenant_id": tenant_id,
            "role": role.value,
            "is_installation_admin": is_installation_admin,
            "is_active": True,
            "must_change_password": must_change_password,
            "created_at": now,
            "password_changed_at": now,
        }
        self.conn.execute(insert(users).values(**values))
        self.log.record(
            viewer,
            kind="user",
            record_id=user_id,
            action="create",
            tenant_id=tenant_id,
            after={k: v for k, v in values.items() if k != "password_hash"},
        )
        return user_id

    def set_password(self, viewer: Viewer, user_id: uuid.UUID, password_hash: str, *, must_change: bool) -> None:
        user = self.get(user_id)
        self.conn.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(password_hash=password_hash, must_change_password=must_change, password_changed_at=utcnow())
        )
        self.conn.execute(delete(sessions).where(sessions.c.user_id == user_id))
        self.log.record(
            viewer,
            kind="user",
            record_id=user_id,
            action="update",
            tenant_id=user.tenant_id,
            summary="password reset" if must_change else "password changed",
        )

    def update(self, viewer: Viewer, user_id: uuid.UUID, fields: dict[str, Any]) -> None:
        before = self.get(user_id)
        self.conn.execute(update(users).where(users.c.id == user_id).values(**fields))
        self.log.record(
            viewer,
            kind="user",
            record_id=user_id,
            action="update",
            tenant_id=before.tenant_id,
            before={k: getattr(before, k) for k in fields},
            after=fields,
        )

    def add_to_department(self, user_id: uuid.UUID, department_id: uuid.UUID) -> None:
        self.conn.execute(insert(user_departments).values(user_id=user_id, department_id=department_id))


class DepartmentRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def for_tenant(self, tenant_id: uuid.UUID) -> list[tuple[uuid.UUID, str, str]]:
        rows = self.conn.execute(
            select(departments.c.id, departments.c.slug, departments.c.name)
            .where(departments.c.tenant_id == tenant_id)
            .order_by(departments.c.name)
        )
        return [(r.id, r.slug, r.name) for r in rows]

    def create(self, viewer: Viewer, tenant_id: uuid.UUID, slug: str, name: str) -> uuid.UUID:
        existing = self.conn.scalar(
            select(departments.c.id).where(departments.c.tenant_id == tenant_id, departments.c.slug == slug)
        )
        if existing is not None:
            return uuid.UUID(str(existing))
        dep_id = uuid.uuid4()
        self.conn.execute(
            insert(departments).values(id=dep_id, tenant_id=tenant_id, slug=slug, name=name, created_at=utcnow())
        )
        ChangeLog(self.conn).record(
            viewer,
            kind=DEPARTMENT_KIND,
            record_id=dep_id,
            action="create",
            tenant_id=tenant_id,
            after={"slug": slug, "name": name},
        )
        return dep_id


class SessionRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def create(self, token_hash: str, user_id: uuid.UUID, csrf_token: str, expires_at: dt.datetime) -> None:
        self.conn.execute(
            insert(sessions).values(
                token_hash=token_hash,
                user_id=user_id,
                csrf_token=csrf_token,
                created_at=utcnow(),
                expires_at=expires_at,
            )
        )

    def get(self, token_hash: str) -> tuple[uuid.UUID, str, dt.datetime] | None:
        row = self.conn.execute(
            select(sessions.c.user_id, sessions.c.csrf_token, sessions.c.expires_at).where(
                sessions.c.token_hash == token_hash
            )
        ).first()
        if row is None:
            return None
        return row.user_id, row.csrf_token, _aware(row.expires_at)  # type: ignore[return-value]

    def delete(self, token_hash: str) -> None:
        self.conn.execute(delete(sessions).where(sessions.c.token_hash == token_hash))

    def purge_expired(self) -> None:
        self.conn.execute(delete(sessions).where(sessions.c.expires_at < utcnow()))


class TokenRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def create(
        self,
        *,
        user_id: uuid.UUID,
        name: str,
        prefix: str,
        token_hash: str,
        scopes: list[str],
        expires_at: dt.datetime | None,
    ) -> uuid.UUID:
        token_id = uuid.uuid4()
        self.conn.execute(
            insert(api_tokens).values(
                id=token_id,
                user_id=user_id,
                name=name,
                prefix=prefix,
                token_hash=token_hash,
                scopes=scopes,
                created_at=utcnow(),
                expires_at=expires_at,
            )
        )
        return token_id

    def by_hash(self, token_hash: str) -> TokenRecord | None:
        row = self.conn.execute(select(api_tokens).where(api_tokens.c.token_hash == token_hash)).first()
        return self._record(row) if row else None

    def for_user(self, user_id: uuid.UUID) -> list[TokenRecord]:
        rows = self.conn.execute(
            select(api_tokens).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.created_at.desc())
        )
        return [self._record(r) for r in rows]

    def revoke(self, user_id: uuid.UUID, token_id: uuid.UUID) -> bool:
        result = self.conn.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.user_id == user_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        return bool(result.rowcount)

    def touch(self, token_id: uuid.UUID, *, unless_since: dt.datetime) -> None:
        """Note the token's use now, unless a use at ``unless_since`` or later is already noted (concurrent
        requests then write it once)."""
        self.conn.execute(
            update(api_tokens)
            .where(
                api_tokens.c.id == token_id,
                or_(api_tokens.c.last_used_at.is_(None), api_tokens.c.last_used_at < unless_since),
            )
            .values(last_used_at=utcnow())
        )

    @staticmethod
    def _record(row: Any) -> TokenRecord:
        m = row._mapping
        return TokenRecord(
            id=m["id"],
            user_id=m["user_id"],
            name=m["name"],
            prefix=m["prefix"],
            scopes=list(m["scopes"] or []),
            created_at=_aware(m["created_at"]),  # type: ignore[arg-type]
            expires_at=_aware(m["expires_at"]),
            revoked_at=_aware(m["revoked_at"]),
            last_used_at=_aware(m["last_used_at"]),
        )


class LoginAttemptRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def record(self, key: str, succeeded: bool) -> None:
        self.conn.execute(insert(login_attempts).values(key=key, at=utcnow(), succeeded=succeeded))

    def recent_failures(self, key: str, since: dt.datetime) -> int:
        return (
            self.conn.scalar(
                select(func.count())
                .select_from(login_attempts)
                .where(and_(login_attempts.c.key == key, login_attempts.c.at >= since, ~login_attempts.c.succeeded))
            )
            or 0
        )
