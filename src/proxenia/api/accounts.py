"""/api/v1: who am I, API tokens, the audit trail, organisations and what they share."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field

from proxenia.api.deps import API_DEPENDENCIES, ServicesDep, ViewerDep
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.domain.errors import Unauthenticated

router = APIRouter(prefix="/api/v1", tags=["accounts"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES)


class MePublic(BaseModel):
    username: str | None
    tenant_id: uuid.UUID | None
    tenant: str | None
    role: str | None
    installation_admin: bool
    anonymous: bool


@router.get("/me", response_model=MePublic, summary="Who the request is made as")
def me(services: ServicesDep, viewer: ViewerDep) -> MePublic:
    return MePublic(
        username=viewer.username,
        tenant_id=viewer.tenant_id,
        tenant=services.accounts.tenant_name(viewer),
        role=viewer.role.value if viewer.role else None,
        installation_admin=viewer.is_installation_admin,
        anonymous=viewer.is_anonymous,
    )


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    scopes: list[str] = Field(default=["read"], examples=[["read", "write"]])
    days: int | None = Field(default=90, ge=1, le=365, strict=True, description="expiry in days; null for none")


class TokenPublic(BaseModel):
    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


class TokenCreated(TokenPublic):
    token: str = Field(description="the secret, shown once")


@router.get("/tokens", response_model=list[TokenPublic], summary="Your API tokens")
def list_tokens(services: ServicesDep, viewer: ViewerDep) -> list[TokenPublic]:
    if viewer.is_anonymous:
        raise Unauthenticated("sign in to list your tokens")
    return [TokenPublic(**t.__dict__) for t in services.accounts.tokens(viewer)]


@router.post(
    "/tokens",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenCreated,
    summary="Create an API token (the secret is returned once)",
)
def create_token(body: TokenCreate, services: ServicesDep, viewer: ViewerDep) -> TokenCreated:
    new = services.accounts.create_token(viewer, body.name, body.scopes, body.days)
    return TokenCreated(token=new.secret, **new.record.__dict__)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Revoke an API token")
def revoke_token(token_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.accounts.revoke_token(viewer, token_id)
    return Response(status_code=204)


class ChangePublic(BaseModel):
    id: int
    at: dt.datetime
    username: str | None
    record_kind: str
    record_id: uuid.UUID | None
    action: str
    summary: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@router.get("/audit", response_model=list[ChangePublic], summary="The audit trail, per record or per user")
def audit(
    services: ServicesDep,
    viewer: ViewerDep,
    record: uuid.UUID | None = None,
    user: Annotated[str | None, Query(max_length=150)] = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Any:
    entries = services.audit.history(viewer, record_id=record, username=user, kind=kind, limit=limit, offset=offset)
    return [ChangePublic(**{k: v for k, v in e.__dict__.items() if k in ChangePublic.model_fields}) for e in entries]


class TenantPublic(BaseModel):
    id: uuid.UUID
    slug: str
    name: str
    kind: str


@router.get("/tenants", response_model=list[TenantPublic], summary="Organisations on this installation")
def tenants(services: ServicesDep, viewer: ViewerDep) -> list[TenantPublic]:
    return [TenantPublic(id=t.id, slug=t.slug, name=t.name, kind=t.kind) for t in services.tenancy.tenants(viewer)]


class PartnerCreate(BaseModel):
    tenant: str = Field(description="slug of the organisation to share partner-level records with")
    note: str | None = Field(default=None, max_length=2000)


@router.get("/sharing/partners", response_model=list[TenantPublic], summary="Who your partner-level records go to")
def partners(services: ServicesDep, viewer: ViewerDep) -> list[TenantPublic]:
    by_id = {t.id: t for t in services.tenancy.tenants(viewer)}
    return [
        TenantPublic(id=i, slug=by_id[i].slug, name=n, kind=by_id[i].kind)
        for i, n in services.tenancy.partners(viewer)
        if i in by_id
    ]


@router.post("/sharing/partners", status_code=status.HTTP_204_NO_CONTENT, summary="Share partner-level records")
def add_partner(body: PartnerCreate, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.tenancy.share_with(viewer, body.tenant, body.note)
    return Response(status_code=204)


@router.delete("/sharing/partners/{tenant}", status_code=status.HTTP_204_NO_CONTENT, summary="Stop sharing")
def remove_partner(tenant: str, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.tenancy.stop_sharing(viewer, tenant)
    return Response(status_code=204)
