"""The viewer: who is asking. Every store query takes one; the permission filter is built from it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from proxenia.domain.kinds import Role


@dataclass(frozen=True)
class Viewer:
    """A signed-in user (with tenant and role), an anonymous reader, or the installation itself.

    ``partner_tenants`` are the tenants that named this viewer's tenant in a sharing agreement;
    ``federation_tenants`` are the tenants sharing an active federation with it. Both are resolved
    once per request by the store (see ``store.access``).
    """

    user_id: uuid.UUID | None = None
    username: str | None = None
    tenant_id: uuid.UUID | None = None
    role: Role | None = None
    partner_tenants: frozenset[uuid.UUID] = field(default_factory=frozenset)
    federation_tenants: frozenset[uuid.UUID] = field(default_factory=frozenset)
    departments: frozenset[uuid.UUID] = field(default_factory=frozenset)
    is_installation_admin: bool = False
    is_system: bool = False

    @classmethod
    def anonymous(cls) -> Viewer:
        return cls()

    @classmethod
    def system(cls, username: str = "system") -> Viewer:
        """The installation acting on its own behalf (reference loading, backup): sees everything."""
        return cls(username=username, is_system=True)

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None and not self.is_system

    @property
    def can_edit(self) -> bool:
        return self.is_system or (self.role is not None and self.role.can_edit)

    def owns(self, tenant_id: uuid.UUID) -> bool:
        return self.is_system or (self.tenant_id is not None and self.tenant_id == tenant_id)

    def can_write(self, tenant_id: uuid.UUID) -> bool:
        """May this viewer create or change a record owned by ``tenant_id``?"""
        return self.is_system or (self.owns(tenant_id) and self.can_edit)

    @property
    def label(self) -> str:
        return self.username or ("anonymous" if self.is_anonymous else "system")
