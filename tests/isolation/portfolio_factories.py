"""Factories of the engagement log's and portfolio's record kinds for the isolation matrix (see world.py):
engagements, incoming requests (proposals), goals, alignments of ties to goals, partner-risk entries and
balancing scenarios (two kinds: a comparison takes two or more), one per sharing level, each carrying its
marker in a text field."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from proxenia.domain.balancing import Activity, BalancingInput, Capacity, GoalSpec
from proxenia.domain.engagements import EngagementDraft, EngagementKind, Participant
from proxenia.domain.goals import GoalDraft, GoalKind
from proxenia.domain.kinds import Visibility
from proxenia.domain.proposals import ProposalDraft, ProposalKind
from proxenia.domain.viewer import Viewer
from proxenia.services.reference.places import place_id
from proxenia.store.proposals import RiskEntryRepository
from tests.factories import BUSAN

if TYPE_CHECKING:
    from tests.isolation.world import World

DAY = dt.date(2025, 6, 2)


def _engagement(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    busan = (Participant(actor_id=place_id(BUSAN)),)
    return world.services.engagements.log(owner, EngagementDraft(
        kind=EngagementKind.MEETING, title=marker, start_date=DAY, participants=busan, visibility=vis))


def _proposal(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    return world.services.intake.submit(owner, ProposalDraft(
        kind=ProposalKind.DELEGATION_VISIT, requester_name=marker, purpose="a visit", received_on=DAY,
        requester_actor_id=place_id(BUSAN), topics=("ports",), visibility=vis))


def _goal(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    return world.services.goals.create(owner, GoalDraft(kind=GoalKind.PRIORITY, code="P", title=marker,
                                                        visibility=vis))


def _alignment(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    return world.services.goals.align(owner, world.records["tie"][Visibility.PUBLIC], world.records["goal"][vis],
                                      0.5, marker, vis)


def _risk(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    # Risk lists come from national offices; the matrix only needs the owner's records, so the entry is
    # written through the store's repository (its permission checks included).
    with world.services.db.begin() as conn:
        assert owner.tenant_id is not None
        return RiskEntryRepository(conn).create(owner, tenant_id=owner.tenant_id, reason=marker, actor_id=None,
                                                country_code="KP", source_ref=None, listed_on=DAY, visibility=vis)


def _scenario(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    plan = BalancingInput(
        activities=(Activity("a", "Exchange", "intl", ("2026-01",), 2, 1000, {"g": 1.0}),),
        capacities=(Capacity("intl", "2026-01", 5, 5000),),
        goals=(GoalSpec("g", "A goal"),),
    )
    return world.services.scenarios.create(owner, name=marker, plan=plan, visibility=vis)


def _second_scenario(world: World, owner: Viewer, vis: Visibility, marker: str) -> uuid.UUID:
    """Another scenario at each sharing level: a comparison sets two to six side by side."""
    return _scenario(world, owner, vis, marker)


PORTFOLIO_FACTORIES = {
    "engagement": _engagement,
    "proposal": _proposal,
    "goal": _goal,
    "alignment": _alignment,
    "risk": _risk,
    "scenario": _scenario,
    "second_scenario": _second_scenario,
}
