"""The portfolio of a government on SQLite and PostgreSQL: diagnostics over its real sister-city ties and
its engagements, the heat map, settings, and balancing scenarios saved and compared."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from proxenia.domain.balancing import Activity, Adjustments, BalancingInput, Capacity, GoalSpec
from proxenia.domain.engagements import EngagementDraft, EngagementKind, GoalWeight, Participant
from proxenia.domain.errors import InvalidInput, NotFound, PermissionDenied, Unauthenticated
from proxenia.domain.findings import FindingKind
from proxenia.domain.goals import GoalDraft, GoalKind, sdg_id
from proxenia.domain.people import PersonDraft
from proxenia.domain.portfolio import result_from_json
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.services.scenarios import parse_plan
from tests.factories import ATHENS, BUSAN, GUANGZHOU, LOS_ANGELES, SEOUL
from tests.government import Government, build_government

TODAY = dt.date(2026, 6, 30)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def gov(services: Services) -> Government:
    services.goals.load_sdgs()
    gov = build_government(services)
    services.portfolio.save_settings(gov.admin, home_actor_id=gov.reg.city(LOS_ANGELES),
                                     goal_weights={sdg_id("11.6"): 2.0})
    return gov


def test_diagnostics_find_silos_overlaps_conflicts_gaps_and_dormant_ties(services: Services, gov: Government) -> None:
    city = gov.reg.city
    trade = services.goals.create(gov.admin, GoalDraft(kind=GoalKind.PRIORITY, code="P1", title="Trade"))
    services.goals.create(gov.admin, GoalDraft(kind=GoalKind.PRIORITY, code="P2", title="Youth exchange"))
    officer = services.edits.create_person(gov.admin, PersonDraft(name="Protocol officer"))
    gov.log("Port of Busan logistics mission", days_ago(100), "econ", actors=(city(BUSAN),),
            goals=(GoalWeight(trade),))
    gov.log("Busan green shipping call", days_ago(50), "sust", actors=(city(BUSAN),))
    gov.log("Guangzhou delegation: trade and investment", days_ago(20), "intl", actors=(city(GUANGZHOU),))
    gov.log("Delegation from Guangzhou on trade and investment", days_ago(19), "econ", actors=(city(GUANGZHOU),))
    for title, place in (("Visit to Seoul", "Seoul"), ("Athens forum", "Athens")):
        services.engagements.log(gov.editor, EngagementDraft(
            kind=EngagementKind.OUTBOUND_VISIT, title=title, start_date=days_ago(10), end_date=days_ago(8),
            place=place, department_id=gov.departments["intl"],
            participants=(Participant(actor_id=city(SEOUL if place == "Seoul" else ATHENS)),
                          Participant(person_id=officer))))
    with services.db.count_queries() as counter:
        report = services.portfolio.diagnose(gov.viewer, as_of=TODAY)
    assert counter.count <= 25, counter.statements
    by_kind = {k: report.of_kind(k) for k in FindingKind}
    # Busan by Economic Development and Sustainability; Guangzhou by two departments logging one delegation.
    assert {f.subject.label for f in by_kind[FindingKind.SILO] if f.subject} == {"Busan", "Guangzhou"}
    [overlap] = by_kind[FindingKind.OVERLAP]
    assert len(overlap.records) == 2 and "Guangzhou" in overlap.title
    [conflict] = by_kind[FindingKind.CONFLICT]
    assert "Protocol officer" in conflict.title
    gaps = {f.subject.label for f in by_kind[FindingKind.GAP] if f.subject}
    assert "P2 Youth exchange" in gaps and "P1 Trade" not in gaps
    assert any("11.6" in g for g in gaps)  # an SDG target chosen in the settings, with no activity
    # Los Angeles's real sister cities in the small registry (Busan, Athens, Guangzhou) all met recently.
    assert not by_kind[FindingKind.DORMANT_TIE]
    assert report.engagements_read == 6


def test_a_report_is_kept_until_anything_is_written(services: Services, gov: Government) -> None:
    """An office's dashboard asks for the diagnostics on every view: the same question is answered from the
    kept report (two statements: the stamps) until a write moves the audit trail; then it is read again."""
    city = gov.reg.city
    gov.log("Busan port call", days_ago(30), "econ", actors=(city(BUSAN),))
    gov.log("Busan shipping call", days_ago(20), "sust", actors=(city(BUSAN),))
    first = services.portfolio.diagnose(gov.viewer, as_of=TODAY)
    assert first.engagements_read == 2 and len(first.of_kind(FindingKind.SILO)) == 1
    with services.db.count_queries() as counter:
        again = services.portfolio.diagnose(gov.viewer, as_of=TODAY)
    assert counter.count <= 4, counter.statements
    assert again.findings == first.findings and again.findings is not first.findings  # a copy to each caller
    other_day = services.portfolio.diagnose(gov.viewer, as_of=days_ago(25))  # another question: read
    assert other_day.engagements_read == 1
    gov.log("Busan joint call", days_ago(10), "intl", actors=(city(BUSAN),))  # a write: read again
    assert services.portfolio.diagnose(gov.viewer, as_of=TODAY).engagements_read == 3
    with pytest.raises(Unauthenticated):  # the kept reports are behind the same check
        services.portfolio.diagnose(Viewer.anonymous(), as_of=TODAY)


def test_a_report_stays_kept_through_writes_it_is_not_made_of(services: Services, gov: Government) -> None:
    """Another government's engagements leave the report kept; a goal of its own is read at once."""
    city = gov.reg.city
    gov.log("Busan port call", days_ago(30), "econ", actors=(city(BUSAN),))
    gov.log("Busan shipping call", days_ago(20), "sust", actors=(city(BUSAN),))
    first = services.portfolio.diagnose(gov.viewer, as_of=TODAY)
    other = build_government(services, "austin-city", reg=gov.reg)
    other.log("Busan trade call", days_ago(5), "econ", actors=(city(BUSAN),))
    other.log("Busan ports call", days_ago(4), "sust", actors=(city(BUSAN),))
    with services.db.count_queries() as counter:
        again = services.portfolio.diagnose(gov.viewer, as_of=TODAY)
    assert counter.count <= 4, counter.statements
    assert again.findings == first.findings
    assert services.portfolio.diagnose(other.viewer, as_of=TODAY).engagements_read == 2  # its own, read
    services.goals.create(gov.admin, GoalDraft(kind=GoalKind.PRIORITY, code="P9", title="Culture"))
    after = services.portfolio.diagnose(gov.viewer, as_of=TODAY)
    assert "P9 Culture" in {f.subject.label for f in after.of_kind(FindingKind.GAP) if f.subject}


def test_a_server_diagnoses_its_busiest_portfolios_at_start(services: Services, gov: Government) -> None:
    """``warm_up`` (a server's background work at start) diagnoses, with the default options, the portfolio of
    every organisation with at least so many engagements, as its people see it: their first view is kept."""
    city = gov.reg.city
    gov.log("Busan port call", days_ago(30), "econ", actors=(city(BUSAN),))
    gov.log("Busan shipping call", days_ago(20), "sust", actors=(city(BUSAN),))
    quiet = build_government(services, "austin-city", reg=gov.reg)
    quiet.log("Busan trade call", days_ago(5), "econ", actors=(city(BUSAN),))
    assert services.portfolio.warm_up(3) == 0  # nobody has three
    assert services.portfolio.warm_up(2) == 1
    with services.db.count_queries() as counter:
        first = services.portfolio.diagnose(gov.viewer)  # an editor's first view: the report diagnosed at start
    assert counter.count <= 4, counter.statements
    assert first.engagements_read == 2 and len(first.of_kind(FindingKind.SILO)) == 1
    with services.db.count_queries() as counter:
        services.portfolio.diagnose(quiet.viewer)  # below the threshold: diagnosed on its first view
    assert counter.count > 4


def test_a_sister_city_with_no_engagement_for_years_is_dormant(services: Services, gov: Government) -> None:
    gov.log("Old Athens exchange", TODAY.replace(year=2019), "intl", actors=(gov.reg.city(ATHENS),))
    report = services.portfolio.diagnose(gov.viewer, as_of=TODAY)
    dormant = {f.subject.label: f for f in report.of_kind(FindingKind.DORMANT_TIE) if f.subject}
    assert set(dormant) == {"Busan", "Athens", "Guangzhou"}  # LA's three twin towns in the small registry
    assert "2019" in dormant["Athens"].detail and any(r.kind == "engagement" for r in dormant["Athens"].records)
    assert "no engagement with them is logged" in dormant["Busan"].detail


def test_the_heat_map_counts_engagements_per_department_and_goal(services: Services, gov: Government) -> None:
    climate = sdg_id("11.6")
    half = (GoalWeight(climate, 0.5),)
    gov.log("Air quality exchange", days_ago(5), "sust", actors=(gov.reg.city(SEOUL),), goals=half)
    gov.log("Clean ports", days_ago(6), "sust", actors=(gov.reg.city(BUSAN),), goals=(GoalWeight(climate),))
    heat = services.portfolio.heat_map(gov.viewer, as_of=TODAY)
    cell = heat.cell(gov.departments["sust"], climate)
    assert cell.engagements == 2 and cell.weight == pytest.approx(1.5) and cell.level == 4
    assert heat.cell(gov.departments["econ"], climate).engagements == 0
    assert heat.goals[0][0] == climate and heat.goals[0][2] == 2.0


def test_settings_are_checked_and_only_admins_change_them(services: Services, gov: Government) -> None:
    with pytest.raises(PermissionDenied):
        services.portfolio.save_settings(gov.editor, currency="EUR")
    with pytest.raises(InvalidInput):
        services.portfolio.save_settings(gov.admin, currency="XXY")
    with pytest.raises(NotFound):
        services.portfolio.save_settings(gov.admin, home_actor_id=sdg_id("1"))
    assert services.portfolio.save_settings(gov.admin, currency="eur").currency == "EUR"


PLAN = BalancingInput(
    activities=(
        Activity("mission", "Busan trade mission", "econ", ("2026-09", "2026-10"), 10, 40_000, {"trade": 1.0},
                 mandatory=True),
        Activity("corridor", "Green corridor working group", "sust", ("2026-09",), 4, 8_000, {"climate": 1.0},
                 min_level=0.5, max_level=2.0),
        Activity("forum", "Investment forum", "econ", ("2026-10",), 6, 30_000, {"trade": 0.8}),
        Activity("youth", "Youth exchange", "intl", ("2026-11",), 8, 20_000, {"youth": 1.0}),
    ),
    capacities=tuple(Capacity(d, m, 12, 50_000) for d in ("econ", "sust", "intl") for m in ("2026-09", "2026-10",
                                                                                             "2026-11")),
    goals=(GoalSpec("trade", "Trade", 2.0, 2.0), GoalSpec("climate", "Climate", 1.0, 1.0),
           GoalSpec("youth", "Youth", 0.0, 1.0)),
)


def test_scenarios_are_solved_saved_varied_and_compared(services: Services, gov: Government) -> None:
    base = services.scenarios.create(gov.editor, name="Plan", plan=PLAN)
    cut = services.scenarios.variant(gov.editor, base, name="Budget −20 %", budget_factor=0.8)
    youth = services.scenarios.variant(gov.editor, base, name="Youth first", goal_weights={"youth": 3.0})
    compared = services.scenarios.compare(gov.viewer, [base, cut, youth])
    plan, budget_cut, youth_first = (c.result for c in compared.columns)
    assert plan.status == budget_cut.status == youth_first.status == "optimal"
    assert budget_cut.score < plan.score and budget_cut.total_budget <= plan.total_budget
    assert all(r.gap <= 0.01 for r in (plan, budget_cut, youth_first))
    levels = {c.name: {a.key: a.selected for a in c.result.levels} for c in compared.columns}
    assert not levels["Plan"]["youth"] and levels["Youth first"]["youth"]
    assert ("youth", "Youth exchange") in compared.activities
    assert [s.name for s in services.scenarios.scenarios(gov.viewer)] == ["Plan", "Budget −20 %", "Youth first"]
    for ids in ([base], [base, base]):  # "two to six", as the command's help says (QA: one was taken)
        with pytest.raises(InvalidInput) as refused:
            services.scenarios.compare(gov.viewer, ids)
        assert refused.value.problems[0].column == "ids" and "two to six" in str(refused.value)


def test_an_infeasible_scenario_is_saved_with_its_explanation(services: Services, gov: Government) -> None:
    base = services.scenarios.create(gov.editor, name="Plan", plan=PLAN)
    starved = services.scenarios.create(gov.editor, name="Starved", base_id=base,
                                        adjustments=Adjustments(budget_factor=0.1))
    saved = services.scenarios.get(gov.viewer, starved).result
    assert saved is not None
    result = result_from_json(saved)
    assert result.status == "infeasible"
    assert {c.constraint for c in result.conflicts} == {"budget of econ in 2026-09", "budget of econ in 2026-10"}
    assert result.conflicts[0].activities == ("Busan trade mission",)
    with pytest.raises(InvalidInput):
        services.scenarios.create(gov.editor, name="Bad", plan=PLAN, adjustments=Adjustments(budget_factor=-1))


@pytest.mark.parametrize("figure", [float("nan"), float("inf"), 1e308])
def test_a_plan_with_a_figure_the_solver_cannot_take_is_refused_before_it_runs(
    services: Services, gov: Government, figure: float
) -> None:
    """QA's plan with a NaN budget ran for 300 s; 1e308 saved a scenario with status "error"."""
    bad = dataclasses.replace(PLAN, activities=(dataclasses.replace(PLAN.activities[0], budget=figure),
                                                *PLAN.activities[1:]))
    with pytest.raises(InvalidInput, match="finite number") as refused:
        services.scenarios.create(gov.editor, name="Bad", plan=bad)
    assert refused.value.problems[0].column == "activities"
    with pytest.raises(InvalidInput):
        parse_plan([])  # type: ignore[arg-type]
    base = services.scenarios.create(gov.editor, name="Plan", plan=PLAN)
    with pytest.raises(InvalidInput, match="no goal 'nosuch'"):
        services.scenarios.variant(gov.editor, base, name="Typo", goal_weights={"nosuch": 2.0})
    assert [s.name for s in services.scenarios.scenarios(gov.viewer)] == ["Plan"]
    with pytest.raises(PermissionDenied):
        services.scenarios.create(gov.viewer, name="Nope", plan=PLAN)
