"""/api/v1/campaigns and /api/v1/campaign-responses: reporting campaigns — the office sends, tracks,
reminds, validates and aggregates; the member answers (drafts, then a submission) and turns what it
reported into its own records; /api/v1/inbox lists what the office sent a member."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response, status

from proxenia.api.campaign_schemas import (
    AggregatePublic,
    CampaignPublic,
    CampaignUpdate,
    CountPublic,
    InboxCampaignPublic,
    InboxPublic,
    RecipientPublic,
    RecordsChange,
    RecordsMadePublic,
    ReminderCreate,
    ResponsePublic,
    ResponseUpdate,
    ReviewedPublic,
    SendingCreate,
    SubmissionChange,
    SummaryPublic,
    TrackingPublic,
)
from proxenia.api.deps import API_DEPENDENCIES, ServicesDep, VersionDep, ViewerDep, etag
from proxenia.api.federation_schemas import MessagePublic
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.api.schemas import Created

router = APIRouter(prefix="/api/v1", tags=["campaigns"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES)


@router.get("/campaigns/{campaign_id}", response_model=CampaignPublic, summary="A campaign and its questions")
def get_campaign(campaign_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response) -> Any:
    found = services.campaigns.get(viewer, campaign_id)
    response.headers["ETag"] = etag(found.version)
    return CampaignPublic.of(found)


@router.patch("/campaigns/{campaign_id}", response_model=Created,
              summary="Change a campaign (its questions only while it is a draft; send If-Match)")
def update_campaign(
    campaign_id: uuid.UUID, body: CampaignUpdate, version: VersionDep, services: ServicesDep, viewer: ViewerDep,
    response: Response,
) -> Created:
    fields = body.model_dump(exclude_unset=True, exclude={"questions"})
    questions = [q.domain() for q in body.questions] if body.questions is not None else None
    new_version = services.campaigns.update(viewer, campaign_id, version.version(), fields, questions)
    response.headers["ETag"] = etag(new_version)
    return Created(id=campaign_id, version=new_version)


@router.post("/campaigns/{campaign_id}/sending", response_model=CountPublic,
             summary="Send the campaign to active members with a deadline (opens it)")
def send(campaign_id: uuid.UUID, body: SendingCreate, services: ServicesDep, viewer: ViewerDep) -> CountPublic:
    return CountPublic(count=services.campaigns.send(viewer, campaign_id, body.members, deadline=body.deadline))


@router.post("/campaigns/{campaign_id}/closing", status_code=status.HTTP_204_NO_CONTENT, summary="Close a campaign")
def close(campaign_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.campaigns.close(viewer, campaign_id)
    return Response(status_code=204)


@router.get("/campaigns/{campaign_id}/tracking", response_model=TrackingPublic,
            summary="Completion: who submitted, who is overdue, reminders sent (the office)")
def tracking(campaign_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> TrackingPublic:
    found = services.campaigns.tracking(viewer, campaign_id)
    return TrackingPublic(campaign=CampaignPublic.of(found.campaign),
                          recipients=[RecipientPublic.of(r) for r in found.recipients], submitted=found.submitted,
                          overdue=found.overdue, completion=round(found.completion, 4))


@router.post("/campaigns/{campaign_id}/reminders", status_code=status.HTTP_201_CREATED, response_model=CountPublic,
             summary="Remind members who have not submitted (shown in their inbox, recorded)")
def remind(campaign_id: uuid.UUID, body: ReminderCreate, services: ServicesDep, viewer: ViewerDep) -> CountPublic:
    return CountPublic(count=services.campaigns.remind(viewer, campaign_id, members=body.members, note=body.note))


@router.get("/campaigns/{campaign_id}/responses", response_model=list[ReviewedPublic],
            summary="Submitted responses you may read, each validated (required, ranges, the registry)")
def review(campaign_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> list[ReviewedPublic]:
    return [ReviewedPublic(member=r.member_name, response=ResponsePublic.of(r.response, r.problems))
            for r in services.campaigns.review(viewer, campaign_id)]


@router.post("/campaigns/{campaign_id}/responses", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Start your organisation's response (a private draft prefilled from the registry)")
def start(campaign_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    new_id = services.campaign_responses.start(viewer, campaign_id)
    response.headers["Location"] = f"/api/v1/campaign-responses/{new_id}"
    return Created(id=new_id)


@router.get("/campaigns/{campaign_id}/aggregate", response_model=AggregatePublic,
            summary="Every question summarised over the submitted responses you may read")
def aggregate(campaign_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> AggregatePublic:
    found = services.campaigns.aggregate(viewer, campaign_id)
    return AggregatePublic(campaign=CampaignPublic.of(found.campaign), recipients=found.recipients,
                           responses=found.responses, summaries=[SummaryPublic.of(s) for s in found.summaries])


@router.get("/campaign-responses/{response_id}", response_model=ResponsePublic,
            summary="A response with its problems")
def get_response(response_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response) -> Any:
    view = services.campaign_responses.view(viewer, response_id)
    response.headers["ETag"] = etag(view.response.version)
    return ResponsePublic.of(view.response, view.problems)


@router.patch("/campaign-responses/{response_id}", response_model=ResponsePublic,
              summary="Save a draft: every answer (send If-Match); problems come back, none blocks a draft")
def save_response(
    response_id: uuid.UUID, body: ResponseUpdate, version: VersionDep, services: ServicesDep, viewer: ViewerDep,
    response: Response,
) -> Any:
    services.campaign_responses.save(viewer, response_id, version.version(), body.answers,
                                     visibility=body.visibility)
    view = services.campaign_responses.view(viewer, response_id)
    response.headers["ETag"] = etag(view.response.version)
    return ResponsePublic.of(view.response, view.problems)


@router.post("/campaign-responses/{response_id}/submission", response_model=Created,
             summary="Submit: shares the answers with the federation (send If-Match)")
def submit(
    response_id: uuid.UUID, body: SubmissionChange, version: VersionDep, services: ServicesDep, viewer: ViewerDep
) -> Created:
    new_version = services.campaign_responses.submit(viewer, response_id, version.version(), body.visibility)
    return Created(id=response_id, version=new_version)


@router.post("/campaign-responses/{response_id}/records", response_model=RecordsMadePublic,
             summary="Turn the new records you reported into your own ties")
def to_records(
    response_id: uuid.UUID, body: RecordsChange, services: ServicesDep, viewer: ViewerDep
) -> RecordsMadePublic:
    made = services.campaign_responses.to_records(viewer, response_id, visibility=body.visibility)
    return RecordsMadePublic(created=made.created, already_present=made.already_present, unresolved=made.unresolved)


@router.get("/inbox", response_model=InboxPublic, summary="Campaigns sent to you, reminders and routings")
def inbox(services: ServicesDep, viewer: ViewerDep) -> InboxPublic:
    found = services.campaign_responses.inbox(viewer)
    return InboxPublic(
        campaigns=[InboxCampaignPublic(campaign=CampaignPublic.of(i.campaign), federation=i.federation_name,
                                       response_id=i.response.id if i.response else None,
                                       response_status=i.response.status if i.response else None)
                   for i in found.campaigns],
        messages=[MessagePublic.of(m) for m in found.messages],
    )
