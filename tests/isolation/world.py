"""The world of the isolation matrix: an owner city, a partner, a federation peer, an outsider, and
one record of every kind at every sharing level, each with a unique marker to detect leaks."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from proxenia.domain.actors import ActorDraft
from proxenia.domain.kinds import ActorKind, Role, Visibility
from proxenia.domain.people import PersonDraft, PostDraft
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import build_small_registry, make_tenant, viewer_for
from tests.isolation.federation_factories import FEDERATION_FACTORIES
from tests.isolation.portfolio_factories import PORTFOLIO_FACTORIES

#: The people who knock: who they are, which tenant they act for, their role.
PERSONAS = {
    "anonymous": (None, None),
    "other_viewer": ("outsider", Role.ADMIN),  # even an admin elsewhere sees nothing private
    "partner": ("partner", Role.VIEWER),
    "federation_member": ("peer", Role.VIEWER),
    "owner_viewer": ("owner", Role.VIEWER),
    "owner_editor": ("owner", Role.EDITOR),
    "admin": ("owner", Role.ADMIN),
}
#: Which sharing levels each persona may read.
CAN_READ = {
    "anonymous": {Visibility.PUBLIC},
    "other_viewer": {Visibility.PUBLIC},
    "partner": {Visibility.PUBLIC, Visibility.FEDERATION, Visibility.PARTNERS},
    "federation_member": {Visibility.PUBLIC, Visibility.FEDERATION},
    "owner_viewer": set(Visibility),
    "owner_editor": set(Visibility),
    "admin": set(Visibility),
}
CAN_WRITE = {"owner_editor", "admin"}


@dataclass
class World:
    services: Services
    tenants: dict[str, uuid.UUID] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    #: kind -> visibility -> record id
    records: dict[str, dict[Visibility, uuid.UUID]] = field(default_factory=dict)
    #: kind -> visibility -> unique marker text that appears in the record
    markers: dict[str, dict[Visibility, str]] = field(default_factory=dict)
    owner: Viewer | None = None

    def marker(self, kind: str, visibility: Visibility) -> str:
        return self.markers[kind][visibility]


Factory = Callable[[World, Viewer, Visibility, str], uuid.UUID]


def _actor(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    return world.services.edits.create_actor(
        owner,
        ActorDraft(
            kind=ActorKind.ORGANISATION,
            name=marker,
            country_code="US",
            latitude=34.05,
            longitude=-118.24,
            visibility=vis,
        ),
    )


_TIE_TYPES = {
    Visibility.PUBLIC: "mou",
    Visibility.FEDERATION: "trade_office",
    Visibility.PARTNERS: "friendship_city",
    Visibility.PRIVATE: "partnership",
}


def _tie(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    """A tie from the owner's organisation of the same sharing level to Busan (a public city)."""
    from proxenia.services.reference.places import place_id
    from tests.factories import BUSAN

    return world.services.edits.create_tie(
        owner,
        TieDraft(
            type_code=_TIE_TYPES[vis],
            source_id=world.records["actor"][vis],
            target_id=place_id(BUSAN),
            rationale=marker,
            visibility=vis,
        ),
    )


def _person(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    return world.services.edits.create_person(owner, PersonDraft(name=marker, email="x@example.org", visibility=vis))


def _post(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    return world.services.edits.create_post(
        owner,
        PostDraft(
            person_id=world.records["person"][Visibility.PUBLIC],
            organization_id=world.records["actor"][Visibility.PUBLIC],
            role=marker,
            visibility=vis,
        ),
    )


def _practice(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    """A practice originated by the owner's actor of the same level, curated by the owner and published."""
    from proxenia.domain.practices import CurationStep, PracticeDraft

    practices = world.services.practices
    practice_id = practices.create(
        owner,
        PracticeDraft(
            title=marker,
            summary="A practice of the isolation matrix",
            policy_areas=("public_health",),
            originator_id=world.records["actor"][vis],
            curator_tenant_id=owner.tenant_id,
            visibility=vis,
        ),
    )
    for step in (CurationStep.SUBMIT, CurationStep.VALIDATE, CurationStep.PUBLISH):
        practices.curate(owner, practice_id, step)
    return practice_id


def _adoption(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    from proxenia.domain.adoptions import AdoptionDraft, AdoptionStatus
    from proxenia.services.reference.places import place_id
    from tests.factories import BUSAN

    return world.services.adoptions.record(
        owner,
        AdoptionDraft(
            practice_id=world.records["practice"][vis],
            adopter_id=place_id(BUSAN),
            learned_from_id=world.records["actor"][vis],
            date="2020",
            status=AdoptionStatus.IN_PROGRESS,
            adaptations=marker,
            visibility=vis,
        ),
    )


def _share(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    from proxenia.domain.adoptions import ShareDraft

    return world.services.adoptions.share(
        owner,
        ShareDraft(
            practice_id=world.records["practice"][Visibility.PUBLIC],
            from_actor_id=world.records["actor"][Visibility.PUBLIC],
            recipients=marker,
            visibility=vis,
        ),
    )


def _practice_link(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    return world.services.practices.link(
        owner, world.records["practice"][Visibility.PUBLIC], goal_id=uuid.uuid4(), note=marker, visibility=vis
    )


def _request(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    from proxenia.domain.help_requests import HelpRequestDraft

    return world.services.help_requests.ask(
        owner,
        HelpRequestDraft(
            asker_id=world.records["actor"][vis], title=marker, text=f"{marker} testing", visibility=vis
        ),
    )


def _response(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    from proxenia.domain.help_requests import HelpResponseDraft

    return world.services.help_requests.respond(
        owner,
        HelpResponseDraft(request_id=world.records["request"][Visibility.PUBLIC], text=marker, visibility=vis),
    )


#: Every record kind, in creation order. New record kinds add their factory here.
FACTORIES: dict[str, Factory] = {
    "actor": _actor,
    "tie": _tie,
    "person": _person,
    "post": _post,
    "practice": _practice,
    "adoption": _adoption,
    "share": _share,
    "practice_link": _practice_link,
    "request": _request,
    "response": _response,
    **FEDERATION_FACTORIES,
    **PORTFOLIO_FACTORIES,
}


def build_world(services: Services) -> World:
    build_small_registry(services)
    world = World(services)
    for slug in ("owner", "partner", "peer", "outsider"):
        world.tenants[slug] = make_tenant(services, slug)
    system = Viewer.system("tests")
    with services.db.begin() as conn:
        from sqlalchemy import insert

        from proxenia.store.tables import federation_members, federations, sharing_agreements

        conn.execute(
            insert(sharing_agreements).values(
                id=uuid.uuid4(), tenant_id=world.tenants["owner"], partner_tenant_id=world.tenants["partner"]
            )
        )
        fed = uuid.uuid4()
        conn.execute(
            insert(federations).values(id=fed, slug="fed", name="Federation", office_tenant_id=world.tenants["peer"])
        )
        conn.execute(
            insert(federation_members),
            [
                {"federation_id": fed, "tenant_id": world.tenants["owner"], "status": "active"},
                {"federation_id": fed, "tenant_id": world.tenants["peer"], "status": "active"},
            ],
        )
    owner = viewer_for(services, world.tenants["owner"], Role.ADMIN, username="owner-admin")
    world.owner = owner
    for kind, factory in FACTORIES.items():
        world.records[kind] = {}
        world.markers[kind] = {}
        for vis in Visibility:
            marker = f"zq{kind}{vis.value}marker"
            world.markers[kind][vis] = marker
            world.records[kind][vis] = factory(world, owner, vis, marker)
    for persona, (tenant, role) in PERSONAS.items():
        if tenant is None:
            continue
        username = f"{persona}-user"
        services.accounts.create_user(
            system, username=username, password="a long test password", tenant=tenant, role=role
        )
        viewer = services.accounts.sign_in(username, "a long test password").viewer
        world.tokens[persona] = services.accounts.create_token(
            viewer, "matrix", ["read", "write"] if role and role.can_edit else ["read"]
        ).secret
    return world
