"""Reporting campaigns, the member's side: the inbox (campaigns to answer, reminders, routings), a
response prefilled from the registry, drafts saved as often as needed, the submission (which shares the
answers with the federation), and turning what was reported into the member's own records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.campaign_rules import AnswerProblem, blocking, check_answers, normalise_all
from proxenia.domain.campaigns import (
    Campaign,
    CampaignResponse,
    CampaignStatus,
    QuestionKind,
    RecordItem,
    ResponseStatus,
    source_tie_type,
)
from proxenia.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem
from proxenia.domain.federation import FederationMessage
from proxenia.domain.kinds import Visibility
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import require_editor, tenant_of
from proxenia.services.campaigns import member_actors, registry_items
from proxenia.services.registry import RegistryService
from proxenia.services.registry_edits import RegistryEditService
from proxenia.store.campaigns import CampaignRepository, ResponseRepository
from proxenia.store.database import Database
from proxenia.store.federation_messages import MessageRepository
from proxenia.store.sharing import SharingRepository
from proxenia.store.ties import TieRepository

SHARED = (Visibility.FEDERATION, Visibility.PUBLIC)


@dataclass(frozen=True)
class InboxItem:
    campaign: Campaign
    federation_name: str
    response: CampaignResponse | None


@dataclass(frozen=True)
class Inbox:
    campaigns: list[InboxItem]
    messages: list[FederationMessage]


@dataclass
class ResponseView:
    campaign: Campaign
    response: CampaignResponse
    problems: list[AnswerProblem]
    registry: dict[str, list[RecordItem]] = field(default_factory=dict)

    def problems_for(self, key: str) -> list[AnswerProblem]:
        return [p for p in self.problems if p.key == key]


@dataclass(frozen=True)
class RecordsMade:
    created: int
    already_present: int
    unresolved: list[str]


class CampaignResponseService:
    def __init__(self, db: Database, registry: RegistryService, edits: RegistryEditService) -> None:
        self.db = db
        self.registry = registry
        self.edits = edits

    def inbox(self, viewer: Viewer) -> Inbox:
        tenant = tenant_of(viewer, "your inbox")
        with self.db.read() as conn:
            found = CampaignRepository(conn).search(viewer, recipient=tenant)
            responses = ResponseRepository(conn)
            feds = {f.id: f.name for f in SharingRepository(conn).all_federations()}
            items = [InboxItem(c, feds.get(c.federation_id, ""), responses.of_member(viewer, c.id, tenant))
                     for c in found if c.status is not CampaignStatus.DRAFT]
            messages = MessageRepository(conn).search(viewer, addressee=tenant)
        return Inbox(items, messages)

    def start(self, viewer: Viewer, campaign_id: uuid.UUID) -> uuid.UUID:
        """The member's response to a campaign sent to it: the existing one, or a new private draft
        prefilled from the registry (its records for list questions, their count for checked numbers)."""
        tenant = require_editor(viewer, "your organisation's responses")
        with self.db.begin() as conn:
            campaign = CampaignRepository(conn).get(viewer, campaign_id)
            if tenant not in CampaignRepository(conn).recipient_ids(viewer, campaign_id):
                raise PermissionDenied("this campaign was not sent to your organisation")
            repo = ResponseRepository(conn)
            existing = repo.of_member(viewer, campaign_id, tenant)
            if existing is not None:
                return existing.id
            if campaign.status is not CampaignStatus.OPEN:
                raise Conflict("the campaign is closed")
            actor = member_actors(conn, campaign.federation_id).get(tenant)
            known = registry_items(conn, viewer, {tenant: actor}, campaign.questions)[tenant]
            answers: dict[str, Any] = {}
            for q in campaign.questions:
                if q.source and q.kind is QuestionKind.RECORDS:
                    answers[q.key] = [i.as_json() for i in known.get(q.source, [])]
                elif q.source and q.kind is QuestionKind.NUMBER:
                    answers[q.key] = len(known.get(q.source, []))
            return repo.create(viewer, {
                "id": uuid.uuid4(), "tenant_id": tenant, "visibility": Visibility.PRIVATE.value,
                "campaign_id": campaign_id, "status": ResponseStatus.DRAFT.value, "answers": answers,
            })

    def view(self, viewer: Viewer, response_id: uuid.UUID) -> ResponseView:
        with self.db.read() as conn:
            response = ResponseRepository(conn).get(viewer, response_id)
            campaign = CampaignRepository(conn).get(viewer, response.campaign_id)
            actor = member_actors(conn, campaign.federation_id).get(response.tenant_id)
            known = registry_items(conn, viewer, {response.tenant_id: actor}, campaign.questions)[response.tenant_id]
        return ResponseView(campaign, response, check_answers(campaign.questions, response.answers, known), known)

    def save(
        self, viewer: Viewer, response_id: uuid.UUID, version: int | None, raw: Mapping[str, Any],
        *, visibility: Visibility | None = None,
    ) -> tuple[int, list[AnswerProblem]]:
        """Save a draft (all of its answers); problems are returned, never block a draft."""
        require_editor(viewer, "your organisation's responses")
        current = self.view(viewer, response_id)
        if current.response.status is ResponseStatus.SUBMITTED:
            raise Conflict("this response is submitted; the office has it")
        answers, unreadable = normalise_all(current.campaign.questions, raw)
        if unreadable:
            raise InvalidInput([Problem(p.message, column=p.key) for p in unreadable])
        answers = self._resolve_items(viewer, current.campaign, answers)
        fields: dict[str, Any] = {"answers": answers}
        if visibility is not None:
            fields["visibility"] = visibility.value
        with self.db.begin() as conn:
            new_version = ResponseRepository(conn).update(viewer, response_id, version, fields)
        return new_version, check_answers(current.campaign.questions, answers, current.registry)

    def _resolve_items(self, viewer: Viewer, campaign: Campaign, answers: dict[str, Any]) -> dict[str, Any]:
        """New records named by text get the registry actor they name (kept as written when none matches)."""
        out = dict(answers)
        for q in campaign.questions:
            if q.kind is not QuestionKind.RECORDS or q.key not in out:
                continue
            items = []
            for item in (RecordItem.of(v) for v in out[q.key]):
                if item.tie_id is None and item.actor_id is None and item.name.strip():
                    ref = f"{item.name}, {item.country_code}" if item.country_code else item.name
                    try:
                        found = self.registry.resolve(viewer, ref)
                        item = dataclasses.replace(item, actor_id=found.id, name=found.name,
                                                   country_code=found.country_code)
                    except (NotFound, InvalidInput):
                        pass
                items.append(item.as_json())
            out[q.key] = items
        return out

    def submit(
        self, viewer: Viewer, response_id: uuid.UUID, version: int | None,
        visibility: Visibility = Visibility.FEDERATION,
    ) -> int:
        """Submit: the answers are checked (errors block) and shared with the federation (or the public)."""
        require_editor(viewer, "your organisation's responses")
        if visibility not in SHARED:
            raise InvalidInput(Problem("a submitted response is shared with the federation (TLP:GREEN) or the "
                                       "public (TLP:CLEAR), or the office could not read it", column="visibility"))
        current = self.view(viewer, response_id)
        if current.campaign.status is not CampaignStatus.OPEN:
            raise Conflict("the campaign is closed")
        if current.response.status is ResponseStatus.SUBMITTED:
            raise Conflict("this response is already submitted")
        errors = blocking(current.problems)
        if errors:
            raise InvalidInput([Problem(p.message, column=p.key) for p in errors],
                               detail=f"{len(errors)} answers need correcting before you submit")
        with self.db.begin() as conn:
            return ResponseRepository(conn).update(viewer, response_id, version, {
                "status": ResponseStatus.SUBMITTED.value, "visibility": visibility.value,
                "submitted_at": dt.datetime.now(dt.UTC), "submitted_by": viewer.label,
            })

    def to_records(
        self, viewer: Viewer, response_id: uuid.UUID, *, visibility: Visibility = Visibility.FEDERATION
    ) -> RecordsMade:
        """Turn the new records the member reported (a new sister city...) into its own ties."""
        tenant = require_editor(viewer, "your organisation's records")
        current = self.view(viewer, response_id)
        if current.response.tenant_id != tenant:
            raise PermissionDenied("only the organisation that reported it turns a response into its records")
        with self.db.read() as conn:
            actor = member_actors(conn, current.campaign.federation_id).get(tenant)
        if actor is None:
            raise Conflict("the federation does not name the registry actor standing for your organisation")
        created, present, unresolved = 0, 0, []
        answers = dict(current.response.answers)
        for q in current.campaign.questions:
            if q.kind is not QuestionKind.RECORDS or not q.source:
                continue
            items = []
            for item in current.response.items(q.key):
                if item.is_new and item.actor_id is None:
                    unresolved.append(item.name)
                elif item.is_new and item.actor_id is not None:
                    draft = TieDraft(type_code=source_tie_type(q.source), source_id=actor, target_id=item.actor_id,
                                     start_date=item.since, visibility=visibility,
                                     rationale=f"Reported in the campaign '{current.campaign.title}'",
                                     source_ref=f"campaign response {response_id}")
                    with self.db.read() as conn:
                        duplicate = TieRepository(conn).duplicate_of(viewer, draft)
                    if duplicate is None:
                        duplicate = self.edits.create_tie(viewer, draft)
                        created += 1
                    else:
                        present += 1
                    item = dataclasses.replace(item, tie_id=duplicate)
                items.append(item.as_json())
            answers[q.key] = items
        if answers != current.response.answers:
            with self.db.begin() as conn:
                ResponseRepository(conn).update(viewer, response_id, None, {"answers": answers})
        return RecordsMade(created, present, unresolved)
