"""The portfolio diagnostics on hand-made facts: each finding, what suppresses it, the records behind it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from proxenia.analytics.diagnostics import CapacityFact, DiagnosticsInput, GoalFact, TieFact, diagnose
from proxenia.analytics.overlaps import OverlapMemo
from proxenia.domain.findings import DiagnosticsOptions, DiagnosticsReport, EngagementFact, Finding, FindingKind

D = dt.date
AS_OF = D(2026, 6, 30)
ECON, INTL, PORT = (uuid.uuid4().hex for _ in range(3))
BUSAN, SEOUL, GUANGZHOU = (uuid.uuid4().hex for _ in range(3))
OFFICER = uuid.uuid4().hex


def fact(title: str, day: dt.date, *deps: str, actors: tuple[str, ...] = (), people: tuple[str, ...] = (),
         end: dt.date | None = None, place: str | None = None, staff: float | None = None) -> EngagementFact:
    return EngagementFact(uuid.uuid4().hex, deps, "meeting", title, day, end or day, place, staff, None, None,
                          list(actors), list(people))


def data(*facts: EngagementFact, **kw: object) -> DiagnosticsInput:
    return DiagnosticsInput(
        facts=list(facts), options=DiagnosticsOptions(as_of=AS_OF),
        actor_names={BUSAN: "Busan", SEOUL: "Seoul", GUANGZHOU: "Guangzhou"}, person_names={OFFICER: "Ana"},
        department_names={ECON: "Economic Development", INTL: "International Affairs", PORT: "Port"},
        **kw,  # type: ignore[arg-type]
    )


def kinds(report: DiagnosticsReport, kind: FindingKind) -> list[Finding]:
    return report.of_kind(kind)


def test_a_counterpart_worked_by_departments_that_never_meet_is_a_silo() -> None:
    a = fact("Port logistics", D(2026, 1, 10), PORT, actors=(BUSAN,))
    b = fact("Green corridor call", D(2026, 3, 2), ECON, actors=(BUSAN,))
    report = diagnose(data(a, b, fact("Seoul call", D(2026, 3, 3), ECON, actors=(SEOUL,))))
    [silo] = kinds(report, FindingKind.SILO)
    assert silo.subject.label == "Busan" and "Economic Development / Port" in silo.detail
    assert {r.id.hex for r in silo.records} == {a.id, b.id}
    joint = fact("Joint briefing", D(2026, 4, 1), PORT, ECON, actors=(BUSAN,))
    assert not kinds(diagnose(data(a, b, joint)), FindingKind.SILO)
    b.related.append(a.id)
    assert not kinds(diagnose(data(a, b)), FindingKind.SILO)  # a cross-reference coordinates them too


def test_the_same_event_logged_twice_is_an_overlap() -> None:
    a = fact("Mexico City delegation: trade and investment", D(2026, 3, 10), INTL, actors=(GUANGZHOU,))
    b = fact("Delegation from Mexico City on trade and investment", D(2026, 3, 11), ECON, actors=(GUANGZHOU,))
    other = fact("Film festival reception", D(2026, 3, 10), INTL, actors=(GUANGZHOU,))
    later = fact("Mexico City delegation: trade and investment", D(2026, 5, 1), INTL, actors=(GUANGZHOU,))
    [overlap] = kinds(diagnose(data(a, b, other, later)), FindingKind.OVERLAP)
    assert {r.id.hex for r in overlap.records} == {a.id, b.id}
    assert overlap.severity == 2  # two departments
    a.related.append(b.id)
    assert not kinds(diagnose(data(a, b)), FindingKind.OVERLAP)


def test_the_sweep_memo_reuses_unchanged_counterparts_and_sweeps_changed_ones_again() -> None:
    def world() -> list[EngagementFact]:  # read again for every report, as the store does: new objects
        return [
            fact("Mexico City delegation: trade and investment", D(2026, 3, 10), INTL, actors=(GUANGZHOU,)),
            fact("Delegation from Mexico City on trade and investment", D(2026, 3, 11), ECON, actors=(GUANGZHOU,)),
            fact("Port logistics call", D(2026, 3, 10), PORT, actors=(BUSAN,)),
            fact("Port logistics call, second part", D(2026, 3, 10), ECON, actors=(BUSAN,)),
            fact("Film festival reception", D(2026, 3, 10), INTL, actors=(SEOUL,)),
        ]

    def overlaps(facts: list[EngagementFact], memo: OverlapMemo | None) -> set[frozenset[str]]:
        found = kinds(diagnose(data(*facts), memo), FindingKind.OVERLAP)
        return {frozenset(r.id.hex for r in f.records) for f in found}

    first, memo = world(), OverlapMemo()
    expected = overlaps(first, None)
    assert len(expected) == 2 and overlaps(first, memo) == expected
    swept = dict(memo.found)
    second = world()
    for f, g in zip(first, second, strict=True):
        g.id = f.id
    assert overlaps(second, memo) == expected  # read again: equal facts, new objects
    assert all(memo.found[a].pairs is swept[a].pairs for a in (GUANGZHOU, BUSAN))  # reused, not swept again
    assert overlaps(second, memo) == expected  # kept: the very same facts
    assert all(memo.found[a].pairs is swept[a].pairs for a in (GUANGZHOU, BUSAN))
    # a changed engagement is a new fact (the facts keeper never changes one in place)
    second[3] = dataclasses.replace(second[3], title="Harbour pilots' exchange")  # that counterpart is swept again
    assert overlaps(second, memo) == overlaps(second, None) == {e for e in expected if first[3].id not in e}
    assert memo.found[GUANGZHOU].pairs is swept[GUANGZHOU].pairs and memo.found[BUSAN].pairs == ()
    second[0] = dataclasses.replace(second[0], related=[second[1].id])  # cross-referenced since: known to
    second[1] = dataclasses.replace(second[1], related=[second[0].id])  # each other
    assert overlaps(second, memo) == overlaps(second, None) == set()
    assert SEOUL not in memo.found  # one engagement: never swept, never kept
    third = world()
    assert overlaps(third, memo) == {frozenset(f.id for f in third[:2]), frozenset(f.id for f in third[2:4])}
    kept = memo.found[GUANGZHOU].pairs
    looser = data(*third)
    looser.options = dataclasses.replace(looser.options, title_similarity=79)
    diagnose(looser, memo)  # other thresholds: every counterpart swept again
    assert memo.thresholds == (1, 79) and memo.found[GUANGZHOU].pairs == kept
    assert memo.found[GUANGZHOU].pairs is not kept


def test_a_person_in_two_places_at_once_and_a_department_over_capacity_are_conflicts() -> None:
    seoul = fact("Seoul visit", D(2026, 6, 1), INTL, people=(OFFICER,), end=D(2026, 6, 4), place="Seoul", staff=8)
    vancouver = fact("Vancouver forum", D(2026, 6, 3), INTL, people=(OFFICER,), place="Vancouver", staff=4)
    same_place = fact("Seoul dinner", D(2026, 6, 2), INTL, people=(OFFICER,), place="seoul")
    caps = [CapacityFact(INTL, "2026-06", 10.0, 1000.0, "USD")]
    report = diagnose(data(seoul, vancouver, same_place, capacities=caps))
    found = kinds(report, FindingKind.CONFLICT)
    assert len(found) == 2
    booking = next(f for f in found if f.subject.kind == "person")
    assert "Ana" in booking.title and len(booking.records) == 2
    capacity = next(f for f in found if f.subject.kind == "department")
    assert "12.0 staff-days committed, 10.0 available" in capacity.detail


def test_goals_without_activity_or_only_dormant_ties_are_gaps() -> None:
    priority, objective, served = uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex
    tie = TieFact(uuid.uuid4().hex, SEOUL, "Seoul", "partner of", "active", "2010")
    goals = [GoalFact(priority, "P1 Trade"), GoalFact(objective, "P1.1 Ports", priority),
             GoalFact(served, "P2 Climate")]
    report = diagnose(data(goals=goals, goals_served={served}, alignments={objective: [tie.id]},
                           aligned_ties={tie.id: tie}, last_engagement={SEOUL: (D(2019, 1, 1), uuid.uuid4().hex)}))
    gaps = kinds(report, FindingKind.GAP)
    assert {g.subject.label for g in gaps} == {"P1 Trade", "P1.1 Ports"}
    assert any("dormant ties (Seoul)" in g.detail for g in gaps)
    fresh = diagnose(data(goals=goals, goals_served={served, objective}))
    assert not kinds(fresh, FindingKind.GAP)  # an objective's activity counts for its priority


def test_sister_cities_without_engagement_for_years_are_dormant() -> None:
    quiet = TieFact(uuid.uuid4().hex, GUANGZHOU, "Guangzhou", "sister city of", "active", "1981")
    busy = TieFact(uuid.uuid4().hex, BUSAN, "Busan", "sister city of", "active", "1971")
    never = TieFact(uuid.uuid4().hex, SEOUL, "Seoul", "sister city of", "active", None)
    recent = fact("Busan call", D(2026, 5, 1), INTL, actors=(BUSAN,))
    report = diagnose(data(recent, home_ties=[quiet, busy, never],
                           last_engagement={GUANGZHOU: (D(2020, 2, 1), uuid.uuid4().hex)}))
    dormant = kinds(report, FindingKind.DORMANT_TIE)
    assert [f.subject.label for f in dormant] == ["Seoul", "Guangzhou"]  # never engaged first
    assert "2020-02-01" in dormant[1].detail


def test_a_report_as_of_29_february_looks_back_to_28_february() -> None:
    """Dormancy is counted in years back from the report's day; on 29 February that day is the 28th of a
    year without one (QA found ``date.replace`` failing on 2024-02-29)."""
    quiet = TieFact(uuid.uuid4().hex, GUANGZHOU, "Guangzhou", "sister city of", "active", "1981")
    last = {GUANGZHOU: (D(2021, 2, 27), uuid.uuid4().hex)}
    leap = data(home_ties=[quiet], last_engagement=last)
    leap.options = dataclasses.replace(leap.options, as_of=D(2024, 2, 29), dormant_years=3)
    assert [f.subject.label for f in kinds(diagnose(leap), FindingKind.DORMANT_TIE)] == ["Guangzhou"]
    last[GUANGZHOU] = (D(2021, 2, 28), last[GUANGZHOU][1])
    assert not kinds(diagnose(leap), FindingKind.DORMANT_TIE)
