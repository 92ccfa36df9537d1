"""What each route may show or change, for the isolation matrix. A route without an entry here fails
`test_every_route_has_an_entry`: adding a route means saying who may use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.kinds import Visibility
from tests.factories import BUSAN, LOS_ANGELES
from tests.isolation.world import World

Query = Callable[[World, Visibility], dict[str, Any]]


@dataclass(frozen=True)
class Spec:
    """How to call a route and what to expect.

    kind:
      - ``record``: reads one record of ``record_kind`` (from a path parameter or from ``query``):
        200 when the persona may read that sharing level, otherwise 404; never a foreign marker.
      - ``record_signed_in``: like ``record``, for forms that need a signed-in user (anonymous: 401).
      - ``list``: reads many records; never shows a marker the persona may not read.
      - ``change``: changes a record of ``record_kind``: refused for everyone but the owner's editors and
        admins (the matrix checks the refusals and that the record is unchanged).
      - ``create``: creates a record in the caller's own organisation: refused to anonymous callers and viewers.
      - ``self``: acts on the caller's own account: refused to anonymous callers.
      - ``admin_write``: changes users or sharing: refused to everyone but administrators.
      - ``open_write``: signing in and out.
      - ``open``: serves no record data (static files, the schema, the sign-in page).
      - ``signed_in``: needs a signed-in user; shows only the user's own things.
      - ``admin``: only administrators.
    """

    kind: str
    record_kind: str | None = None
    query: Query | None = None
    path: dict[str, str] = field(default_factory=dict)


def _q(**fixed: Any) -> Query:
    return lambda world, vis: dict(fixed)


def _actor_query(name: str, **fixed: Any) -> Query:
    return lambda world, vis: {name: str(world.records["actor"][vis]), **fixed}


BUSAN_ID = "geonames:" + str(BUSAN)
_NO_ID = "00000000-0000-4000-8000-000000000000"
FED = {"slug": "owner-fed"}  # the owner's federation (tests/isolation/federation_factories.py)
ROUTE_SPECS: dict[tuple[str, str], Spec] = {
    # -- static and schema ---------------------------------------------------------------------
    ("GET", "/static/{path}"): Spec("open", path={"path": "css/app.css"}),
    ("GET", "/api/v1/openapi.json"): Spec("open"),
    ("GET", "/about/data"): Spec("open"),
    ("GET", "/login"): Spec("open"),
    ("POST", "/login"): Spec("open_write"),
    ("POST", "/logout"): Spec("open_write"),
    # -- registry API --------------------------------------------------------------------------
    ("GET", "/api/v1/actors"): Spec("list", query=_q(q="zq", limit=100)),
    ("POST", "/api/v1/actors"): Spec("create"),
    ("GET", "/api/v1/actors/{actor_id}"): Spec("record", "actor"),
    ("PATCH", "/api/v1/actors/{actor_id}"): Spec("change", "actor"),
    ("DELETE", "/api/v1/actors/{actor_id}"): Spec("change", "actor"),
    ("POST", "/api/v1/actors/{actor_id}/merge"): Spec("change", "actor"),
    ("GET", "/api/v1/actors/{actor_id}/profile"): Spec("record", "actor"),
    ("GET", "/api/v1/actors/{actor_id}/ties"): Spec("record", "actor"),
    ("GET", "/api/v1/actors/{actor_id}/neighbourhood"): Spec("record", "actor"),
    ("GET", "/api/v1/actors/{actor_id}/touchpoints"): Spec("record", "actor", query=_q(country="KR")),
    ("GET", "/api/v1/actors/{actor_id}/map"): Spec("record", "actor"),
    ("GET", "/api/v1/tie-types"): Spec("open"),
    ("POST", "/api/v1/ties"): Spec("create"),
    ("GET", "/api/v1/ties/{tie_id}"): Spec("record", "tie"),
    ("PATCH", "/api/v1/ties/{tie_id}"): Spec("change", "tie"),
    ("DELETE", "/api/v1/ties/{tie_id}"): Spec("change", "tie"),
    ("GET", "/api/v1/people"): Spec("list", query=_q(q="zq")),
    ("POST", "/api/v1/people"): Spec("create"),
    ("POST", "/api/v1/posts"): Spec("create"),
    ("GET", "/api/v1/paths"): Spec(
        "record", "actor", query=lambda w, v: {"from": str(w.records["actor"][v]), "to": str(_city(BUSAN))}
    ),
    ("GET", "/api/v1/countries/{country}/touchpoints"): Spec(
        "list", query=_q(**{"with": "KR"}), path={"country": "US"}
    ),
    ("GET", "/api/v1/countries/{country_a}/channels/{country_b}"): Spec(
        "list", path={"country_a": "US", "country_b": "KR"}
    ),
    ("GET", "/api/v1/stats"): Spec("list"),
    ("POST", "/api/v1/imports"): Spec("create"),
    ("GET", "/api/v1/exports/registry.{fmt}"): Spec("list", path={"fmt": "json"}),
    # -- accounts API ---------------------------------------------------------------------------
    ("GET", "/api/v1/me"): Spec("open"),
    ("GET", "/api/v1/tokens"): Spec("signed_in"),
    ("POST", "/api/v1/tokens"): Spec("self"),
    ("DELETE", "/api/v1/tokens/{token_id}"): Spec("self", path={"token_id": "00000000-0000-4000-8000-000000000000"}),
    ("GET", "/api/v1/audit"): Spec("signed_in"),
    ("GET", "/api/v1/tenants"): Spec("signed_in"),
    ("GET", "/api/v1/sharing/partners"): Spec("signed_in"),
    ("POST", "/api/v1/sharing/partners"): Spec("admin_write"),
    ("DELETE", "/api/v1/sharing/partners/{tenant}"): Spec("admin_write", path={"tenant": "partner"}),
    # -- practice exchange API -------------------------------------------------------------------
    ("GET", "/api/v1/policy-areas"): Spec("open"),
    ("GET", "/api/v1/practices"): Spec("list", query=_q(any_status="true", limit=100)),
    ("POST", "/api/v1/practices"): Spec("create"),
    ("GET", "/api/v1/practices/curation-queue"): Spec("list"),
    ("GET", "/api/v1/practices/recommendations"): Spec(
        "record",
        "actor",
        query=lambda w, v: {"q": "practice of the isolation matrix", "actor": str(w.records["actor"][v])},
    ),
    ("GET", "/api/v1/practices/recommendations/model"): Spec("open"),  # model weights only, the same for all
    ("GET", "/api/v1/practices/{practice_id}"): Spec("record", "practice"),
    ("PATCH", "/api/v1/practices/{practice_id}"): Spec("change", "practice"),
    ("DELETE", "/api/v1/practices/{practice_id}"): Spec("change", "practice"),
    ("POST", "/api/v1/practices/{practice_id}/curation"): Spec("change", "practice"),
    ("GET", "/api/v1/practices/{practice_id}/lineage"): Spec("record", "practice"),
    ("GET", "/api/v1/practices/{practice_id}/adoptions"): Spec("record", "practice"),
    ("GET", "/api/v1/practices/{practice_id}/next-adopters"): Spec("record", "practice"),
    ("GET", "/api/v1/practices/{practice_id}/similar"): Spec("record", "practice"),
    ("POST", "/api/v1/practices/{practice_id}/links"): Spec("create"),
    ("POST", "/api/v1/practices/{practice_id}/shares"): Spec("create"),
    ("POST", "/api/v1/adoptions"): Spec("create"),
    ("GET", "/api/v1/adoptions/{adoption_id}"): Spec("record", "adoption"),
    ("PATCH", "/api/v1/adoptions/{adoption_id}"): Spec("change", "adoption"),
    ("DELETE", "/api/v1/adoptions/{adoption_id}"): Spec("change", "adoption"),
    ("POST", "/api/v1/adoptions/{adoption_id}/steps"): Spec("change", "adoption"),
    ("PATCH", "/api/v1/adoptions/{adoption_id}/steps/{step_id}"): Spec(
        "change", "adoption", path={"step_id": "00000000-0000-4000-8000-000000000000"}
    ),
    ("POST", "/api/v1/adoptions/{adoption_id}/follow-ups"): Spec("change", "adoption"),
    ("GET", "/api/v1/actors/{actor_id}/lineage"): Spec("record", "actor"),
    ("GET", "/api/v1/requests-for-help"): Spec("list", query=_q(limit=100)),
    ("POST", "/api/v1/requests-for-help"): Spec("create"),
    ("GET", "/api/v1/requests-for-help/{request_id}"): Spec("record", "request"),
    # (no record_kind: the matrix re-reads records at /api/v1/<kind>s/{id}, which requests-for-help is not)
    ("PATCH", "/api/v1/requests-for-help/{request_id}"): Spec("change"),
    ("POST", "/api/v1/requests-for-help/{request_id}/responses"): Spec("create"),
    ("GET", "/api/v1/requests-for-help/{request_id}/proposals"): Spec("record", "request"),
    # -- pages ------------------------------------------------------------------------------------
    ("GET", "/"): Spec("list"),
    ("GET", "/search"): Spec("list", query=_q(q="zq")),
    ("GET", "/people"): Spec("list", query=_q(q="zq")),
    ("GET", "/people.csv"): Spec("list", query=_q(q="zq")),
    ("GET", "/people/{person_id}"): Spec("record", "person"),
    ("GET", "/actors"): Spec("list", query=_q(q="zq")),
    ("GET", "/actors.csv"): Spec("list", query=_q(q="zq")),
    ("GET", "/actors/{actor_id}"): Spec("record", "actor"),
    ("GET", "/actors/{actor_id}/ties.csv"): Spec("record", "actor"),
    ("GET", "/actors/{actor_id}/map.geojson"): Spec("record", "actor"),
    ("GET", "/actors/{actor_id}/graph.json"): Spec("record", "actor"),
    ("GET", "/actors/{actor_id}/neighbourhood"): Spec("record", "actor"),
    ("GET", "/actors/{actor_id}/touchpoints"): Spec("record", "actor", query=_q(country="KR")),
    ("GET", "/paths"): Spec("list", query=lambda w, v: {"from": str(w.records["actor"][v]), "to": BUSAN_ID}),
    ("GET", "/paths/graph.json"): Spec("record", "actor", query=lambda w, v: {"from": str(w.records["actor"][v]),
                                                                              "to": BUSAN_ID}),
    ("GET", "/channels"): Spec("open"),
    ("GET", "/countries/{country_a}/channels/{country_b}"): Spec("list", path={"country_a": "US", "country_b": "KR"}),
    ("GET", "/countries/{country_a}/channels/{country_b}.geojson"): Spec(
        "list", path={"country_a": "US", "country_b": "KR"}),
    ("GET", "/countries/{country_a}/channels/{country_b}.csv"): Spec(
        "list", path={"country_a": "US", "country_b": "KR"}
    ),
    ("GET", "/actors/typeahead.json"): Spec("list", query=_q(q="zq")),
    ("GET", "/actors/new"): Spec("signed_in"),
    ("POST", "/actors/new"): Spec("create"),
    ("GET", "/actors/{actor_id}/edit"): Spec("record_signed_in", "actor"),
    ("POST", "/actors/{actor_id}/edit"): Spec("change", "actor"),
    ("GET", "/ties/new"): Spec("record_signed_in", "actor", query=lambda w, v: {"source": str(w.records["actor"][v])}),
    ("POST", "/ties/new"): Spec("create"),
    ("POST", "/ties/{tie_id}/delete"): Spec("change", "tie"),
    ("GET", "/account"): Spec("signed_in"),
    ("POST", "/account/password"): Spec("self"),
    ("POST", "/account/tokens"): Spec("self"),
    ("POST", "/account/tokens/{token_id}/revoke"): Spec(
        "self", path={"token_id": "00000000-0000-4000-8000-000000000000"}
    ),
    ("GET", "/admin/users"): Spec("admin"),
    ("POST", "/admin/users"): Spec("admin_write"),
    ("POST", "/admin/users/{username}/reset"): Spec("admin_write", path={"username": "owner_viewer-user"}),
    # -- practice exchange pages -----------------------------------------------------------------
    ("GET", "/practices"): Spec("list", query=_q(status="any")),
    ("GET", "/practices/new"): Spec("signed_in"),
    ("POST", "/practices/new"): Spec("create"),
    ("GET", "/practices/queue"): Spec("signed_in"),
    ("GET", "/practices/who-has-solved"): Spec("list", query=_q(q="practice of the isolation matrix")),
    ("GET", "/practices/how-recommendations-work"): Spec("open"),
    ("GET", "/practices/{practice_id}"): Spec("record", "practice"),
    ("GET", "/practices/{practice_id}/lineage.json"): Spec("record", "practice"),
    ("POST", "/practices/{practice_id}/curation"): Spec("change", "practice"),
    ("GET", "/actors/{actor_id}/practices"): Spec("record", "actor"),
    ("GET", "/adoptions/new"): Spec(
        "record_signed_in", "practice", query=lambda w, v: {"practice": str(w.records["practice"][v])}
    ),
    ("POST", "/adoptions/new"): Spec("create"),
    ("GET", "/adoptions/{adoption_id}"): Spec("record", "adoption"),
    ("POST", "/adoptions/{adoption_id}/steps"): Spec("change", "adoption"),
    ("POST", "/adoptions/{adoption_id}/steps/{step_id}"): Spec(
        "change", "adoption", path={"step_id": "00000000-0000-4000-8000-000000000000"}
    ),
    ("POST", "/adoptions/{adoption_id}/follow-ups"): Spec("change", "adoption"),
    ("GET", "/requests-for-help"): Spec("list"),
    ("GET", "/requests-for-help/new"): Spec("signed_in"),
    ("POST", "/requests-for-help/new"): Spec("create"),
    ("GET", "/requests-for-help/{request_id}"): Spec("record", "request"),
    ("POST", "/requests-for-help/{request_id}/responses"): Spec("create"),
    ("POST", "/requests-for-help/{request_id}/status"): Spec("change"),
    # -- federation (C6): the owner runs "owner-fed", the peer is an active member of it -----------------
    ("GET", "/api/v1/federations"): Spec("signed_in"),
    ("POST", "/api/v1/federations"): Spec("create"),
    ("GET", "/api/v1/federations/{slug}"): Spec("signed_in", path=FED),
    ("POST", "/api/v1/federations/{slug}/invitations"): Spec("admin_write", path=FED),
    ("POST", "/api/v1/federations/{slug}/membership"): Spec("self", path=FED),
    ("GET", "/api/v1/federations/{slug}/dashboard"): Spec("signed_in", path=FED),
    ("GET", "/api/v1/federations/{slug}/channels/{country}"): Spec("signed_in", path={**FED, "country": "KR"}),
    ("GET", "/api/v1/federations/{slug}/flags"): Spec("signed_in", path=FED),
    ("POST", "/api/v1/federations/{slug}/flags"): Spec("create", path=FED),
    ("DELETE", "/api/v1/federations/{slug}/flags/{flag_id}"): Spec("change", path=FED),
    ("GET", "/api/v1/federations/{slug}/campaigns"): Spec("signed_in", path=FED),
    ("POST", "/api/v1/federations/{slug}/campaigns"): Spec("create", path=FED),
    ("GET", "/api/v1/federations/{slug}/routings"): Spec("signed_in", path=FED),
    ("POST", "/api/v1/federations/{slug}/routings"): Spec("create", path=FED),
    ("GET", "/api/v1/federations/{slug}/processes"): Spec("signed_in", path=FED),
    ("GET", "/api/v1/campaigns/{campaign_id}"): Spec("record", "campaign"),
    ("PATCH", "/api/v1/campaigns/{campaign_id}"): Spec("change", "campaign"),
    ("POST", "/api/v1/campaigns/{campaign_id}/sending"): Spec("change", "campaign"),
    ("POST", "/api/v1/campaigns/{campaign_id}/closing"): Spec("change", "campaign"),
    ("GET", "/api/v1/campaigns/{campaign_id}/tracking"): Spec("signed_in"),
    ("POST", "/api/v1/campaigns/{campaign_id}/reminders"): Spec("change", "campaign"),
    ("GET", "/api/v1/campaigns/{campaign_id}/responses"): Spec("record", "campaign"),
    ("POST", "/api/v1/campaigns/{campaign_id}/responses"): Spec("create"),
    ("GET", "/api/v1/campaigns/{campaign_id}/aggregate"): Spec("record", "campaign"),
    ("GET", "/api/v1/campaign-responses/{response_id}"): Spec("record", "campaign-response"),
    ("PATCH", "/api/v1/campaign-responses/{response_id}"): Spec("change", "campaign-response"),
    ("POST", "/api/v1/campaign-responses/{response_id}/submission"): Spec("change", "campaign-response"),
    ("POST", "/api/v1/campaign-responses/{response_id}/records"): Spec("change", "campaign-response"),
    ("GET", "/api/v1/inbox"): Spec("signed_in"),
    ("GET", "/api/v1/missions"): Spec("list"),
    ("POST", "/api/v1/missions"): Spec("create"),
    ("GET", "/api/v1/actors/{actor_id}/missions"): Spec("record", "actor"),
    ("GET", "/api/v1/processes"): Spec("list"),
    ("POST", "/api/v1/processes"): Spec("create"),
    ("GET", "/api/v1/processes/{process_id}"): Spec("record", "process"),
    ("POST", "/api/v1/processes/{process_id}/participations"): Spec("create"),
    ("POST", "/api/v1/processes/{process_id}/submissions"): Spec("create"),
    ("GET", "/federations"): Spec("signed_in"),
    ("POST", "/federations"): Spec("create"),
    ("GET", "/federations/{slug}"): Spec("signed_in", path=FED),
    ("POST", "/federations/{slug}/invitations"): Spec("admin_write", path=FED),
    ("POST", "/federations/{slug}/membership"): Spec("self", path=FED),
    ("GET", "/federations/{slug}/dashboard"): Spec("signed_in", path=FED),
    ("GET", "/federations/{slug}/dashboard/{section}.csv"): Spec("signed_in", path={**FED, "section": "countries"}),
    ("GET", "/federations/{slug}/dashboard/datapackage.zip"): Spec("signed_in", path=FED),
    ("GET", "/federations/{slug}/dashboard/network.json"): Spec("signed_in", path=FED),
    ("GET", "/federations/{slug}/channels/{country}"): Spec("signed_in", path={**FED, "country": "KR"}),
    ("GET", "/federations/{slug}/channels/{country}.csv"): Spec("signed_in", path={**FED, "country": "KR"}),
    ("POST", "/federations/{slug}/flags"): Spec("create", path=FED),
    ("POST", "/federations/{slug}/flags/{flag_id}/delete"): Spec("change", path=FED),
    ("GET", "/federations/{slug}/campaigns"): Spec("signed_in", path=FED),
    ("GET", "/federations/{slug}/campaigns/new"): Spec("signed_in", path=FED),
    ("POST", "/federations/{slug}/campaigns/new"): Spec("create", path=FED),
    ("GET", "/federations/{slug}/routings"): Spec("signed_in", path=FED),
    ("POST", "/federations/{slug}/routings"): Spec("create", path=FED),
    ("GET", "/federations/{slug}/processes"): Spec("signed_in", path=FED),
    ("GET", "/campaigns/{campaign_id}"): Spec("record", "campaign"),
    ("POST", "/campaigns/{campaign_id}/send"): Spec("change", "campaign"),
    ("POST", "/campaigns/{campaign_id}/reminders"): Spec("change", "campaign"),
    ("POST", "/campaigns/{campaign_id}/close"): Spec("change", "campaign"),
    ("GET", "/campaigns/{campaign_id}/responses"): Spec("record", "campaign"),
    ("GET", "/campaigns/{campaign_id}/aggregate"): Spec("record", "campaign"),
    ("GET", "/campaigns/{campaign_id}/export.csv"): Spec("record", "campaign"),
    ("GET", "/campaigns/{campaign_id}/datapackage.zip"): Spec("record", "campaign"),
    ("POST", "/campaigns/{campaign_id}/answer"): Spec("create"),
    ("GET", "/inbox"): Spec("signed_in"),
    ("GET", "/campaign-responses/{response_id}"): Spec("record", "campaign-response"),
    ("POST", "/campaign-responses/{response_id}"): Spec("change", "campaign-response"),
    ("POST", "/campaign-responses/{response_id}/records"): Spec("change", "campaign-response"),
    ("GET", "/missions"): Spec("list"),
    ("POST", "/missions"): Spec("create"),
    ("GET", "/actors/{actor_id}/missions"): Spec("record", "actor"),
    ("GET", "/processes"): Spec("list"),
    ("POST", "/processes"): Spec("create"),
    ("GET", "/processes/{process_id}"): Spec("record", "process"),
    ("POST", "/processes/{process_id}/participations"): Spec("create"),
    ("POST", "/processes/{process_id}/submissions"): Spec("create"),
    # -- engagement log, incoming requests, goals, briefings, portfolio (C2, C5) ---------------------------
    ("GET", "/api/v1/engagements"): Spec("list", query=_q(q="zq", limit=100)),
    ("POST", "/api/v1/engagements"): Spec("create"),
    ("GET", "/api/v1/engagements/{engagement_id}"): Spec("record", "engagement"),
    ("PUT", "/api/v1/engagements/{engagement_id}"): Spec("change", "engagement"),
    ("DELETE", "/api/v1/engagements/{engagement_id}"): Spec("change", "engagement"),
    ("PATCH", "/api/v1/engagements/{engagement_id}/follow-ups/{follow_up_id}"): Spec(
        "change", "engagement", path={"follow_up_id": _NO_ID}
    ),
    ("POST", "/api/v1/engagement-imports"): Spec("create"),
    ("GET", "/api/v1/goals"): Spec("list", query=_q(q="zq")),
    ("POST", "/api/v1/goals"): Spec("create"),
    ("GET", "/api/v1/goals/{goal_id}"): Spec("record", "goal"),
    ("PATCH", "/api/v1/goals/{goal_id}"): Spec("change", "goal"),
    ("DELETE", "/api/v1/goals/{goal_id}"): Spec("change", "goal"),
    ("GET", "/api/v1/alignments"): Spec("signed_in"),
    ("POST", "/api/v1/alignments"): Spec("create"),
    ("GET", "/api/v1/alignments/{alignment_id}"): Spec("record", "alignment"),
    ("DELETE", "/api/v1/alignments/{alignment_id}"): Spec("change", "alignment"),
    ("GET", "/api/v1/proposals"): Spec("list"),
    ("POST", "/api/v1/proposals"): Spec("create"),
    ("GET", "/api/v1/proposals/{proposal_id}"): Spec("record", "proposal"),
    ("POST", "/api/v1/proposals/{proposal_id}/screening"): Spec("change", "proposal"),
    ("POST", "/api/v1/proposals/{proposal_id}/decision"): Spec("change", "proposal"),
    ("GET", "/api/v1/intake-rules"): Spec("signed_in"),
    ("PUT", "/api/v1/intake-rules"): Spec("admin_write"),
    ("GET", "/api/v1/risks"): Spec("list"),
    ("POST", "/api/v1/risks"): Spec("create"),
    ("GET", "/api/v1/risks/{risk_id}"): Spec("record", "risk"),
    ("DELETE", "/api/v1/risks/{risk_id}"): Spec("change", "risk"),
    ("GET", "/api/v1/briefings/actors/{actor_id}"): Spec("record", "actor"),
    ("GET", "/api/v1/briefings/countries/{country}"): Spec("list", path={"country": "US"}),
    ("GET", "/api/v1/portfolio/settings"): Spec("signed_in"),
    ("PUT", "/api/v1/portfolio/settings"): Spec("admin_write"),
    ("GET", "/api/v1/portfolio/findings"): Spec("signed_in"),
    ("GET", "/api/v1/portfolio/heat-map"): Spec("signed_in"),
    ("GET", "/api/v1/scenarios"): Spec("signed_in"),
    ("POST", "/api/v1/scenarios"): Spec("create"),
    ("GET", "/api/v1/scenarios/{scenario_id}"): Spec("record", "scenario"),
    ("POST", "/api/v1/scenarios/{scenario_id}/variants"): Spec("create"),
    ("DELETE", "/api/v1/scenarios/{scenario_id}"): Spec("change", "scenario"),
    ("GET", "/api/v1/scenario-comparisons"): Spec(
        "record", "scenario",
        query=lambda w, v: {"ids": [str(w.records[k][v]) for k in ("scenario", "second_scenario")]}
    ),
    ("GET", "/engagements"): Spec("list", query=_q(q="zq")),
    ("GET", "/engagements/new"): Spec("signed_in"),
    ("POST", "/engagements/new"): Spec("create"),
    ("GET", "/engagements/import"): Spec("signed_in"),
    ("POST", "/engagements/import"): Spec("create"),
    ("GET", "/engagements/people.json"): Spec("list", query=_q(q="zq")),
    ("GET", "/engagements/{engagement_id}"): Spec("record", "engagement"),
    ("GET", "/engagements/{engagement_id}/edit"): Spec("record_signed_in", "engagement"),
    ("POST", "/engagements/{engagement_id}/edit"): Spec("change", "engagement"),
    ("POST", "/engagements/{engagement_id}/delete"): Spec("change", "engagement"),
    ("POST", "/engagements/{engagement_id}/follow-ups/{follow_up_id}"): Spec(
        "change", "engagement", path={"follow_up_id": _NO_ID}
    ),
    ("GET", "/proposals"): Spec("signed_in"),
    ("GET", "/proposals/new"): Spec("signed_in"),
    ("POST", "/proposals/new"): Spec("create"),
    ("GET", "/proposals/{proposal_id}"): Spec("record_signed_in", "proposal"),
    ("POST", "/proposals/{proposal_id}/screening"): Spec("change", "proposal"),
    ("POST", "/proposals/{proposal_id}/decision"): Spec("change", "proposal"),
    ("GET", "/intake-rules"): Spec("signed_in"),
    ("POST", "/intake-rules"): Spec("admin_write"),
    ("GET", "/risks"): Spec("list"),
    ("POST", "/risks"): Spec("create"),
    ("POST", "/risks/{risk_id}/withdraw"): Spec("change", "risk"),
    ("GET", "/briefings"): Spec("open"),
    ("GET", "/briefings/actors/{actor_id}"): Spec("record", "actor"),
    ("GET", "/briefings/actors/{actor_id}.pdf"): Spec("record", "actor"),
    ("GET", "/briefings/countries/{country}"): Spec("list", path={"country": "US"}),
    ("GET", "/briefings/countries/{country}.pdf"): Spec("list", path={"country": "US"}),
    ("GET", "/portfolio"): Spec("signed_in"),
    ("GET", "/dashboard"): Spec("signed_in"),
    ("GET", "/dashboard/ties"): Spec("signed_in"),
    ("GET", "/dashboard/ties.csv"): Spec("signed_in"),
    ("GET", "/dashboard/{section}.csv"): Spec("signed_in", path={"section": "open-requests"}),
    ("GET", "/engagements.csv"): Spec("list", query=_q(q="zq")),
    ("GET", "/engagements.ics"): Spec("list", query=_q(q="zq")),
    ("GET", "/practices.csv"): Spec("list", query=_q(status="any")),
    ("GET", "/practices.geojson"): Spec("list", query=_q(status="any")),
    ("GET", "/requests-for-help.csv"): Spec("list"),
    ("GET", "/portfolio/settings"): Spec("signed_in"),
    ("POST", "/portfolio/settings"): Spec("admin_write"),
    ("GET", "/goals"): Spec("signed_in"),
    ("POST", "/goals/new"): Spec("create"),
    ("GET", "/scenarios/compare"): Spec(
        "record_signed_in", "scenario",
        query=lambda w, v: {"ids": [str(w.records[k][v]) for k in ("scenario", "second_scenario")]}
    ),
    ("GET", "/scenarios/{scenario_id}"): Spec("record_signed_in", "scenario"),
    ("POST", "/scenarios/{scenario_id}/variants"): Spec("create"),
}


#: Busan and Los Angeles in the small registry, for routes that need a public counterpart.
def _city(geonameid: int) -> Any:
    from proxenia.services.reference.places import place_id

    return place_id(geonameid)


LOS_ANGELES_ID = LOS_ANGELES
