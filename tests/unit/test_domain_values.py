from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from proxenia.domain.campaign_rules import normalise_all
from proxenia.domain.campaigns import CampaignDraft, Question, QuestionKind, check_campaign
from proxenia.domain.countries import country_code
from proxenia.domain.dates import PartialDate, normalise_date
from proxenia.domain.engagements import (
    EngagementDraft,
    EngagementKind,
    FollowUp,
    Occurrence,
    Participant,
    check_draft,
)
from proxenia.domain.errors import InvalidInput, Problem, ProblemCollector
from proxenia.domain.kinds import Visibility
from proxenia.domain.names import fold, match_key, reference_id, validate_identifier


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("São Paulo", "sao paulo"),
        ("ŁÓDŹ", "lodz"),
        ("Düsseldorf", "dusseldorf"),
        ("  Los   Angeles ", "los angeles"),
        ("Straße", "strasse"),
        ("Ørsta", "orsta"),
        ("İzmir", "izmir"),
        ("서울", "서울"),
    ],
)
def test_fold_ignores_accents_case_and_spacing(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_match_key_drops_punctuation_and_hyphens() -> None:
    assert match_key("Saint-Étienne") == match_key("saint etienne")
    assert match_key("St. Paul") == "st paul"


def test_reference_ids_are_stable_and_scheme_scoped() -> None:
    assert reference_id("geonames", "5368361") == reference_id("geonames", "5368361")
    assert reference_id("geonames", "1") != reference_id("iso3166-1", "1")


@pytest.mark.parametrize(
    ("text", "canonical", "precision"),
    [("2019", "2019", "year"), ("2019-05", "2019-05", "month"), ("2019-05-03", "2019-05-03", "day")],
)
def test_partial_dates_keep_their_precision(text: str, canonical: str, precision: str) -> None:
    date = PartialDate.parse(text)
    assert str(date) == canonical
    assert date.precision == precision


@pytest.mark.parametrize("bad", ["2019-13", "2019-02-30", "19", "2019/05/01", "May 2019"])
def test_malformed_dates_are_refused_with_a_plain_message(bad: str) -> None:
    with pytest.raises(ValueError, match=bad.split("-")[0][:2]):
        PartialDate.parse(bad)
    assert normalise_date("") is None


def test_partial_dates_sort_by_first_day() -> None:
    assert PartialDate.parse("2019") < PartialDate.parse("2019-01-02") < PartialDate.parse("2019-02")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("US", "US"),
        ("usa", "US"),
        ("United States", "US"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("Côte d'Ivoire", "CI"),
        ("deu", "DE"),
    ],
)
def test_country_codes_from_what_people_type(text: str, code: str) -> None:
    assert country_code(text) == code


def test_unknown_country_names_the_field() -> None:
    with pytest.raises(InvalidInput) as info:
        country_code("Atlantis", field="other_country")
    assert info.value.problems[0].column == "other_country"


def test_identifier_validation() -> None:
    assert validate_identifier("wikidata", "Q65") is None
    assert "QID" in (validate_identifier("wikidata", "65") or "")
    assert "GeoNames" in (validate_identifier("geonames", "abc") or "")
    assert "unknown identifier scheme" in (validate_identifier("isbn", "1") or "")


def test_visibility_levels_show_tlp_labels() -> None:
    assert [v.tlp for v in Visibility] == ["TLP:AMBER+STRICT", "TLP:AMBER", "TLP:GREEN", "TLP:CLEAR"]
    assert Visibility.PRIVATE.css == "tlp-amber-strict"


def test_problems_name_file_row_and_column() -> None:
    assert (
        str(Problem("is required", file="ties.csv", row=4, column="type"))
        == "ties.csv, row 4, column 'type': is required"
    )
    collector = ProblemCollector(limit=2)
    for i in range(5):
        collector.add(Problem(f"p{i}"))
    with pytest.raises(InvalidInput, match="5 problems"):
        collector.raise_if_any()


def test_a_questionnaire_too_long_somewhere_is_refused_naming_where_not_cut_short() -> None:
    question = Question("mode", QuestionKind.CHOICE, "Mode", choices=("bus", "x" * 301))
    draft = CampaignDraft(federation_id=uuid.uuid4(), title="t" * 301, topic="y" * 201, questions=(question,))
    assert {(p.column, p.message) for p in check_campaign(draft)} == {
        ("title", "is longer than 300 characters"), ("topic", "is longer than 200 characters"),
        ("questions[1]", "a choice is longer than 300 characters")}


def test_an_engagement_too_long_somewhere_is_refused_naming_the_field() -> None:
    """One check for the form, the API and imports: what the tables cannot hold is refused, never cut."""
    draft = EngagementDraft(
        kind=EngagementKind.PROGRAMME, title="Port programme", start_date=dt.date(2026, 3, 2), place="P" * 301,
        description="d" * 20_001, policy_areas=("trade", "a" * 101), links=("https://example.org/" + "x" * 2000,),
        follow_ups=(FollowUp("call back", "o" * 201),),
        participants=(Participant(actor_id=uuid.uuid4(), role="r" * 65),),
        occurrences=(Occurrence(dt.date(2026, 3, 9), None, "Q" * 301),),
    )
    assert sorted(p.column for p in check_draft(draft)) == [
        "description", "follow_ups", "links", "occurrences", "participants", "place", "policy_areas"]
    fine = dataclasses.replace(draft, place="Pier 9", description="d", policy_areas=("trade",), links=(),
                               follow_ups=(), participants=(), occurrences=())
    assert check_draft(fine) == []


def test_a_record_answer_with_a_name_too_long_is_unreadable_not_cut() -> None:
    records = Question("ties", QuestionKind.RECORDS, "Your sister cities", source="ties:sister_city")
    _, problems = normalise_all((records,), {"ties": [{"name": "Seoul"}, {"name": "S" * 301}]})
    assert [p.key for p in problems] == ["ties"] and "longer than 300 characters" in problems[0].message
    assert normalise_all((records,), {"ties": [{"name": "Seoul"}]})[0] == {
        "ties": [{"name": "Seoul", "actor_id": None, "country_code": None, "since": None, "tie_id": None}]}


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [("2019", "2018-12", True), ("2019-05-03", "2019-05-02", True), ("2019-05", "2019", False),
     ("2019", "2019-01-01", False), ("2019-02", "2019-02-28", False), (None, "1990", False), ("2020", None, False)],
)
def test_a_period_ending_before_it_starts_is_named(start: str | None, end: str | None, refused: bool) -> None:
    from proxenia.domain.dates import period_problem

    assert (period_problem(start, end) is not None) is refused


def test_an_engagement_naming_a_counterpart_twice_is_refused() -> None:
    """QA imported ``Seoul;Seoul`` and got the same counterpart twice."""
    seoul = uuid.uuid4()
    draft = EngagementDraft(kind=EngagementKind.MEETING, title="Port call", start_date=dt.date(2026, 3, 2),
                            participants=(Participant(actor_id=seoul), Participant(actor_id=seoul)))
    assert [(p.column, "listed twice" in p.message) for p in check_draft(draft)] == [("participants", True)]
    assert check_draft(dataclasses.replace(draft, participants=draft.participants[:1])) == []
