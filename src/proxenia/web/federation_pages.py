"""Pages of federations: one's federations and invitations, a federation's members (inviting, accepting,
declining, leaving), the office's dashboard (every chart with its table view and a CSV download), the
channels with one country, and the office's country flags."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse, Response

from proxenia.domain.countries import country_name
from proxenia.domain.engagements import EngagementKind
from proxenia.domain.errors import NotFound, Unauthenticated
from proxenia.domain.federation import CountryFlagDraft, MembershipAction
from proxenia.domain.federation_dashboard import FederationDashboard
from proxenia.domain.kinds import Visibility
from proxenia.interop.campaign_package import datapackage, zipped
from proxenia.interop.tables import csv_text
from proxenia.services.container import Services
from proxenia.services.federation_tables import SECTIONS, channels_table, dashboard_table
from proxenia.web.confirmation import confirm_first
from proxenia.web.form_values import form_actor, required_value
from proxenia.web.forms import SENT_BACK, PostedForm, Refused, csrf_protect, redirect, refusal, typed
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
SlugPath = Annotated[str, Path(max_length=64)]
CRUMBS = [("Home", "/"), ("Federations", "/federations")]


def _services(request: Request) -> Services:
    return request.app.state.services


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    return render(request, template, status_code, nav="federations", visibilities=list(Visibility), **context)


def csv_response(name: str, header: list[str], rows: list[list[Any]]) -> Response:
    return Response(csv_text(header, rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _signed_in(request: Request) -> None:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to see your organisation's federations")


def _federations(request: Request, refused: Refused | None = None) -> Response:
    _signed_in(request)
    services, viewer = _services(request), viewer_of(request)
    return page(request, "federation/list.html", memberships=services.federations.mine(viewer), refused=refused,
                breadcrumbs=[CRUMBS[0], ("Federations", None)])


@router.get("/federations")
def federations(request: Request) -> Response:
    return _federations(request)


@router.post("/federations")
def create_federation(request: Request, form: PostedForm) -> Response:
    _signed_in(request)
    values = typed(form, {"slug": "", "name": ""})
    try:
        created = _services(request).federations.create(viewer_of(request), slug=values["slug"].strip(),
                                                         name=values["name"])
    except SENT_BACK as exc:
        return _federations(request, refusal(exc, "federation", values))
    return redirect(f"/federations/{created.slug}", "saved")


def _federation(request: Request, slug: str, refused: Refused | None = None) -> Response:
    services, viewer = _services(request), viewer_of(request)
    detail = services.federations.detail(viewer, slug)
    members = {m.tenant_id for m in detail.members}
    candidates = [t for t in services.tenancy.tenants(viewer) if t.id not in members and t.kind == "government"] \
        if detail.is_office else []
    return page(request, "federation/federation.html", d=detail, candidates=candidates, actions=list(MembershipAction),
                refused=refused, breadcrumbs=[*CRUMBS, (detail.federation.name, None)])


@router.get("/federations/{slug}")
def federation(request: Request, slug: SlugPath) -> Response:
    return _federation(request, slug)


@router.post("/federations/{slug}/invitations")
def invite(request: Request, slug: SlugPath, form: PostedForm) -> Response:
    _signed_in(request)
    services, viewer = _services(request), viewer_of(request)
    values = typed(form, {"tenant": "", "actor_id": "", "actor_name": ""})
    try:
        try:
            actor = uuid.UUID(values["actor_id"]) if values["actor_id"].strip() else None
        except ValueError:
            # a tampered id: handed on as one that names no actor, so that the service still refuses a viewer who
            # may not invite first (403) and only then refuses the actor (422, column actor_id); nothing is written
            actor = uuid.UUID(int=0)
        actor = actor or form_actor(services.registry, viewer, {"actor_name": values["actor_name"]}, "actor")
        services.federations.invite(viewer, slug, values["tenant"].strip(), actor_id=actor)
    except SENT_BACK as exc:
        return _federation(request, slug, refusal(exc, "invitation", values))
    return redirect(f"/federations/{slug}", "saved")


@router.post("/federations/{slug}/membership", dependencies=[confirm_first(
    "Leave this federation? Its office stops seeing what you shared with it.",
    when=lambda form: form.get("action") == "leave")])
def membership(request: Request, slug: SlugPath, form: PostedForm) -> Response:
    _signed_in(request)
    values = typed(form, {"action": ""})
    try:
        action = required_value(values["action"], "action", MembershipAction)
        _services(request).federations.respond(viewer_of(request), slug, action)
    except SENT_BACK as exc:
        return _federation(request, slug, refusal(exc, "membership", values))
    return redirect(f"/federations/{slug}" if action is not MembershipAction.DECLINE else "/federations", "saved")


def _bar(label: str, value: float, display: str | None = None) -> dict[str, Any]:
    return {"label": label, "value": value, "display": display if display is not None else f"{value:,.0f}"}


def charts(board: FederationDashboard) -> dict[str, list[dict[str, Any]]]:
    """The bars of each chart (the tables hold every row; a chart shows the top 15)."""
    years: dict[int, int] = {}
    kinds: dict[str, int] = {}
    for c in board.countries:
        for y, n in c.by_year.items():
            years[y] = years.get(y, 0) + n
        for k, n in c.by_kind.items():
            kinds[k] = kinds.get(k, 0) + n
    agreements: dict[str, set[str]] = {}
    for p in board.pledges:
        agreements.setdefault(p.agreement_name, set()).add(p.member_name)
    use_betweenness = any(h.betweenness for h in board.hubs)
    return {
        "countries": [_bar(country_name(c.country_code), c.engagements) for c in board.countries[:15]],
        "trend": [_bar(str(y), n) for y, n in sorted(years.items())],
        "kinds": [_bar(EngagementKind(k).label if k in EngagementKind._value2member_map_ else k, n)
                  for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])],
        "channels": [_bar(country_name(c.country_code), c.strength,
                          f"{c.ties} ties + {c.recent_engagements} recent engagements") for c in board.channels[:15]],
        "pledges": [_bar(name, len(members), f"{len(members)} members")
                    for name, members in sorted(agreements.items())],
        "alignment": [_bar(a.label, a.engagements, f"{a.engagements} engagements, {a.members} members")
                      for a in board.alignment],
        "hubs": [_bar(h.actor.name, h.betweenness if use_betweenness else h.degree,
                      f"betweenness {h.betweenness:.3f} · tied to {h.member_ties} members" if use_betweenness
                      else f"{h.degree} ties") for h in board.hubs],
    }


@router.get("/federations/{slug}/dashboard")
def dashboard(request: Request, slug: SlugPath, fresh: bool = False) -> Response:
    return _dashboard(request, slug, fresh=fresh)


def _dashboard(request: Request, slug: str, refused: Refused | None = None, *, fresh: bool = False) -> Response:
    services, viewer = _services(request), viewer_of(request)
    board = services.federation_dashboard.dashboard(viewer, slug, fresh=fresh)
    flags = services.federations.flags(viewer, slug)
    tables = {name: dashboard_table(board, name) for name in SECTIONS}
    flagged = [country_name(f.country_code) for f in flags]
    return page(request, "federation/dashboard.html", board=board, slug=slug, tables=tables, sections=SECTIONS,
                flags=flags, charts=charts(board), flagged=flagged, refused=refused,
                computed_at=dt.datetime.fromtimestamp(board.timings_ms.get("computed_at", 0), dt.UTC),
                breadcrumbs=[*CRUMBS, (board.federation_name, f"/federations/{slug}"), ("Dashboard", None)])


@router.get("/federations/{slug}/dashboard/network.json")
def dashboard_network(request: Request, slug: SlugPath) -> Response:
    """The federation's network for the graph beside the hubs table (members and hubs, ties among them)."""
    net = _services(request).federation_dashboard.network(viewer_of(request), slug)
    return JSONResponse({
        "nodes": [{"id": str(n.actor.id), "label": n.actor.name, "kind": n.actor.kind.value,
                   "url": f"/actors/{n.actor.id}", "root": n.is_member} for n in net.nodes],
        "edges": [{"id": f"{a}-{b}", "source": str(a), "target": str(b), "type": "tie", "type_label": "tie"}
                  for a, b in net.edges],
    })


@router.get("/federations/{slug}/dashboard/datapackage.zip")
def dashboard_package(request: Request, slug: SlugPath) -> Response:
    """Every table of the dashboard as CSV with a Frictionless descriptor, zipped."""
    board = _services(request).federation_dashboard.dashboard(viewer_of(request), slug)
    tables = {name: dashboard_table(board, name) for name in SECTIONS}
    numbers = {"engagements", "members", "ties", "partners", "recent_engagements", "strength", "members_tied",
               "degree_centrality", "betweenness", "ties_aligned"}
    types = {name: {h: "number" for h in header if h in numbers} for name, (header, _) in tables.items()}
    descriptor = datapackage(f"{slug}-dashboard", f"Dashboard of {board.federation_name}", tables, types)
    return Response(zipped(descriptor, tables), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{slug}-dashboard.zip"'})


@router.get("/federations/{slug}/dashboard/{section}.csv")
def dashboard_csv(request: Request, slug: SlugPath, section: Annotated[str, Path(max_length=32)]) -> Response:
    if section not in SECTIONS:
        raise NotFound(f"no dashboard section '{section}' (known: {', '.join(SECTIONS)})")
    board = _services(request).federation_dashboard.dashboard(viewer_of(request), slug)
    header, rows = dashboard_table(board, section)
    return csv_response(f"{slug}-{section}", header, rows)


@router.get("/federations/{slug}/channels/{country}.csv")
def channels_csv(request: Request, slug: SlugPath, country: Annotated[str, Path(max_length=60)]) -> Response:
    detail = _services(request).federation_dashboard.channels(viewer_of(request), slug, country)
    header, rows = channels_table(detail)
    return csv_response(f"{slug}-channels-{detail.summary.country_code}", header, rows)


@router.get("/federations/{slug}/channels/{country}")
def channels(request: Request, slug: SlugPath, country: Annotated[str, Path(max_length=60)]) -> Response:
    detail = _services(request).federation_dashboard.channels(viewer_of(request), slug, country)
    code = detail.summary.country_code
    return page(request, "federation/channels.html", detail=detail, slug=slug,
                breadcrumbs=[*CRUMBS, ("Dashboard", f"/federations/{slug}/dashboard"), (f"Channels: {code}", None)])


@router.post("/federations/{slug}/flags")
def flag(request: Request, slug: SlugPath, form: PostedForm) -> Response:
    _signed_in(request)
    values = typed(form, {"country": "", "note": "", "visibility": Visibility.PRIVATE.value})
    try:
        draft = CountryFlagDraft(country_code=values["country"], note=values["note"],
                                 visibility=required_value(values["visibility"], "visibility", Visibility))
        _services(request).federations.flag_country(viewer_of(request), slug, draft)
    except SENT_BACK as exc:
        return _dashboard(request, slug, refusal(exc, "flag", values))
    return redirect(f"/federations/{slug}/dashboard#flags", "saved")


@router.post("/federations/{slug}/flags/{flag_id}/delete",
             dependencies=[confirm_first("Remove this country flag?")])
def unflag(request: Request, slug: SlugPath, flag_id: uuid.UUID) -> Response:
    _signed_in(request)
    _services(request).federations.unflag(viewer_of(request), slug, flag_id)
    return redirect(f"/federations/{slug}/dashboard#flags", "deleted")
