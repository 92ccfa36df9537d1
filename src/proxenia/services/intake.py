"""Incoming requests: the intake form, screening against the tenant's own rules (each verdict explained),
the decision with its reason, and the partner-risk lists national offices publish."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from proxenia.domain.countries import is_country_code
from proxenia.domain.engagements import EngagementDraft, EngagementKind, EngagementOrigin, Participant, policy_area
from proxenia.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem, refuse_too_long
from proxenia.domain.kinds import Visibility
from proxenia.domain.proposals import (
    DECISION_TEXT_LIMITS,
    RISK_TEXT_LIMITS,
    RULE_DEFAULTS,
    IntakeRule,
    Proposal,
    ProposalDraft,
    ProposalKind,
    ProposalStatus,
    RiskEntry,
    RuleKind,
    Screening,
)
from proxenia.domain.screening import EarlierContact, PlaceFacts, ScreeningContext, screen
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import require_admin, require_editor, tenant_of
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.engagement_facts import EngagementFactReader, departments_of
from proxenia.store.engagements import EngagementRepository
from proxenia.store.portfolio import PortfolioSettingsRepository
from proxenia.store.proposals import IntakeRuleRepository, ProposalRepository, RiskEntryRepository, screening_json
from proxenia.store.tenants import TenantRepository


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def default_rules() -> list[IntakeRule]:
    """The rules Calgary and Irvine publish, as a starting point each tenant adjusts."""
    return [IntakeRule(kind, dict(params)) for kind, params in RULE_DEFAULTS.items()]


class IntakeService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- requests ------------------------------------------------------------------------------------
    def submit(self, viewer: Viewer, draft: ProposalDraft) -> uuid.UUID:
        tenant = require_editor(viewer, "incoming requests")
        problems = []
        if not draft.requester_name.strip():
            problems.append(Problem("is required", column="requester_name"))
        if not draft.purpose.strip():
            problems.append(Problem("is required", column="purpose"))
        if draft.proposed_start and draft.proposed_end and draft.proposed_end < draft.proposed_start:
            problems.append(Problem("ends before it starts", column="proposed_end"))
        for column, value, limit in (("requester_name", draft.requester_name, 500), ("purpose", draft.purpose, 20_000),
                                     ("contact", draft.contact or "", 1000)):
            if len(value) > limit:
                problems.append(Problem(f"is longer than {limit:,} characters", column=column))
        for column, values in (("topics", draft.topics), ("requester_industries", draft.requester_industries)):
            problems += [Problem(f"'{v[:40]}…' is longer than 100 characters", column=column)
                         for v in values if len(v) > 100]
        if problems:
            raise InvalidInput(problems)
        topics = tuple(dict.fromkeys(policy_area(t) for t in draft.topics if t.strip()))
        draft = dataclasses.replace(draft, topics=topics)
        with self.db.begin() as conn:
            if draft.requester_actor_id and not ActorRepository(conn).exists(viewer, draft.requester_actor_id):
                raise InvalidInput(Problem("the requester is not in the registry (or not shared with you)",
                                           column="requester_actor_id"))
            return ProposalRepository(conn).create(viewer, draft, tenant_id=tenant)

    def get(self, viewer: Viewer, proposal_id: uuid.UUID) -> Proposal:
        with self.db.read() as conn:
            return ProposalRepository(conn).get(viewer, proposal_id)

    def proposals(
        self, viewer: Viewer, *, status: ProposalStatus | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[list[Proposal], int]:
        with self.db.read() as conn:
            return ProposalRepository(conn).search(viewer, tenant_id=viewer.tenant_id, status=status, limit=limit,
                                                   offset=offset)

    def screen(self, viewer: Viewer, proposal_id: uuid.UUID, *, today: dt.date | None = None) -> Screening:
        """Run the tenant's rules on a request and keep the explained result on it."""
        tenant = require_editor(viewer, "incoming requests")
        with self.db.begin() as conn:
            repo = ProposalRepository(conn)
            proposal = repo.get(viewer, proposal_id)
            if proposal.tenant_id != tenant:
                raise PermissionDenied("only the organisation that received a request screens it")
            rules = IntakeRuleRepository(conn).for_tenant(tenant)
            context = self._context(conn, viewer, tenant, proposal, today or _today())
            result = screen(proposal, rules, context)
            repo.update(viewer, proposal_id, None, {"screening": screening_json(result)})
        return result

    def _context(
        self, conn: Any, viewer: Viewer, tenant: uuid.UUID, proposal: Proposal, today: dt.date
    ) -> ScreeningContext:
        actors = ActorRepository(conn)
        home_id = PortfolioSettingsRepository(conn).get(tenant).home_actor_id
        facts: dict[uuid.UUID, PlaceFacts] = {}
        for actor_id in (proposal.requester_actor_id, home_id):
            if actor_id is None or not actors.exists(viewer, actor_id):
                continue
            actor = actors.get(viewer, actor_id)
            income = None
            if actor.country_code:
                country = actors.by_identifier(viewer, "iso3166-1", actor.country_code)
                if country is not None:
                    income = actors.get(viewer, country.id).attributes.get("income_group")
            facts[actor_id] = PlaceFacts(actor.name, actor.population, actor.country_code, income)
        earlier = [
            EarlierContact(p.received_on, p.topics, f"request of {p.received_on} ({p.status.value}): {p.purpose[:80]}")
            for p in ProposalRepository(conn).earlier_from(
                viewer, tenant_id=tenant, requester_actor_id=proposal.requester_actor_id,
                requester_name=proposal.requester_name, before=proposal.id,
            )
        ]
        if proposal.requester_actor_id is not None:
            for start, title, areas in EngagementFactReader(conn).topics_with(viewer, tenant,
                                                                               proposal.requester_actor_id):
                earlier.append(EarlierContact(start, areas, f"engagement of {start}: {title}"))
        requester = facts.get(proposal.requester_actor_id) if proposal.requester_actor_id else None
        requester_country = requester.country_code if requester else None
        risks = RiskEntryRepository(conn).search(
            viewer, actor_id=proposal.requester_actor_id, country_code=requester_country
        )
        return ScreeningContext(today=today, requester=requester, home=facts.get(home_id) if home_id else None,
                                earlier=earlier, risk_entries=risks)

    def decide(
        self, viewer: Viewer, proposal_id: uuid.UUID, version: int | None, *, accept: bool, reason: str,
        log_engagement: bool = True,
    ) -> uuid.UUID | None:
        """Accept or decline with a reason; an accepted delegation visit becomes an inbound delegation."""
        tenant = require_editor(viewer, "incoming requests")
        if not reason.strip():
            raise InvalidInput(Problem("say why: the reason is kept with the decision", column="reason"))
        refuse_too_long(DECISION_TEXT_LIMITS, {"reason": reason.strip()})
        with self.db.begin() as conn:
            repo = ProposalRepository(conn)
            proposal = repo.get(viewer, proposal_id)
            if proposal.tenant_id != tenant:
                raise PermissionDenied("only the organisation that received a request decides it")
            if proposal.status is not ProposalStatus.RECEIVED:
                raise Conflict(f"this request was already {proposal.status.value}")
            engagement_id = None
            if accept and log_engagement and proposal.kind is ProposalKind.DELEGATION_VISIT and proposal.proposed_start:
                engagement_id = self._engagement_for(conn, viewer, tenant, proposal)
            repo.update(viewer, proposal_id, version, {
                "status": (ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED).value,
                "decision_reason": reason.strip(), "decided_on": _today(), "decided_by": viewer.label,
                "engagement_id": engagement_id,
            })
        return engagement_id

    def _engagement_for(self, conn: Any, viewer: Viewer, tenant: uuid.UUID, proposal: Proposal) -> uuid.UUID:
        own = [d[0] for d in departments_of(conn, tenant)]
        department = next((d for d in own if d in viewer.departments), own[0] if own else None)
        draft = EngagementDraft(
            kind=EngagementKind.INBOUND_DELEGATION,
            title=f"Delegation from {proposal.requester_name}: {proposal.purpose[:200]}"[:500],  # a title holds 500
            start_date=proposal.proposed_start or _today(),
            end_date=proposal.proposed_end,
            department_id=department,
            participants=(Participant(actor_id=proposal.requester_actor_id),) if proposal.requester_actor_id else (),
            policy_areas=proposal.topics,
            description=f"Accepted request of {proposal.received_on}. Attendees: "
            + "; ".join(f"{a.name}{', ' + a.title if a.title else ''}" for a in proposal.attendees),
            origin=EngagementOrigin.FORM,
            visibility=Visibility.PRIVATE,
        )
        return EngagementRepository(conn).create(viewer, draft, tenant_id=tenant, recorded_by=viewer.label)

    # -- rules --------------------------------------------------------------------------------------------
    def rules(self, viewer: Viewer) -> list[IntakeRule]:
        tenant = tenant_of(viewer, "screening rules")
        with self.db.read() as conn:
            return IntakeRuleRepository(conn).for_tenant(tenant)

    def set_rules(self, viewer: Viewer, rules: list[IntakeRule]) -> None:
        tenant = require_admin(viewer, "the screening rules")
        kinds = [r.kind for r in rules]
        if len(set(kinds)) != len(kinds):
            raise InvalidInput(Problem("each rule may appear once", column="rules"))
        for rule in rules:
            unknown = set(rule.params) - set(RULE_DEFAULTS[rule.kind])
            if unknown:
                raise InvalidInput(Problem(f"{rule.kind.value} has no parameter {sorted(unknown)[0]}", column="params"))
            for name in ("min_days", "years", "max_population_ratio"):
                value = rule.params.get(name, 1)
                if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 10_000:
                    raise InvalidInput(Problem(f"{name} must be a positive number", column="params"))
            industries = rule.params.get("industries", [])
            if not isinstance(industries, list) or not all(isinstance(i, str) for i in industries):
                raise InvalidInput(Problem("industries is a list of words", column="params"))
            if not isinstance(rule.params.get("same_income_group", True), bool):
                raise InvalidInput(Problem("same_income_group is true or false", column="params"))
        with self.db.begin() as conn:
            IntakeRuleRepository(conn).replace(viewer, tenant, rules)

    # -- partner-risk lists -----------------------------------------------------------------------------------
    def publish_risk(
        self, viewer: Viewer, *, reason: str, actor_id: uuid.UUID | None = None, country_code: str | None = None,
        source_ref: str | None = None, listed_on: dt.date | None = None, visibility: Visibility = Visibility.FEDERATION,
    ) -> uuid.UUID:
        tenant = require_editor(viewer, "partner-risk lists")
        if not reason.strip():
            raise InvalidInput(Problem("is required", column="reason"))
        refuse_too_long(RISK_TEXT_LIMITS, {"reason": reason, "source_ref": source_ref})
        if (actor_id is None) == (country_code is None):
            raise InvalidInput(Problem("name either an actor or a country", column="actor_id"))
        if country_code is not None and not is_country_code(country_code):
            raise InvalidInput(Problem(f"'{country_code}' is not an ISO 3166-1 code", column="country_code"))
        if visibility is Visibility.PRIVATE:  # a list only the office reads warns no one
            raise InvalidInput(Problem("a risk entry is published: share it with the federation or wider",
                                       column="visibility"))
        if listed_on is not None and listed_on > _today():
            raise InvalidInput(Problem(f"{listed_on.isoformat()} is in the future: give the day it was listed",
                                       column="listed_on"))
        with self.db.begin() as conn:
            if TenantRepository(conn).get(tenant).kind != "national_office":
                raise PermissionDenied("partner-risk lists are published by a national office")
            if actor_id is not None and not ActorRepository(conn).exists(viewer, actor_id):
                raise NotFound(f"actor {actor_id} was not found (or is not shared with you)")
            return RiskEntryRepository(conn).create(
                viewer, tenant_id=tenant, reason=reason, actor_id=actor_id, country_code=country_code,
                source_ref=source_ref, listed_on=listed_on, visibility=visibility,
            )

    def risk_entries(self, viewer: Viewer) -> list[RiskEntry]:
        with self.db.read() as conn:
            return RiskEntryRepository(conn).search(viewer)

    def risk_entry(self, viewer: Viewer, entry_id: uuid.UUID) -> RiskEntry:
        with self.db.read() as conn:
            return RiskEntryRepository(conn).get(viewer, entry_id)

    def withdraw_risk(self, viewer: Viewer, entry_id: uuid.UUID, version: int | None) -> None:
        with self.db.begin() as conn:
            RiskEntryRepository(conn).delete(viewer, entry_id, version)

    @staticmethod
    def rule_kinds() -> list[RuleKind]:
        return list(RuleKind)
