"""Accounts: users and roles, sign-in with rate limiting, sessions with CSRF tokens, scoped API tokens.

Passwords are hashed with Argon2; session and API tokens are random, shown once, stored as SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from proxenia.domain.errors import InvalidInput, NotFound, PermissionDenied, Problem, ProxeniaError, Unauthenticated
from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.store.access import resolve_viewer
from proxenia.store.accounts import (
    DepartmentRepository,
    LoginAttemptRepository,
    SessionRepository,
    TokenRecord,
    TokenRepository,
    UserRecord,
    UserRepository,
)
from proxenia.store.columns import utcnow
from proxenia.store.database import Connection, Database
from proxenia.store.tenants import TenantRepository

SCOPES = ("read", "write")
MIN_PASSWORD = 10
MAX_PASSWORD = 500  # what the sign-in form and API take: a longer one could be set but never used
MAX_USERNAME = 150  # the users table's column
MAX_DISPLAY_NAME = 300  # the users table's column
MAX_TOKEN_NAME = 200  # the api_tokens table's column
MAX_TOKEN_DAYS = 365
TOKEN_USE_RESOLUTION = dt.timedelta(minutes=1)  # a token's last use is noted to the minute


class TooManyAttempts(ProxeniaError):
    title = "Too many attempts"
    status = 429


@dataclass(frozen=True)
class SignedIn:
    """A new session: the cookie value and the CSRF token forms must carry."""

    token: str
    csrf_token: str
    viewer: Viewer


@dataclass(frozen=True)
class NewToken:
    """An API token as created: the secret is shown once and never stored."""

    id: uuid.UUID
    secret: str
    record: TokenRecord


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_password_strength(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(Problem(f"use at least {MIN_PASSWORD} characters", column="password"))
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(Problem(f"use at most {MAX_PASSWORD} characters", column="password"))
    if not password.strip():
        raise InvalidInput(Problem("a password of spaces only is too easy to guess", column="password"))
    if any(ord(c) < 32 and c not in "\t" for c in password):
        raise InvalidInput(Problem("the password holds a control character (such as a line break)", column="password"))
    if username.lower() in password.lower():
        raise InvalidInput(Problem("the password must not contain the username", column="password"))


class AccountService:
    def __init__(self, db: Database, *, session_seconds: int = 12 * 3600, attempts_per_minute: int = 10) -> None:
        self.db = db
        self.hasher = PasswordHasher()
        self.session_seconds = session_seconds
        self.attempts_per_minute = attempts_per_minute

    # -- users ---------------------------------------------------------------------------------------
    def create_user(
        self,
        viewer: Viewer,
        *,
        username: str,
        password: str,
        display_name: str | None = None,
        tenant: str | None = None,
        role: Role = Role.VIEWER,
        email: str | None = None,
        installation_admin: bool = False,
    ) -> uuid.UUID:
        if not username.strip() or len(username) > MAX_USERNAME or any(c.isspace() for c in username):
            raise InvalidInput(Problem(f"a username is one word of up to {MAX_USERNAME} characters", column="username"))
        if not tenant and not installation_admin:  # a user of no organisation could read nothing of its own
            raise InvalidInput(Problem("say which organisation the user belongs to (only an administrator of the "
                                       "installation may belong to none)", column="tenant"))
        if display_name and len(display_name) > MAX_DISPLAY_NAME:
            raise InvalidInput(Problem(f"is longer than {MAX_DISPLAY_NAME} characters", column="display_name"))
        check_password_strength(password, username)
        with self.db.begin() as conn:
            tenant_id = TenantRepository(conn).by_slug(tenant).id if tenant else None
            self._check_can_manage(viewer, tenant_id, installation_admin)
            return UserRepository(conn).create(
                viewer,
                username=username,
                display_name=display_name or username,
                email=email,
                password_hash=self.hasher.hash(password),
                tenant_id=tenant_id,
                role=role,
                is_installation_admin=installation_admin,
            )

    def _check_can_manage(self, viewer: Viewer, tenant_id: uuid.UUID | None, installation_admin: bool) -> None:
        if viewer.is_system or viewer.is_installation_admin:
            return
        if installation_admin or tenant_id is None or viewer.tenant_id != tenant_id or viewer.role is not Role.ADMIN:
            raise PermissionDenied("only an admin of this organisation (or of the installation) can manage its users")

    def users(self, viewer: Viewer, tenant_id: uuid.UUID | None = None) -> list[UserRecord]:
        if not (viewer.is_system or viewer.is_installation_admin):
            if viewer.role is not Role.ADMIN or viewer.tenant_id is None:
                raise PermissionDenied("only admins can list users")
            tenant_id = viewer.tenant_id
        with self.db.read() as conn:
            return UserRepository(conn).for_tenant(viewer, tenant_id)

    def reset_password(self, viewer: Viewer, username: str, new_password: str) -> None:
        """An admin sets a temporary password; the user must change it at next sign-in."""
        with self.db.begin() as conn:
            repo = UserRepository(conn)
            user = repo.by_username(username)
            if user is None:
                # only who may manage every user learns that a name is free; others get the refusal an
                # existing user of another organisation gets (QA could tell which names exist elsewhere)
                self._check_can_manage(viewer, None, False)
                raise InvalidInput(Problem(f"no user '{username}'", column="username"))
            self._check_can_manage(viewer, user.tenant_id, user.is_installation_admin)
            check_password_strength(new_password, user.username)
            repo.set_password(viewer, user.id, self.hasher.hash(new_password), must_change=True)

    def change_password(self, viewer: Viewer, current: str, new_password: str) -> None:
        if viewer.user_id is None:
            raise Unauthenticated("sign in first")
        with self.db.begin() as conn:
            repo = UserRepository(conn)
            user = repo.get(viewer.user_id)
            if not self._verify(user.password_hash, current):
                raise InvalidInput(Problem("the current password is not right", column="current_password"))
            check_password_strength(new_password, user.username)
            repo.set_password(viewer, user.id, self.hasher.hash(new_password), must_change=False)

    def set_role(self, viewer: Viewer, user_id: uuid.UUID, role: Role) -> None:
        with self.db.begin() as conn:
            repo = UserRepository(conn)
            user = repo.get(user_id)
            self._check_can_manage(viewer, user.tenant_id, user.is_installation_admin)
            repo.update(viewer, user_id, {"role": role.value})

    def create_department(self, viewer: Viewer, slug: str, name: str) -> uuid.UUID:
        if viewer.tenant_id is None or viewer.role is not Role.ADMIN:
            raise PermissionDenied("only an admin of the organisation can add departments")
        with self.db.begin() as conn:
            return DepartmentRepository(conn).create(viewer, viewer.tenant_id, slug, name)

    def departments(self, viewer: Viewer) -> list[tuple[uuid.UUID, str, str]]:
        if viewer.tenant_id is None:
            return []
        with self.db.read() as conn:
            return DepartmentRepository(conn).for_tenant(viewer.tenant_id)

    # -- sign-in and sessions -----------------------------------------------------------------------
    def sign_in(self, username: str, password: str, *, client: str = "") -> SignedIn:
        if len(username) > MAX_USERNAME or len(password) > MAX_PASSWORD or len(client) > 100:
            # no account has them: refused unread (and the attempt's key stays within its column)
            raise Unauthenticated("the username or the password is not right")
        key = f"{username.lower()}|{client}"
        since = utcnow() - dt.timedelta(minutes=1)
        with self.db.begin() as conn:
            attempts = LoginAttemptRepository(conn)
            if attempts.recent_failures(key, since) >= self.attempts_per_minute:
                raise TooManyAttempts("too many failed sign-ins; wait a minute and try again")
            user = UserRepository(conn).by_username(username)
            ok = user is not None and user.is_active and self._verify(user.password_hash, password)
            attempts.record(key, ok)
        if not ok or user is None:
            raise Unauthenticated("the username or the password is not right")
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        with self.db.begin() as conn:
            sessions = SessionRepository(conn)
            sessions.purge_expired()
            sessions.create(digest(token), user.id, csrf, utcnow() + dt.timedelta(seconds=self.session_seconds))
        return SignedIn(token=token, csrf_token=csrf, viewer=self._viewer(user))

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def session(self, token: str) -> tuple[Viewer, str] | None:
        """The viewer and CSRF token of a live session, or None."""
        with self.db.read() as conn:
            found = SessionRepository(conn).get(digest(token))
            if found is None or found[2] < utcnow():
                return None
            user = UserRepository(conn).get(found[0])
            if not user.is_active:
                return None
            return self._viewer(user, conn), found[1]

    def sign_out(self, token: str) -> None:
        with self.db.begin() as conn:
            SessionRepository(conn).delete(digest(token))

    def _viewer(self, user: UserRecord, conn: Connection | None = None) -> Viewer:
        if conn is None:
            with self.db.read() as c:
                return self._viewer(user, c)
        departments = UserRepository(conn).departments_of(user.id)
        return resolve_viewer(
            conn,
            user_id=user.id,
            username=user.username,
            tenant_id=user.tenant_id,
            role=user.role,
            departments=departments,
            is_installation_admin=user.is_installation_admin,
        )

    def tenant_name(self, viewer: Viewer) -> str | None:
        if viewer.tenant_id is None:
            return "Installation" if viewer.is_installation_admin else None
        with self.db.read() as conn:
            return TenantRepository(conn).get(viewer.tenant_id).name

    # -- API tokens ------------------------------------------------------------------------------------
    def create_token(self, viewer: Viewer, name: str, scopes: list[str], days: int | None = 90) -> NewToken:
        if viewer.user_id is None:
            raise Unauthenticated("sign in to create API tokens")
        unknown = [s for s in scopes if s not in SCOPES]
        if unknown or not scopes:
            raise InvalidInput(Problem(f"scopes must be among {', '.join(SCOPES)}", column="scopes"))
        if len(name) > MAX_TOKEN_NAME:
            raise InvalidInput(Problem(f"is longer than {MAX_TOKEN_NAME} characters", column="name"))
        if days is not None and not 1 <= days <= MAX_TOKEN_DAYS:
            raise InvalidInput(Problem(f"a token lasts 1 to {MAX_TOKEN_DAYS} days", column="days"))
        if "write" in scopes and not viewer.can_edit:
            raise PermissionDenied("your role cannot write, so a token of yours cannot either")
        prefix = secrets.token_hex(4)
        secret = f"pxn_{prefix}_{secrets.token_urlsafe(32)}"
        expires = utcnow() + dt.timedelta(days=days) if days else None
        with self.db.begin() as conn:
            repo = TokenRepository(conn)
            token_id = repo.create(
                user_id=viewer.user_id,
                name=name or "API token",
                prefix=prefix,
                token_hash=digest(secret),
                scopes=sorted(set(scopes)),
                expires_at=expires,
            )
            record = next(t for t in repo.for_user(viewer.user_id) if t.id == token_id)
        return NewToken(id=token_id, secret=secret, record=record)

    def tokens(self, viewer: Viewer) -> list[TokenRecord]:
        if viewer.user_id is None:
            return []
        with self.db.read() as conn:
            return TokenRepository(conn).for_user(viewer.user_id)

    def revoke_token(self, viewer: Viewer, token_id: uuid.UUID) -> None:
        if viewer.user_id is None:
            raise Unauthenticated("sign in first")
        with self.db.begin() as conn:
            if not TokenRepository(conn).revoke(viewer.user_id, token_id):
                raise NotFound(f"token {token_id} was not found among your active tokens")

    def token_viewer(self, secret: str) -> Viewer | None:
        """The viewer behind a bearer token (write scope required to change anything).

        Read-only: the token's last use is noted at most once per ``TOKEN_USE_RESOLUTION`` and only if the
        database is free to write at once, so a request that reads never waits behind another writer.
        """
        now = utcnow()
        with self.db.read() as conn:
            record = TokenRepository(conn).by_hash(digest(secret))
            if record is None or record.revoked_at is not None:
                return None
            if record.expires_at is not None and record.expires_at < now:
                return None
            user = UserRepository(conn).get(record.user_id)
            if not user.is_active:
                return None
            viewer = self._viewer(user, conn)
        since = now - TOKEN_USE_RESOLUTION
        if record.last_used_at is None or record.last_used_at < since:
            self.db.write_if_free(lambda conn: TokenRepository(conn).touch(record.id, unless_since=since))
        if "write" not in record.scopes:
            from dataclasses import replace

            viewer = replace(viewer, role=Role.VIEWER)
        return viewer
