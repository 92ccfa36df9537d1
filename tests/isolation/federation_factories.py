"""Factories of the federation's record kinds for the isolation matrix (see world.py).

The owner runs a federation of its own ("owner-fed", the peer an active member), so that campaigns and
country flags are the owner's records; its responses answer campaigns of the peer's office ("fed")."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from proxenia.domain.campaigns import CampaignDraft, Question, QuestionKind
from proxenia.domain.errors import NotFound
from proxenia.domain.federation import CountryFlagDraft
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.processes import ParticipationDraft, ParticipationRole, ProcessDraft, ProcessKind, SubmissionDraft
from proxenia.domain.viewer import Viewer
from tests.factories import viewer_for

if TYPE_CHECKING:
    from tests.isolation.world import World

OWNER_FED = "owner-fed"
COUNTRIES = {Visibility.PUBLIC: "KR", Visibility.FEDERATION: "CN", Visibility.PARTNERS: "BR",
             Visibility.PRIVATE: "PK"}
ANSWER = (Question("answer", QuestionKind.TEXT, "Your answer"),)


def owner_federation(world: World, owner: Viewer) -> None:
    """The owner's federation, made once (straight in the store, as build_world makes the peer's)."""
    services = world.services
    try:
        services.federations.detail(owner, OWNER_FED)
        return
    except NotFound:
        pass
    from sqlalchemy import insert

    from proxenia.store.tables import federation_members, federations

    tenants = world.tenants
    fed = uuid.uuid4()
    with services.db.begin() as conn:
        conn.execute(insert(federations).values(id=fed, slug=OWNER_FED, name="Owner's federation",
                                                office_tenant_id=tenants["owner"]))
        conn.execute(insert(federation_members), [
            {"federation_id": fed, "tenant_id": tenants["owner"], "status": "active"},
            {"federation_id": fed, "tenant_id": tenants["peer"], "status": "active"},
        ])


def campaign(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    owner_federation(world, owner)
    draft = CampaignDraft(federation_id=uuid.uuid4(), title=marker, description=f"{marker} description",
                          questions=ANSWER, visibility=vis)
    return world.services.campaigns.create(owner, OWNER_FED, draft)


def campaign_response(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    """The owner's draft answer (at the given level) to a public campaign of the peer's office."""
    services = world.services
    office = viewer_for(services, world.tenants["peer"], Role.ADMIN, username="peer-office")
    draft = CampaignDraft(federation_id=uuid.uuid4(), title=f"Campaign of the peer office ({vis.value})",
                          questions=ANSWER, visibility=Visibility.PUBLIC)
    campaign_id = services.campaigns.create(office, "fed", draft)
    services.campaigns.send(office, campaign_id, ["owner"], deadline=dt.date(2099, 1, 1))
    response_id = services.campaign_responses.start(owner, campaign_id)
    services.campaign_responses.save(owner, response_id, None, {"answer": marker}, visibility=vis)
    return response_id


def flag(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    owner_federation(world, owner)
    draft = CountryFlagDraft(country_code=COUNTRIES[vis], note=marker, visibility=vis)
    return world.services.federations.flag_country(owner, OWNER_FED, draft)


def process(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    draft = ProcessDraft(kind=ProcessKind.SUMMIT, name=marker, description=f"{marker} text", visibility=vis)
    return world.services.processes.create(owner, draft)


def participation(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    draft = ParticipationDraft(process_id=world.records["process"][Visibility.PUBLIC],
                               role=ParticipationRole.DELEGATE, note=marker, visibility=vis)
    return world.services.processes.participate(owner, draft)


def submission(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    draft = SubmissionDraft(process_id=world.records["process"][Visibility.PUBLIC],
                            title=marker, summary=f"{marker} summary", visibility=vis)
    return world.services.processes.submit(owner, draft)


FEDERATION_FACTORIES = {
    "campaign": campaign,
    "campaign-response": campaign_response,
    "flag": flag,
    "process": process,
    "participation": participation,
    "submission": submission,
}
