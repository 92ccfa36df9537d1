"""The people directory on SQLite and PostgreSQL: search by name, pages, posts, a CSV of every match, a
person's page with the engagements they took part in — only what the reader may read, in a fixed number
of queries whatever the page holds."""

from __future__ import annotations

import csv
import datetime as dt
import io

from fastapi.testclient import TestClient

from proxenia.domain.engagements import EngagementDraft, EngagementKind, Participant
from proxenia.domain.kinds import Visibility
from proxenia.domain.people import PersonDraft, PostDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import LOS_ANGELES, SEOUL
from tests.government import build_government


def test_the_directory_lists_searches_and_pages_people(client: TestClient, services: Services) -> None:
    gov = build_government(services)
    la, seoul = gov.reg.city(LOS_ANGELES), gov.reg.city(SEOUL)
    mayor = services.edits.create_person(gov.admin, PersonDraft(name="Karen Bass", visibility=Visibility.PUBLIC))
    services.edits.create_post(gov.admin, PostDraft(person_id=mayor, organization_id=la, role="Mayor",
                                                    start_date="2022-12", visibility=Visibility.PUBLIC))
    services.edits.create_person(gov.admin, PersonDraft(name="Karen Hidden", visibility=Visibility.PRIVATE))
    for i in range(27):
        services.edits.create_person(gov.admin, PersonDraft(name=f"Zq Envoy {i:02d}", visibility=Visibility.PUBLIC))
    services.engagements.log(gov.editor, EngagementDraft(
        kind=EngagementKind.MEETING, title="Mayors' call on heat", start_date=dt.date(2026, 5, 1),
        department_id=gov.departments["intl"], participants=(Participant(actor_id=seoul),
                                                             Participant(person_id=mayor)),
        visibility=Visibility.PUBLIC))

    page = client.get("/people?q=karen")
    assert page.status_code == 200
    assert "Karen Bass" in page.text and "Mayor" in page.text and "Los Angeles" in page.text
    assert "Karen Hidden" not in page.text  # private to Los Angeles
    first, second = client.get("/people?q=zq"), client.get("/people?q=zq&page=2")
    assert "Showing 1–25 of 27" in first.text and "Zq Envoy 25" in second.text and "Zq Envoy 00" not in second.text
    rows = list(csv.reader(io.StringIO(client.get("/people.csv?q=zq").content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 27 and rows[0] == ["id", "name", "posts", "sharing"]

    profile = client.get(f"/people/{mayor}")
    assert profile.status_code == 200 and "Engagements (1)" in profile.text
    assert "Mayors&#39; call on heat" in profile.text
    assert client.get(f"/people/{services.people.directory(gov.admin, 'karen hidden').items[0].person.id}"
                      ).status_code == 404
    assert 'href="/people?q=karen"' in client.get("/search?q=karen").text


def test_a_page_of_people_costs_the_same_queries_however_many_posts(services: Services) -> None:
    gov = build_government(services)
    la = gov.reg.city(LOS_ANGELES)
    reader = Viewer.anonymous()

    def add(count: int) -> None:
        for i in range(count):
            person = services.edits.create_person(gov.admin, PersonDraft(name=f"Zq Officer {i}",
                                                                         visibility=Visibility.PUBLIC))
            services.edits.create_post(gov.admin, PostDraft(person_id=person, organization_id=la, role="Officer",
                                                            visibility=Visibility.PUBLIC))

    add(2)
    with services.db.count_queries() as few:
        small = services.people.directory(reader, "zq")
    add(10)
    with services.db.count_queries() as many:
        large = services.people.directory(reader, "zq")
    assert small.total == 2 and large.total == 12 and all(p.posts for p in large.items)
    assert many.count == few.count <= 4, many.statements  # people, the count, their posts: none per person
