"""Reporting campaigns, the office's side: design a questionnaire, send it to chosen members with a
deadline, track completion, send reminders (recorded, shown in the member's inbox; there is no mail
server), validate the answers and aggregate them. What the office reads of the answers is exactly what
the members submitted to it: a draft stays with the member."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from proxenia.domain.campaign_aggregates import QuestionSummary, aggregate
from proxenia.domain.campaign_rules import AnswerProblem, check_answers
from proxenia.domain.campaigns import (
    Campaign,
    CampaignDraft,
    CampaignResponse,
    CampaignStatus,
    Question,
    Recipient,
    RecipientStatus,
    RecordItem,
    check_campaign,
    deadline_problem,
    source_tie_type,
)
from proxenia.domain.errors import Conflict, InvalidInput, PermissionDenied, Problem, Unauthenticated, refuse_too_long
from proxenia.domain.federation import MESSAGE_TEXT_LIMITS, MessageKind
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import require_editor
from proxenia.services.federations import federation_of, office_context
from proxenia.store.campaigns import CampaignRepository, MemberRecordReader, ResponseRepository
from proxenia.store.database import Connection, Database
from proxenia.store.federation_messages import MessageRepository
from proxenia.store.sharing import SharingRepository
from proxenia.store.tenants import TenantRepository

EDITABLE = {"title", "description", "topic", "deadline", "visibility"}


@dataclass
class CampaignTracking:
    campaign: Campaign
    recipients: list[Recipient]

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.recipients if r.status is RecipientStatus.SUBMITTED)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.recipients if r.status is RecipientStatus.OVERDUE)

    @property
    def completion(self) -> float:
        return self.submitted / len(self.recipients) if self.recipients else 0.0


@dataclass(frozen=True)
class ReviewedResponse:
    member_name: str
    response: CampaignResponse
    problems: list[AnswerProblem]


@dataclass
class CampaignAggregate:
    campaign: Campaign
    recipients: int
    responses: int
    summaries: list[QuestionSummary]


def registry_items(
    conn: Connection, viewer: Viewer, actors: Mapping[uuid.UUID, uuid.UUID | None], questions: Sequence[Question]
) -> dict[uuid.UUID, dict[str, list[RecordItem]]]:
    """member tenant -> registry source -> the member's records the viewer may read (for prefill and checks)."""
    sources = sorted({q.source for q in questions if q.source})
    out: dict[uuid.UUID, dict[str, list[RecordItem]]] = {t: {s: [] for s in sources} for t in actors}
    by_actor = defaultdict(list)
    for tenant, actor in actors.items():
        if actor is not None:
            by_actor[actor].append(tenant)
    if not sources or not by_actor:
        return out
    for actor, type_code, item in MemberRecordReader(conn).items(viewer, by_actor, [source_tie_type(s) for s in
                                                                                    sources]):
        for tenant in by_actor[actor]:
            out[tenant][f"ties:{type_code}"].append(item)
    return out


def member_actors(conn: Connection, federation_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID | None]:
    return {m.tenant_id: m.actor_id for m in SharingRepository(conn).memberships(federation_id=federation_id)}


def _today() -> dt.date:
    """The day deadlines are checked against: the day ``tracking`` counts a recipient overdue from."""
    return dt.date.today()


def _new_deadline(value: Any) -> dt.date | None:
    """A deadline given to ``update`` (a day, its ISO text, or None to clear it)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(Problem(f"'{value}' is not a date (YYYY-MM-DD)", column="deadline")) from None


def recipient_status(submitted: bool, deadline: dt.date | None, today: dt.date) -> RecipientStatus:
    if submitted:
        return RecipientStatus.SUBMITTED
    return RecipientStatus.OVERDUE if deadline is not None and deadline < today else RecipientStatus.NOT_SUBMITTED


class CampaignService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- designing ------------------------------------------------------------------------------------
    def create(self, viewer: Viewer, slug: str, draft: CampaignDraft) -> uuid.UUID:
        tenant = require_editor(viewer, "the office's campaigns")
        with self.db.begin() as conn:
            fed = office_context(conn, viewer, slug).federation
            draft = dataclasses.replace(draft, federation_id=fed.id, title=draft.title.strip())
            problems = check_campaign(draft)
            late = deadline_problem(draft.deadline, _today())
            if late is not None:
                problems.append(late)
            if problems:
                raise InvalidInput(problems)
            return CampaignRepository(conn).create(viewer, draft, tenant_id=tenant)

    def update(
        self, viewer: Viewer, campaign_id: uuid.UUID, version: int | None, fields: dict[str, Any],
        questions: Sequence[Question] | None = None,
    ) -> int:
        unknown = set(fields) - EDITABLE
        if unknown:
            raise InvalidInput(Problem(f"cannot change {', '.join(sorted(unknown))}", column=sorted(unknown)[0]))
        if "deadline" in fields:
            fields = {**fields, "deadline": _new_deadline(fields["deadline"])}
        with self.db.begin() as conn:
            repo = CampaignRepository(conn)
            campaign = repo.get(viewer, campaign_id)
            if questions is not None and campaign.status is not CampaignStatus.DRAFT:
                raise Conflict("the questions are fixed once the campaign is sent; start a new campaign to change them")
            draft = CampaignDraft(federation_id=campaign.federation_id, title=fields.get("title", campaign.title),
                                  questions=tuple(questions if questions is not None else campaign.questions))
            problems = check_campaign(draft)
            if "deadline" in fields and fields["deadline"] != campaign.deadline:  # an old one may stay as it is
                late = deadline_problem(fields["deadline"], _today())
                problems += [late] if late is not None else []
            if problems:
                raise InvalidInput(problems)
            return int(repo.update(viewer, campaign_id, version, fields, questions)["version"])

    def get(self, viewer: Viewer, campaign_id: uuid.UUID) -> Campaign:
        with self.db.read() as conn:
            return CampaignRepository(conn).get(viewer, campaign_id)

    def campaigns(self, viewer: Viewer, slug: str | None = None) -> list[Campaign]:
        """Campaigns the viewer may read (of one federation, when named)."""
        with self.db.read() as conn:
            federation_id = federation_of(conn, slug, viewer).id if slug else None
            return CampaignRepository(conn).search(viewer, federation_id=federation_id)

    # -- sending and tracking -------------------------------------------------------------------------
    def send(
        self, viewer: Viewer, campaign_id: uuid.UUID, members: Iterable[str], *, deadline: dt.date | None = None
    ) -> int:
        """Send the campaign to members (tenant slugs, active members only); opens it. Returns how many new."""
        require_editor(viewer, "the office's campaigns")
        with self.db.begin() as conn:
            repo = CampaignRepository(conn)
            campaign = repo.get(viewer, campaign_id)
            self._check_office(conn, viewer, campaign)
            if campaign.status is CampaignStatus.CLOSED:
                raise Conflict("the campaign is closed")
            if not campaign.questions:
                raise InvalidInput(Problem("add at least one question before sending", column="questions"))
            active = set(SharingRepository(conn).active_members(campaign.federation_id))
            tenants = TenantRepository(conn)
            chosen = []
            for slug in members:
                tenant = tenants.by_slug(slug)
                if tenant.id not in active or tenant.id == viewer.tenant_id:
                    raise InvalidInput(Problem(f"{tenant.name} is not an active member of the federation",
                                               column="members"))
                chosen.append(tenant.id)
            if not chosen:
                raise InvalidInput(Problem("choose at least one member", column="members"))
            deadline = deadline or campaign.deadline
            if deadline is None:
                raise InvalidInput(Problem("set a deadline", column="deadline"))
            late = deadline_problem(deadline, _today())
            if late is not None:  # given now, or the campaign's own when sent to more members
                raise InvalidInput(late)
            repo.update(viewer, campaign_id, None, {"status": CampaignStatus.OPEN.value, "deadline": deadline,
                                                    "opened_at": campaign.opened_at or dt.datetime.now(dt.UTC)})
            return repo.add_recipients(viewer, campaign, chosen)

    def close(self, viewer: Viewer, campaign_id: uuid.UUID) -> None:
        with self.db.begin() as conn:
            repo = CampaignRepository(conn)
            campaign = repo.get(viewer, campaign_id)
            self._check_office(conn, viewer, campaign)
            repo.update(viewer, campaign_id, None, {"status": CampaignStatus.CLOSED.value})

    def _check_office(self, conn: Connection, viewer: Viewer, campaign: Campaign) -> None:
        if not viewer.can_write(campaign.tenant_id):
            raise PermissionDenied("only the office that runs this campaign can do this")

    def tracking(self, viewer: Viewer, campaign_id: uuid.UUID, *, today: dt.date | None = None) -> CampaignTracking:
        today = today or dt.date.today()
        if viewer.is_anonymous:
            raise Unauthenticated("sign in to track a campaign")
        with self.db.read() as conn:
            campaign = CampaignRepository(conn).get(viewer, campaign_id)
            if not viewer.owns(campaign.tenant_id):
                raise PermissionDenied("only the office that runs this campaign tracks it")
            responses = {r.tenant_id: r for r in ResponseRepository(conn).for_campaign(viewer, campaign_id)}
            reminders = MessageRepository(conn).reminder_counts(viewer, campaign_id)
            recipients = []
            for tenant, name, sent_at in CampaignRepository(conn).recipients(viewer, campaign_id):
                found = responses.get(tenant)
                count, last = reminders.get(tenant, (0, None))
                recipients.append(Recipient(
                    tenant, name, sent_at, recipient_status(found is not None, campaign.deadline, today),
                    found.id if found else None, found.submitted_at if found else None, count, last,
                ))
        return CampaignTracking(campaign, recipients)

    def remind(
        self, viewer: Viewer, campaign_id: uuid.UUID, *, members: Iterable[uuid.UUID] | None = None, note: str = ""
    ) -> int:
        """Remind the members who have not submitted (or the ones named): recorded, shown in their inbox."""
        tracking = self.tracking(viewer, campaign_id)
        campaign = tracking.campaign
        require_editor(viewer, "reminders")
        refuse_too_long(MESSAGE_TEXT_LIMITS, {"note": note.strip()})
        if campaign.status is not CampaignStatus.OPEN:
            raise Conflict("only an open campaign can be reminded of")
        wanted = set(members) if members is not None else None
        due = [r for r in tracking.recipients if r.status is not RecipientStatus.SUBMITTED
               and (wanted is None or r.tenant_id in wanted)]
        deadline = campaign.deadline.isoformat() if campaign.deadline else "none"
        body = (note.strip() + "\n\n" if note.strip() else "") + f"Deadline: {deadline}."
        with self.db.begin() as conn:
            messages = MessageRepository(conn)
            for r in due:
                messages.create(viewer, {
                    "tenant_id": campaign.tenant_id, "federation_id": campaign.federation_id,
                    "addressee_tenant_id": r.tenant_id, "kind": MessageKind.REMINDER.value,
                    "subject": f"Reminder: {campaign.title}"[:300], "body": body, "campaign_id": campaign.id,
                    "sent_by": viewer.label,
                })
        return len(due)

    # -- validating and aggregating ---------------------------------------------------------------------
    def review(self, viewer: Viewer, campaign_id: uuid.UUID) -> list[ReviewedResponse]:
        """The submitted responses the viewer may read, each checked against the questions and against the
        registry as shared with the viewer."""
        with self.db.read() as conn:
            campaign = CampaignRepository(conn).get(viewer, campaign_id)
            responses = ResponseRepository(conn).for_campaign(viewer, campaign_id)
            names = {t.id: t.name for t in TenantRepository(conn).all()}
            actors = member_actors(conn, campaign.federation_id)
            known = registry_items(conn, viewer, {r.tenant_id: actors.get(r.tenant_id) for r in responses},
                                   campaign.questions)
        return sorted(
            (ReviewedResponse(names.get(r.tenant_id, "?"), r, check_answers(campaign.questions, r.answers,
                                                                             known.get(r.tenant_id, {})))
             for r in responses),
            key=lambda x: x.member_name,
        )

    def aggregate(self, viewer: Viewer, campaign_id: uuid.UUID) -> CampaignAggregate:
        """Every question summarised over the submitted responses the viewer may read."""
        with self.db.read() as conn:
            campaign = CampaignRepository(conn).get(viewer, campaign_id)
            responses = ResponseRepository(conn).for_campaign(viewer, campaign_id)
            recipients = len(CampaignRepository(conn).recipients(viewer, campaign_id))
            names = {t.id: t.name for t in TenantRepository(conn).all()}
        rows = sorted(((names.get(r.tenant_id, "?"), r.answers) for r in responses), key=lambda x: x[0])
        return CampaignAggregate(campaign, recipients, len(responses), aggregate(campaign.questions, rows))
