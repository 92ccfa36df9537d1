"""Plain values of the practice exchange: policy areas, query words, lineage trees, due dates, embedders."""

from __future__ import annotations

import datetime as dt
import uuid

import numpy as np

from proxenia.analytics.embedders import HashingEmbedder
from proxenia.domain.actors import ActorSummary
from proxenia.domain.adoptions import Adoption, AdoptionStatus, Share
from proxenia.domain.help_requests import HelpRequest, RequestStatus
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.policy_areas import POLICY_AREAS, area_match, pap_code, related_codes
from proxenia.services.practices.lineage import build_lineage
from proxenia.store.fulltext import matched_words, words

TENANT = uuid.uuid4()


def _actor(name: str) -> ActorSummary:
    return ActorSummary(id=uuid.uuid5(uuid.NAMESPACE_DNS, name), kind=ActorKind.CITY, name=name, country_code=None)


def _adoption(adopter: str, teacher: str | None, date: str | None) -> Adoption:
    return Adoption(
        id=uuid.uuid4(),
        practice_id=uuid.UUID(int=1),
        practice_title="P",
        adopter=_actor(adopter),
        learned_from=_actor(teacher) if teacher else None,
        date=date,
        status=AdoptionStatus.ADOPTED,
        adaptations="",
        outcome="",
        tenant_id=TENANT,
        visibility=Visibility.PUBLIC,
    )


def test_every_spid_major_topic_is_in_the_vocabulary() -> None:
    import csv

    from proxenia.interop.reference.files import data_path

    with data_path("spid", "spid_policies.csv").open(encoding="utf-8") as handle:
        topics = {row["majortopic"] for row in csv.DictReader(handle)}
    assert all(pap_code(t) for t in topics), [t for t in topics if not pap_code(t)]
    assert len({a.code for a in POLICY_AREAS}) == len(POLICY_AREAS)
    assert "pap.health" in related_codes("public_health") and "public_health" in related_codes("pap.health")
    assert area_match({"public_health"}, {"public_health"}) == 1.0
    assert area_match({"public_health"}, {"pap.health"}) == 0.5
    assert area_match({"housing"}, {"pap.health"}) == 0.0


def test_query_words_lose_operators_accents_and_common_words() -> None:
    assert words('Mass COVID-19 "testing" OR café* NEAR(x)') == ["mass", "covid", "19", "testing", "cafe", "near", "x"]
    assert words("what we need") == []
    assert matched_words("Drive-through COVID-19 testing sites", "tests for covid in 2019") == ["tests", "covid"]


def test_lineage_never_invents_a_teacher_and_survives_cycles() -> None:
    seoul, la = _actor("Seoul"), _actor("Los Angeles")
    adoptions = [
        _adoption("Los Angeles", "Seoul", "2020"),
        _adoption("Austin", "Los Angeles", "2021"),
        _adoption("Lahore", None, "2022"),
        _adoption("Busan", "Athens", "2021"),  # a teacher outside the tree
        _adoption("Athens", "Busan", "2021"),  # ... and a cycle in the records
    ]
    share = Share(
        id=uuid.uuid4(),
        practice_id=uuid.UUID(int=1),
        from_actor=la,
        to_actor=None,
        recipients="other US cities",
        date="2020",
        note="",
        tenant_id=TENANT,
        visibility=Visibility.PUBLIC,
    )
    tree = build_lineage(uuid.UUID(int=1), "Drive-through testing", seoul, None, adoptions, [share])
    parents = {n.label: n.parent for n in tree.nodes}
    assert parents["Seoul"] == "practice" and parents["Los Angeles"] == f"actor:{seoul.id}"
    assert parents["Austin"] == f"actor:{la.id}" and parents["Lahore"] == "practice"
    assert parents["other US cities"] == f"actor:{la.id}"
    assert {parents["Busan"], parents["Athens"]} & {"practice"}  # placed, not lost
    keys = {n.key for n in tree.nodes}
    assert all(n.parent is None or n.parent in keys for n in tree.nodes)
    assert len(tree.nodes) == 8


def test_a_request_is_overdue_after_the_end_of_its_period() -> None:
    request = HelpRequest(
        id=uuid.uuid4(),
        asker=_actor("Los Angeles"),
        title="t",
        text="t",
        policy_area=None,
        needed_by="2026-05",
        status=RequestStatus.OPEN,
        tenant_id=TENANT,
        visibility=Visibility.PRIVATE,
    )
    assert not request.is_overdue(dt.date(2026, 5, 31))
    assert request.is_overdue(dt.date(2026, 6, 1))


def test_the_hashing_embedder_is_deterministic_and_normalised() -> None:
    embedder = HashingEmbedder(64)
    a, b = embedder.embed(["drive-through testing", "drive-through testing"]), embedder.embed(["ozone layer"])
    assert np.allclose(a[0], a[1]) and np.isclose(np.linalg.norm(b[0]), 1.0)
    assert np.allclose(embedder.from_bytes(embedder.to_bytes(a[0])), a[0])
