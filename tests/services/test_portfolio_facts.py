"""A government's engagement facts kept between diagnostics: after engagements are logged, edited, cross-
referenced or deleted, the kept facts brought up to date from those engagements only are what a whole read
gives; anything else the report is made of, or an import that does not name its records, reads them whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from proxenia.domain.engagements import EngagementDraft, EngagementKind, Participant
from proxenia.domain.findings import EngagementFact
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.services.portfolio_facts import EngagementFactsKeeper
from proxenia.store.engagement_facts import EngagementFactReader
from tests.factories import ATHENS, BUSAN, SEOUL
from tests.government import Government, build_government

START, END = dt.date(2025, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture
def gov(services: Services) -> Government:
    return build_government(services)


def _fields(f: EngagementFact) -> tuple[object, ...]:
    return (*dataclasses.astuple(dataclasses.replace(f, related=[])), sorted(f.related))


class Check:
    """The keeper's facts beside a whole read, after each step."""

    def __init__(self, services: Services, gov: Government) -> None:
        self.services, self.gov = services, gov
        self.keeper = EngagementFactsKeeper()
        self.last: dict[str, EngagementFact] = {}

    def facts(self) -> dict[str, EngagementFact]:
        with self.services.db.read() as conn:
            kept = self.keeper.facts(conn, self.gov.viewer, self.gov.tenant, START, END)
            whole = EngagementFactReader(conn).facts(self.gov.viewer, self.gov.tenant, date_from=START, date_to=END)
        assert [_fields(f) for f in kept] == [_fields(f) for f in whole]
        previous, self.last = self.last, {f.id: f for f in kept}
        return previous

    def patched(self, *changed: uuid.UUID) -> None:
        """The facts came from the kept ones: every engagement but these (and their cross-references) is
        the very object kept before."""
        previous = self.facts()
        touched = {c.hex for c in changed}
        touched |= {r for c in touched for f in (previous.get(c), self.last.get(c)) if f for r in f.related}
        same = [i for i in self.last if i not in touched]
        assert same and all(self.last[i] is previous[i] for i in same)

    def whole(self) -> None:
        previous = self.facts()
        assert not any(self.last[i] is previous.get(i) for i in self.last)


def test_kept_facts_follow_logs_edits_cross_references_and_deletions(services: Services, gov: Government) -> None:
    check = Check(services, gov)
    busan, seoul = gov.reg.city(BUSAN), gov.reg.city(SEOUL)
    first = gov.log("Port logistics call", dt.date(2026, 3, 10), actors=(busan,))
    gov.log("Green corridor call", dt.date(2026, 3, 12), "econ", actors=(busan,))
    gov.log("Film festival reception", dt.date(2026, 4, 1), actors=(seoul,))
    check.facts()
    added = gov.log("Port logistics call, second part", dt.date(2026, 3, 10), "econ", actors=(busan,))
    check.patched(added)
    draft = EngagementDraft(
        kind=EngagementKind.MEETING, title="Port logistics follow-up", start_date=dt.date(2026, 3, 11),
        department_id=gov.departments["sust"], participants=(Participant(actor_id=busan),), related_ids=(first,),
    )
    [linked] = services.engagements.log_many(gov.editor, [draft], summary="one named import")
    check.patched(linked)
    services.engagements.update(gov.editor, linked, None, dataclasses.replace(draft, related_ids=(added,)))
    check.patched(linked)  # the cross-reference moved: both ends' lists follow
    moved = dataclasses.replace(draft, start_date=dt.date(2024, 6, 1), related_ids=())
    services.engagements.update(gov.editor, linked, None, moved)  # out of the window
    check.patched(linked)
    services.engagements.delete(gov.editor, added, None)
    check.patched(added)
    check.patched()  # nothing written: the same facts


def test_other_changes_and_imports_that_do_not_name_their_records_read_the_facts_whole(
    services: Services, gov: Government
) -> None:
    check = Check(services, gov)
    athens = gov.reg.city(ATHENS)
    gov.log("Olympic cities exchange", dt.date(2026, 5, 2), actors=(athens,))
    check.facts()
    services.accounts.create_department(gov.admin, "ports", "Port of Los Angeles")  # a department: read whole
    check.whole()
    drafts = [EngagementDraft(kind=EngagementKind.CALL, title=f"Call {i}", start_date=dt.date(2026, 5, 3),
                              department_id=gov.departments["intl"], participants=(Participant(actor_id=athens),))
              for i in range(25)]
    services.engagements.log_many(gov.editor, drafts, summary="an import of 25: the first 20 named")
    check.whole()
    other = build_government(services, "busan-city", reg=gov.reg)
    other.log("Another government's call", dt.date(2026, 5, 4), actors=(athens,))
    check.patched()  # another government's engagement: nothing to re-read
    services.goals.load_sdgs()  # goals, not what the facts are made of
    check.patched()
    services.edits.update_actor(Viewer.system(), athens, None, {"name": "Athina"})  # an actor: read whole
    check.whole()
