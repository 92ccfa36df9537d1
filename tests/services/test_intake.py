"""Incoming requests on SQLite and PostgreSQL: intake, screening against the tenant's own rules with the
engagement history and partner-risk lists shared by a national office, decisions with their reasons."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from proxenia.domain.engagements import Money
from proxenia.domain.errors import Conflict, InvalidInput, PermissionDenied
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.proposals import IntakeRule, ProposalDraft, ProposalKind, ProposalStatus, RuleKind, Verdict
from proxenia.services.container import Services
from proxenia.services.intake import default_rules
from tests.factories import BUSAN, IRVINE, LAHORE, make_tenant, viewer_for
from tests.government import Government, build_government

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def gov(services: Services) -> Government:
    gov = build_government(services, "irvine")
    services.portfolio.save_settings(gov.admin, home_actor_id=gov.reg.city(IRVINE))
    services.intake.set_rules(gov.admin, default_rules())
    return gov


def visit(gov: Government, place: int, **kw: object) -> ProposalDraft:
    base: dict[str, object] = dict(
        kind=ProposalKind.DELEGATION_VISIT, requester_name="Busan Metropolitan City", purpose="Port study tour",
        requester_actor_id=gov.reg.city(place), topics=("Ports",), received_on=TODAY,
        proposed_start=TODAY + dt.timedelta(days=40), cost_to_us=Money(Decimal("0"), "USD"))
    return ProposalDraft(**{**base, **kw})  # type: ignore[arg-type]


def test_rules_are_the_tenants_own_and_only_admins_set_them(services: Services, gov: Government) -> None:
    assert [r.kind for r in services.intake.rules(gov.viewer)] == list(RuleKind)
    with pytest.raises(PermissionDenied):
        services.intake.set_rules(gov.editor, [])
    with pytest.raises(InvalidInput):
        services.intake.set_rules(gov.admin, [IntakeRule(RuleKind.LEAD_TIME, {"min_days": -3})])
    with pytest.raises(InvalidInput):
        services.intake.set_rules(gov.admin, [IntakeRule(RuleKind.LEAD_TIME), IntakeRule(RuleKind.LEAD_TIME)])
    other = build_government(services, "calgary", gov.reg)
    assert services.intake.rules(other.viewer) == []


def test_screening_explains_each_rule_with_history_and_risk_lists(services: Services, gov: Government) -> None:
    gov.log("Busan port authority visit", TODAY - dt.timedelta(days=200), actors=(gov.reg.city(BUSAN),),
            policy_areas=("ports",))
    proposal = services.intake.submit(gov.editor, visit(gov, BUSAN, proposed_start=TODAY + dt.timedelta(days=10)))
    result = services.intake.screen(gov.editor, proposal, today=TODAY)
    verdicts = {v.rule: v for v in result.verdicts}
    lead = verdicts[RuleKind.LEAD_TIME]
    assert lead.verdict is Verdict.FAIL and "10 days" in lead.explanation
    repeat = verdicts[RuleKind.REPEAT_TOPIC]
    assert repeat.verdict is Verdict.FAIL and "Busan port authority visit" in repeat.explanation
    similar = verdicts[RuleKind.SIMILARITY]
    assert similar.verdict is Verdict.FAIL and "population" in similar.explanation  # Busan is much larger than Irvine
    assert verdicts[RuleKind.RISK_LIST].verdict is Verdict.PASS
    assert verdicts[RuleKind.NO_ADDED_COST].verdict is Verdict.PASS
    assert result.overall is Verdict.FAIL
    stored = services.intake.get(gov.viewer, proposal).screening
    assert stored is not None and stored.verdicts == result.verdicts


def test_a_national_office_publishes_risk_entries_its_federation_sees(services: Services, gov: Government) -> None:
    office = make_tenant(services, "national-office", kind="national_office")
    analyst = viewer_for(services, office, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.intake.publish_risk(gov.admin, reason="x", country_code="PK")
    for refused, column in ((dict(visibility=Visibility.PRIVATE), "visibility"),  # a list only the office reads
                            (dict(listed_on=dt.date(9999, 12, 31)), "listed_on")):
        with pytest.raises(InvalidInput) as caught:
            services.intake.publish_risk(analyst, reason="x", country_code="PK", **refused)
        assert caught.value.problems[0].column == column
    services.intake.publish_risk(analyst, reason="Illustrative test entry", country_code="PK",
                                 visibility=Visibility.PUBLIC)
    proposal = services.intake.submit(gov.editor, visit(gov, LAHORE, requester_name="Lahore"))
    result = services.intake.screen(gov.editor, proposal, today=TODAY)
    risk = next(v for v in result.verdicts if v.rule is RuleKind.RISK_LIST)
    assert risk.verdict is Verdict.FAIL and "Illustrative test entry" in risk.explanation


def test_decisions_keep_their_reason_and_an_accepted_visit_becomes_an_engagement(
    services: Services, gov: Government
) -> None:
    with pytest.raises(InvalidInput) as too_long:  # what the tables cannot hold is refused, never cut
        services.intake.submit(gov.editor, dataclasses.replace(visit(gov, BUSAN), requester_name="B" * 501,
                                                               topics=("t" * 101,)))
    assert {p.column for p in too_long.value.problems} == {"requester_name", "topics"}
    accepted = services.intake.submit(gov.editor, visit(gov, BUSAN))
    with pytest.raises(InvalidInput):
        services.intake.decide(gov.editor, accepted, 1, accept=True, reason=" ")
    engagement_id = services.intake.decide(gov.editor, accepted, 1, accept=True, reason="Fits our ports priority")
    assert engagement_id is not None
    e = services.engagements.get(gov.viewer, engagement_id)
    assert e.kind.value == "inbound_delegation" and e.counterparts[0].name == "Busan"
    after = services.intake.get(gov.viewer, accepted)
    assert after.status is ProposalStatus.ACCEPTED and after.decision_reason == "Fits our ports priority"
    with pytest.raises(Conflict):
        services.intake.decide(gov.editor, accepted, after.version, accept=False, reason="changed our mind")
    declined = services.intake.submit(gov.editor, visit(gov, BUSAN, kind=ProposalKind.PARTNERSHIP))
    assert services.intake.decide(gov.editor, declined, 1, accept=False, reason="Not now") is None
    items, total = services.intake.proposals(gov.viewer)
    assert total == 2 and {p.status for p in items} == {ProposalStatus.ACCEPTED, ProposalStatus.DECLINED}
