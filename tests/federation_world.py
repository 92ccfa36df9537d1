"""A small federation for the C6 tests: a national office and three real US cities of the small registry
(Los Angeles, Irvine, Austin), each a tenant with its registry actor, all members of the office's
federation; every member shares some records with it and keeps others to itself or to named partners."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from proxenia.domain.engagements import EngagementDraft, EngagementKind, Participant
from proxenia.domain.federation import MembershipAction
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import (
    AUSTIN,
    BUSAN,
    CHENGDU,
    GUANGZHOU,
    IRVINE,
    LAHORE,
    LOS_ANGELES,
    SEOUL,
    SmallRegistry,
    build_small_registry,
    make_tenant,
    viewer_for,
)

MEMBERS = {"la": LOS_ANGELES, "irvine": IRVINE, "austin": AUSTIN}
FED = "us-cities"
#: One tie type per sharing level (two actors have at most one tie of a type).
TIE_TYPES = {Visibility.PUBLIC: "mou", Visibility.FEDERATION: "friendship_city", Visibility.PARTNERS: "partnership",
             Visibility.PRIVATE: "sister_city"}


@dataclass
class FederationWorld:
    services: Services
    reg: SmallRegistry
    office: Viewer
    admins: dict[str, Viewer] = field(default_factory=dict)
    editors: dict[str, Viewer] = field(default_factory=dict)
    tenants: dict[str, uuid.UUID] = field(default_factory=dict)
    #: marker text -> sharing level of the member record that carries it
    markers: dict[str, Visibility] = field(default_factory=dict)

    def log(self, member: str, title: str, day: dt.date, partner: int, vis: Visibility,
            kind: EngagementKind = EngagementKind.MEETING) -> uuid.UUID:
        self.markers[title] = vis
        return self.services.engagements.log(self.editors[member], EngagementDraft(
            kind=kind, title=title, start_date=day, participants=(Participant(actor_id=self.reg.city(partner)),),
            visibility=vis))

    def tie(self, member: str, partner: int, type_code: str, vis: Visibility, rationale: str) -> uuid.UUID:
        self.markers[rationale] = vis
        return self.services.edits.create_tie(self.editors[member], TieDraft(
            type_code=type_code, source_id=self.reg.city(MEMBERS[member]), target_id=self.reg.city(partner),
            rationale=rationale, start_date="2019", visibility=vis))


def build_federation(services: Services, *, join: bool = True) -> FederationWorld:
    reg = build_small_registry(services)
    office_tenant = make_tenant(services, "us-office", kind="national_office")
    office = viewer_for(services, office_tenant, Role.ADMIN, username="office-admin")
    world = FederationWorld(services, reg, office, tenants={"office": office_tenant})
    services.federations.create(office, slug=FED, name="US cities and the national office")
    for slug, geonameid in MEMBERS.items():
        tenant = make_tenant(services, slug)
        world.tenants[slug] = tenant
        world.admins[slug] = viewer_for(services, tenant, Role.ADMIN, username=f"{slug}-admin")
        world.editors[slug] = viewer_for(services, tenant, Role.EDITOR, username=f"{slug}-editor")
        services.federations.invite(office, FED, slug, actor_id=reg.city(geonameid))
        if join:
            services.federations.respond(world.admins[slug], FED, MembershipAction.ACCEPT)
    return world


def share_records(world: FederationWorld) -> None:
    """Each member logs engagements and ties at every sharing level (each with a unique marker)."""
    today = dt.date.today()
    recent, older = today - dt.timedelta(days=40), dt.date(today.year - 3, 5, 1)
    for vis in Visibility:
        world.log("la", f"zqla{vis.value} call with Guangzhou", recent, GUANGZHOU, vis)
        world.log("austin", f"zqaustin{vis.value} visit to Lahore", older, LAHORE, vis, EngagementKind.OUTBOUND_VISIT)
        world.tie("irvine", CHENGDU, TIE_TYPES[vis], vis, f"zqirvine{vis.value} tie with Chengdu")
    world.log("la", "zqla shared meeting with Seoul", recent, SEOUL, Visibility.FEDERATION)
    world.log("irvine", "zqirvine public meeting in Busan", older, BUSAN, Visibility.PUBLIC)
