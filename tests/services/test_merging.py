"""Merging a duplicate actor into its survivor keeps every record that pointed to the duplicate — engagements,
the portfolio's home place, adoptions — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from proxenia.domain.actors import ActorDraft
from proxenia.domain.errors import NotFound
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import BUSAN
from tests.government import build_government


def test_a_merge_moves_engagements_and_settings_to_the_survivor(services: Services) -> None:
    gov = build_government(services)
    system = Viewer.system("tests")
    duplicate = services.edits.create_actor(
        system, ActorDraft(kind=ActorKind.CITY, name="Pusan", country_code="KR", visibility=Visibility.PUBLIC)
    )
    busan = gov.reg.city(BUSAN)
    both = gov.log("Port call with both spellings", dt.date(2026, 3, 1), actors=(busan, duplicate))
    only = gov.log("Port call under the old spelling", dt.date(2026, 3, 2), actors=(duplicate,))
    services.portfolio.save_settings(gov.admin, home_actor_id=duplicate)  # a wrong home, to be moved too

    moved = services.edits.merge_actors(system, busan, duplicate)

    assert moved["engagement_participants.actor_id"] == 2 and moved["portfolio_settings.home_actor_id"] == 1
    assert [p.actor_id for p in services.engagements.get(gov.viewer, only).participants] == [busan]
    assert [p.actor_id for p in services.engagements.get(gov.viewer, both).participants] == [busan, busan]
    assert services.portfolio.settings(gov.viewer).home_actor_id == busan
    with pytest.raises(NotFound):
        services.registry.profile(gov.viewer, duplicate)


def test_identifiers_listed_twice_or_empty_are_refused_by_field(services: Services) -> None:
    from proxenia.domain.actors import Identifier
    from proxenia.domain.errors import Conflict, InvalidInput

    build_government(services)  # the reference tenant and a small real registry
    system = Viewer.system("tests")
    twice = ActorDraft(kind=ActorKind.CITY, name="Somewhere", country_code="FR",
                       identifiers=(Identifier("wikidata", "Q90"), Identifier("wikidata", "Q90"), Identifier("", "")))
    with pytest.raises(InvalidInput) as refused:
        services.edits.create_actor(system, twice)
    assert [p.column for p in refused.value.problems] == ["identifiers[1]", "identifiers[2]"]
    services.edits.create_actor(system, ActorDraft(kind=ActorKind.CITY, name="Paris", country_code="FR",
                                                   identifiers=(Identifier("wikidata", "Q90"),)))
    with pytest.raises(Conflict):
        services.edits.create_actor(system, ActorDraft(kind=ActorKind.CITY, name="Paris again", country_code="FR",
                                                       identifiers=(Identifier("wikidata", "Q90"),)))
