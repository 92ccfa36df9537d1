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
