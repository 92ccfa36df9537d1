"""The people directory: everyone the viewer may read, searchable by name, each with their posts (the roles
they hold in organisations), and a person's page with the engagements they took part in."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from proxenia.domain.engagements import EngagementFilter, EngagementSummary
from proxenia.domain.paging import Page, PageRequest
from proxenia.domain.people import Person, Post
from proxenia.domain.viewer import Viewer
from proxenia.services.downloads import ListDownload
from proxenia.store.database import Database
from proxenia.store.engagements import EngagementRepository
from proxenia.store.people import PersonRepository, PostRepository


@dataclass(frozen=True)
class PersonListing:
    person: Person
    posts: list[Post] = field(default_factory=list)


@dataclass(frozen=True)
class PersonProfile:
    person: Person
    posts: list[Post]
    engagements: Page[EngagementSummary]


class PeopleService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def directory(self, viewer: Viewer, query: str = "", page: PageRequest | None = None) -> Page[PersonListing]:
        """People by name (a prefix of any word, accents and case ignored), a page at a time, with their posts."""
        page = page or PageRequest()
        with self.db.read() as conn:
            people = PersonRepository(conn)
            found = people.search(viewer, query, limit=page.limit, offset=page.offset)
            total = people.count(viewer, query)
            posts = PostRepository(conn).for_people(viewer, [p.id for p in found])
        return Page([PersonListing(p, posts[p.id]) for p in found], total, page.limit, page.offset)

    def directory_download(self, viewer: Viewer, query: str = "", *, limit: int) -> ListDownload[Person, PersonListing]:
        """The directory's matches in its order, up to ``limit``, for a download (see :mod:`.downloads`)."""
        with self.db.read() as conn:
            found = PersonRepository(conn).search(viewer, query, limit=limit + 1)

        def fill(batch: Sequence[Person]) -> list[PersonListing]:
            with self.db.read() as conn:
                posts = PostRepository(conn).for_people(viewer, [p.id for p in batch])
            return [PersonListing(p, posts[p.id]) for p in batch]

        return ListDownload.cut(found, limit, fill)

    def profile(self, viewer: Viewer, person_id: uuid.UUID, page: PageRequest | None = None) -> PersonProfile:
        with self.db.read() as conn:
            person = PersonRepository(conn).get(viewer, person_id)
            posts = PostRepository(conn).for_person(viewer, person_id)
            page = page or PageRequest()
            items, total = EngagementRepository(conn).search(viewer, EngagementFilter(person_id=person_id),
                                                             limit=page.limit, offset=page.offset)
        return PersonProfile(person, posts, Page(items, total, page.limit, page.offset))
