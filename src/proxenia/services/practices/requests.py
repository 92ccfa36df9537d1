"""Requests for help: a government asks ("we need X by date Y"), gets proposals of practices and peers
(from the recommendation provider), records the responses; the request moves open → answered → closed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from proxenia.domain.dates import normalise_date
from proxenia.domain.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    Problem,
    ProblemCollector,
    refuse_too_long,
)
from proxenia.domain.help_requests import (
    REQUEST_MOVES,
    REQUEST_TEXT_LIMITS,
    RESPONSE_TEXT_LIMITS,
    HelpRequest,
    HelpRequestDraft,
    HelpResponseDraft,
    RequestStatus,
)
from proxenia.domain.kinds import Visibility
from proxenia.domain.paging import Page, PageRequest
from proxenia.domain.policy_areas import BY_CODE, area_codes, unknown_area
from proxenia.domain.recommendations import Challenge
from proxenia.domain.viewer import Viewer
from proxenia.services.downloads import ListDownload
from proxenia.services.practices.recommend import RecommendationService
from proxenia.services.practices.service import owner_of
from proxenia.services.practices.views import RecommendationsView
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.help_requests import HelpRequestRepository, HelpResponseRepository
from proxenia.store.practices import PracticeRepository

REQUEST_FIELDS = {"title", "text", "policy_area", "needed_by", "visibility"}


class HelpRequestService:
    def __init__(self, db: Database, recommendations: RecommendationService) -> None:
        self.db = db
        self.recommendations = recommendations

    def ask(self, viewer: Viewer, draft: HelpRequestDraft) -> uuid.UUID:
        problems = ProblemCollector()
        if not draft.title.strip():
            problems.add(Problem("is required", column="title"))
        if not draft.text.strip():
            problems.add(Problem("say what you need", column="text"))
        problems.check_lengths(REQUEST_TEXT_LIMITS, {"title": draft.title.strip(), "text": draft.text.strip()})
        if draft.policy_area and draft.policy_area not in BY_CODE:
            problems.add(unknown_area(draft.policy_area, "policy_area"))
        needed_by = draft.needed_by
        try:
            needed_by = normalise_date(draft.needed_by)
        except ValueError as exc:
            problems.add(Problem(str(exc), column="needed_by"))
        problems.raise_if_any()
        draft = replace(
            draft,
            title=draft.title.strip(),
            text=draft.text.strip(),
            needed_by=needed_by,
            policy_area=draft.policy_area or None,
        )
        with self.db.begin() as conn:
            PracticeRepository(conn).known_areas()  # the vocabulary the policy_area refers to
            if draft.asker_id not in ActorRepository(conn).summaries(viewer, [draft.asker_id]):
                raise InvalidInput(
                    Problem("the asking government does not exist or is not shared with you", column="asker_id")
                )
            return HelpRequestRepository(conn).create(viewer, draft, tenant_id=owner_of(viewer))

    def get(self, viewer: Viewer, request_id: uuid.UUID) -> HelpRequest:
        with self.db.read() as conn:
            return HelpRequestRepository(conn).get(viewer, request_id)

    def search(
        self,
        viewer: Viewer,
        *,
        statuses: tuple[RequestStatus, ...] = (),
        asker_id: uuid.UUID | None = None,
        policy_area: str | None = None,
        mine: bool = False,
        others: bool = False,
        page: PageRequest | None = None,
    ) -> Page[HelpRequest]:
        """Requests the viewer may read; ``mine``: only its organisation's, ``others``: only other organisations'.
        An unknown ``policy_area`` is an error naming the codes accepted (the ``area`` filter), not an empty page."""
        page = page or PageRequest()
        policy_area = next(iter(area_codes((policy_area,), field="area")), None) if policy_area else None
        if mine and viewer.tenant_id is None:
            return Page([], 0, page.limit, page.offset)
        with self.db.read() as conn:
            items, total = HelpRequestRepository(conn).search(
                viewer,
                statuses=statuses,
                asker_id=asker_id,
                policy_area=policy_area,
                tenant_id=viewer.tenant_id if mine else None,
                exclude_tenant_id=viewer.tenant_id if others else None,
                limit=page.limit,
                offset=page.offset,
            )
        return Page(items, total, page.limit, page.offset)

    def download(
        self, viewer: Viewer, *, statuses: tuple[RequestStatus, ...] = (), mine: bool = False, limit: int
    ) -> ListDownload[uuid.UUID, HelpRequest]:
        """What :meth:`search` finds, in its order, up to ``limit``, for a download (see :mod:`...downloads`)."""
        ids: list[uuid.UUID] = []
        if not (mine and viewer.tenant_id is None):
            with self.db.read() as conn:
                ids = HelpRequestRepository(conn).ids(
                    viewer, statuses=statuses, tenant_id=viewer.tenant_id if mine else None, limit=limit + 1
                )

        def fill(batch: Sequence[uuid.UUID]) -> list[HelpRequest]:
            with self.db.read() as conn:
                return HelpRequestRepository(conn).requests_of(viewer, batch)

        return ListDownload.cut(ids, limit, fill)

    def update(self, viewer: Viewer, request_id: uuid.UUID, version: int | None, fields: dict[str, Any]) -> int:
        unknown = set(fields) - REQUEST_FIELDS - {"status"}
        if unknown:
            raise InvalidInput(Problem(f"cannot change {', '.join(sorted(unknown))}", column=sorted(unknown)[0]))
        fields = dict(fields)
        refuse_too_long(REQUEST_TEXT_LIMITS, fields)
        if "needed_by" in fields:
            try:
                fields["needed_by"] = normalise_date(fields["needed_by"])
            except ValueError as exc:
                raise InvalidInput(Problem(str(exc), column="needed_by")) from None
        if fields.get("policy_area") and fields["policy_area"] not in BY_CODE:
            raise InvalidInput(unknown_area(fields["policy_area"], "policy_area"))
        if "visibility" in fields:
            fields["visibility"] = Visibility(fields["visibility"]).value
        with self.db.begin() as conn:
            PracticeRepository(conn).known_areas()
            repo = HelpRequestRepository(conn)
            if "status" in fields:
                target = RequestStatus(fields["status"])
                current = repo.get(viewer, request_id).status
                if target != current and target not in REQUEST_MOVES[current]:
                    raise InvalidInput(
                        Problem(f"a {current.value} request cannot become {target.value}", column="status")
                    )
                fields["status"] = target.value
            after = repo.update(viewer, request_id, version, fields)
        return int(after["version"])

    def set_status(
        self, viewer: Viewer, request_id: uuid.UUID, status: RequestStatus, version: int | None = None
    ) -> int:
        return self.update(viewer, request_id, version, {"status": status.value})

    def respond(self, viewer: Viewer, draft: HelpResponseDraft) -> uuid.UUID:
        """Record a response; an open request becomes answered."""
        if viewer.is_anonymous:
            raise PermissionDenied("sign in to answer a request for help")
        if not viewer.can_edit:
            raise PermissionDenied(f"your role ({viewer.role}) cannot answer requests; an editor or admin can")
        if not draft.text.strip():
            raise InvalidInput(Problem("write your answer", column="text"))
        refuse_too_long(RESPONSE_TEXT_LIMITS, {"text": draft.text.strip(), "contact": draft.contact})
        with self.db.begin() as conn:
            requests = HelpRequestRepository(conn)
            request = requests.get(viewer, draft.request_id)
            if request.status is RequestStatus.CLOSED:
                raise InvalidInput(Problem("this request is closed", column="request_id"))
            if draft.responder_id is not None and draft.responder_id not in ActorRepository(conn).summaries(
                viewer, [draft.responder_id]
            ):
                raise InvalidInput(Problem("no such actor (or it is not shared with you)", column="responder_id"))
            if draft.practice_id is not None and not PracticeRepository(conn).exists(viewer, draft.practice_id):
                raise InvalidInput(Problem("no such practice (or it is not shared with you)", column="practice_id"))
            response_id = HelpResponseRepository(conn).create(
                viewer,
                replace(draft, text=draft.text.strip()),
                tenant_id=owner_of(viewer),
                request_tenant_id=request.tenant_id,
            )
            requests.mark_answered(viewer, draft.request_id)
        return response_id

    def proposals(self, viewer: Viewer, request_id: uuid.UUID, *, limit: int = 10) -> RecommendationsView:
        """Practices and peers proposed for a request, each with its explanation."""
        request = self.get(viewer, request_id)
        challenge = challenge_of(request)
        try:
            return self.recommendations.recommend(viewer, challenge, limit=limit)
        except InvalidInput as exc:  # the asker is no longer readable, for example
            raise NotFound(exc.detail) from None


def challenge_of(request: HelpRequest) -> Challenge:
    """The challenge a request for help describes, as the recommendation provider reads it."""
    return Challenge(
        text=f"{request.title}. {request.text}",
        policy_areas=(request.policy_area,) if request.policy_area else (),
        actor_id=request.asker.id,
        request_id=request.id,
    )
