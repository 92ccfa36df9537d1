"""Pages for signing in and out, one's account (password, API tokens), and user administration."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from proxenia.domain.errors import InvalidInput, NotFound, PermissionDenied, Problem, ProxeniaError, Unauthenticated
from proxenia.domain.kinds import Role
from proxenia.services.container import Services
from proxenia.web.confirmation import confirm_first
from proxenia.web.form_values import form_value, required_value
from proxenia.web.forms import SENT_BACK, PostedForm, Refused, csrf_protect, redirect, refusal, typed
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
SESSION_COOKIE = "proxenia_session"
def _services(request: Request) -> Services:
    return request.app.state.services


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return render(
        request,
        "account/login.html",
        next=_safe_next(next),
        error=None,
        username="",
        breadcrumbs=[("Home", "/"), ("Sign in", None)],
    )


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    services = _services(request)
    client = request.client.host if request.client else ""
    try:
        if not username.strip() or not password:
            raise InvalidInput("enter your username and your password")
        signed = services.accounts.sign_in(username, password, client=client)
    except ProxeniaError as exc:
        return render(
            request,
            "account/login.html",
            status_code=exc.status,
            next=_safe_next(next),
            error=exc.detail,
            username=username,
            breadcrumbs=[("Home", "/"), ("Sign in", None)],
        )
    response = redirect(_safe_next(next))
    response.set_cookie(
        SESSION_COOKIE,
        signed.token,
        httponly=True,
        samesite="lax",
        secure=services.settings.secure_cookies,
        max_age=services.settings.session_max_age_seconds,
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        _services(request).accounts.sign_out(token)
    response = redirect("/", "signed-out")
    response.delete_cookie(SESSION_COOKIE)
    return response


def _signed_in(request: Request) -> None:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to see your account")


def _account(request: Request, refused: Refused | None = None, new_token: str | None = None) -> Response:
    return render(
        request,
        "account/account.html",
        nav="account",
        tokens=_services(request).accounts.tokens(viewer_of(request)),
        new_token=new_token,
        error=refused.error if refused else None,
        refused=refused,
        breadcrumbs=[("Home", "/"), ("Your account", None)],
    )


@router.get("/account")
def account(request: Request, new_token: str | None = None) -> Response:
    _signed_in(request)
    return _account(request)


@router.post("/account/password")
def change_password(
    request: Request, current_password: Annotated[str, Form()] = "", new_password: Annotated[str, Form()] = ""
) -> Response:
    _signed_in(request)
    try:
        _services(request).accounts.change_password(viewer_of(request), current_password, new_password)
    except InvalidInput as exc:
        return _account(request, refusal(exc, "password", {}))
    response = redirect("/login", "password-changed")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/account/tokens")
def create_token(request: Request, form: PostedForm) -> Response:
    _signed_in(request)
    values = typed(form, {"name": "", "days": "90"})
    scopes = [s for s in form.getlist("scope") if isinstance(s, str)]
    try:
        if not values["name"].strip():
            raise InvalidInput(Problem("say what the token is for", column="name"))
        days = form_value(values["days"], "days", int, "is not a whole number of days")
        new = _services(request).accounts.create_token(viewer_of(request), values["name"].strip(), scopes,
                                                       90 if days is None else days)
    except SENT_BACK as exc:
        return _account(request, refusal(exc, "token", values))
    return _account(request, new_token=new.secret)  # shown once, on this response only; never stored in clear


@router.post("/account/tokens/{token_id}/revoke",
             dependencies=[confirm_first("Revoke this token? Programs using it can no longer sign in.")])
def revoke_token(request: Request, token_id: uuid.UUID) -> Response:
    _signed_in(request)
    _services(request).accounts.revoke_token(viewer_of(request), token_id)
    return redirect("/account", "token-revoked")


def _admin(request: Request) -> None:
    viewer = viewer_of(request)
    if viewer.is_anonymous:
        raise Unauthenticated("sign in as an administrator")
    if not (viewer.is_installation_admin or viewer.role is Role.ADMIN):
        raise PermissionDenied("only administrators can manage users")


def _users(request: Request, refused: Refused | None = None) -> Response:
    services = _services(request)
    viewer = viewer_of(request)
    tenants = services.tenancy.tenants(viewer) if viewer.is_installation_admin else []
    return render(
        request,
        "account/users.html",
        nav="admin",
        users=services.accounts.users(viewer),
        roles=list(Role),
        tenants=tenants,
        refused=refused,
        breadcrumbs=[("Home", "/"), ("Users", None)],
    )


@router.get("/admin/users")
def users_page(request: Request) -> Response:
    _admin(request)
    return _users(request)


@router.post("/admin/users")
def create_user(request: Request, form: PostedForm) -> Response:
    _admin(request)
    viewer = viewer_of(request)
    services = _services(request)
    values = typed(form, {"username": "", "password": "", "role": "", "display_name": "", "tenant": ""})
    kept = {k: v for k, v in values.items() if k != "password"}  # a password is never shown again
    slug = values["tenant"] or (services.tenancy.slug_of(viewer.tenant_id) if viewer.tenant_id else None)
    try:
        services.accounts.create_user(
            viewer, username=values["username"], password=values["password"],
            display_name=values["display_name"] or None, tenant=slug,
            role=required_value(values["role"], "role", Role),
        )
    except SENT_BACK as exc:
        return _users(request, refusal(exc, "user", kept))
    except NotFound as exc:  # an organisation that is not there
        return _users(request, refusal(InvalidInput(Problem(exc.detail, column="tenant")), "user", kept))
    return redirect("/admin/users", "user-created")


@router.post("/admin/users/{username}/reset",
             dependencies=[confirm_first("Reset this user's password? They must choose a new one at next sign-in.")])
def reset_password(request: Request, username: str, form: PostedForm) -> Response:
    _admin(request)
    password = typed(form, {"password": ""})["password"]
    try:
        _services(request).accounts.reset_password(viewer_of(request), username, password)
    except SENT_BACK as exc:
        return _users(request, refusal(exc, "reset", {}))
    return redirect("/admin/users", "password-reset")
