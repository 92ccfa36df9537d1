"""The transferability engine wired into recommendations, on SQLite and PostgreSQL: trained on the
database's adoption history, it ranks who adopts a practice next with explanations in words, reads
only what the viewer may read, and the text-match provider serves until a model is trained."""

from __future__ import annotations

import json
import random
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from proxenia.config import Settings
from proxenia.domain.adoptions import AdoptionDraft
from proxenia.domain.errors import NotFound
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.practices import PracticeDraft, PracticeStatus
from proxenia.domain.recommendations import Challenge
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services, build_services
from tests.factories import (
    ATHENS,
    AUSTIN,
    BUSAN,
    CHENGDU,
    GUANGZHOU,
    IRVINE,
    LAHORE,
    LOS_ANGELES,
    MILAN,
    SAO_PAULO,
    SEOUL,
    SmallRegistry,
    build_small_registry,
    make_tenant,
    viewer_for,
)

ANON = Viewer.anonymous()
#: The order in which governments tend to take practices up (each practice shuffles it a little).
CHAIN = (SEOUL, LOS_ANGELES, IRVINE, AUSTIN, BUSAN, ATHENS, MILAN, SAO_PAULO, GUANGZHOU, CHENGDU, LAHORE)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def build_history(services: Services) -> dict[str, uuid.UUID]:
    """The small real registry and a public adoption history on it: ten practices spreading along CHAIN
    (2000–2015), and drive-through testing, adopted by Seoul (2020) and Los Angeles (2021)."""
    reg = build_small_registry(services)
    author = Viewer.system("tests")
    out: dict[str, uuid.UUID] = {}

    def practice(key: str, title: str, area: str) -> uuid.UUID:
        out[key] = services.practices.create(
            author,
            PracticeDraft(
                title=title, summary=title, policy_areas=(area,), visibility=Visibility.PUBLIC,
                status=PracticeStatus.PUBLISHED,
            ),
        )
        return out[key]

    def adopt(practice_id: uuid.UUID, city: int, year: int) -> None:
        services.adoptions.record(
            author,
            AdoptionDraft(practice_id=practice_id, adopter_id=reg.city(city), date=str(year),
                          visibility=Visibility.PUBLIC),
        )

    for k in range(10):
        pid = practice(f"p{k}", f"Municipal programme number {k}", ("public_health", "pap.environment")[k % 2])
        rng = random.Random(k)
        order = sorted(range(len(CHAIN)), key=lambda i: i + rng.uniform(-2.0, 2.0))
        for position, i in enumerate(order[: 6 + k % 5]):
            adopt(pid, CHAIN[i], 2000 + k + position // 2)
    testing = practice("testing", "Drive-through COVID-19 testing sites", "public_health")
    adopt(testing, SEOUL, 2020)
    adopt(testing, LOS_ANGELES, 2021)
    return out


@pytest.fixture
def engine_services(database_url: str, tmp_path: Path) -> Iterator[Services]:
    settings = Settings(
        database_url=database_url, environment="test", secret_key="test-secret-" + "x" * 32,
        data_dir=tmp_path / "data", semantic_search=False,
    )
    built = build_services(settings)
    try:
        yield built
    finally:
        built.close()


def test_the_text_match_serves_until_a_model_is_trained(engine_services: Services) -> None:
    cases = build_history(engine_services)
    challenge = Challenge(text="drive-through testing", actor_id=SmallRegistry(engine_services).city(IRVINE))
    assert not engine_services.engine.trained
    assert engine_services.recommendations.recommend(ANON, challenge).provider == "text-match"
    running = engine_services.recommendations  # a server started before any model was trained
    report = engine_services.engine.train()
    assert report.governments == 11 and report.practices == 11 and report.adoptions == 80 + 2
    assert report.events > 0 and {w.name for w in report.weights} >= {"pathway", "neighbours"}
    assert running.recommend(ANON, challenge).provider == "transferability-engine"  # no restart needed
    ranked = running.next_adopters(ANON, cases["testing"])
    assert ranked and all(r.factors for r in ranked)
    # a model saved by an older version (other features) is set aside, not a crash: the text match answers
    path = engine_services.engine.model_path
    saved = json.loads(path.read_text())
    saved["model"]["features"] = saved["model"]["features"][:-1]
    path.write_text(json.dumps(saved))
    assert running.recommend(ANON, challenge).provider == "text-match"


def test_who_adopts_next_comes_with_reasons_in_words(engine_services: Services) -> None:
    services = engine_services
    cases = build_history(services)
    services.engine.train()
    services.engine.plug_into(services.recommendations)
    ranked = services.recommendations.next_adopters(ANON, cases["testing"], limit=20)
    names = [r.actor.name for r in ranked]
    assert "Seoul" not in names and "Los Angeles" not in names and len(names) == 9
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    for r in ranked:
        assert r.factors[0].code == "engine" and "chance of adopting it in 2022" in r.factors[0].detail
        assert len(r.factors) >= 2 and all(f.detail and f.label for f in r.factors)
        assert not any(_UUID.search(f.detail) for f in r.factors)  # governments are named, never by id
    codes = {f.code for r in ranked for f in r.factors}
    assert codes & {"pathway", "neighbours", "proximity", "peer_similarity", "innovativeness", "related_practices"}


def test_the_engine_reads_only_what_the_viewer_may_read(engine_services: Services) -> None:
    services = engine_services
    cases = build_history(services)
    reg = SmallRegistry(services)
    la_tenant = make_tenant(services, "los-angeles")
    la = viewer_for(services, la_tenant, Role.EDITOR, "la-editor")
    # Los Angeles's own records: Austin's adoption of testing, and a practice of its own (both private).
    adoption = services.adoptions.record(
        la, AdoptionDraft(practice_id=cases["testing"], adopter_id=reg.city(AUSTIN), date="2021")
    )
    secret = services.practices.create(la, PracticeDraft(title="Secret plan", originator_id=reg.city(LOS_ANGELES)))
    services.engine.train()  # learns from everything the installation holds
    services.engine.plug_into(services.recommendations)
    public = [r.actor.name for r in services.recommendations.next_adopters(ANON, cases["testing"], limit=20)]
    own = [r.actor.name for r in services.recommendations.next_adopters(la, cases["testing"], limit=20)]
    assert "Austin" in public  # the private adoption is not seen by the public...
    assert "Austin" not in own  # ...but Los Angeles knows Austin has adopted it
    with pytest.raises(NotFound):
        services.recommendations.next_adopters(ANON, secret)
    # the history is kept between queries, but never past a change: made public, the adoption counts at once
    services.adoptions.update(la, adoption, None, {"visibility": "public"})
    public = [r.actor.name for r in services.recommendations.next_adopters(ANON, cases["testing"], limit=20)]
    assert "Austin" not in public


def test_a_government_and_a_challenge_get_practices_with_their_chance_of_transfer(
    engine_services: Services,
) -> None:
    services = engine_services
    build_history(services)
    reg = SmallRegistry(services)
    services.engine.train()
    answer = services.recommendations.recommend(
        ANON, Challenge(text="drive-through testing", policy_areas=("public_health",), actor_id=reg.city(IRVINE))
    )
    assert answer.provider == "transferability-engine"
    top = answer.practices[0]
    assert top.practice.title == "Drive-through COVID-19 testing sites"
    codes = [f.code for f in top.factors]
    assert "topic" in codes and "transfer" in codes
    transfer = next(f for f in top.factors if f.code == "transfer")
    assert "Irvine" in transfer.detail and "2022" in transfer.detail
    assert {p.actor.name for p in answer.peers} >= {"Seoul", "Los Angeles"}
    assert "Irvine" not in [p.actor.name for p in answer.peers]
    assert any("transferability engine" in note for note in answer.notes)
