"""The registry's questions: search, profile, touchpoints, shortest chain, channels, neighbourhood.

One service call serves the command, the API endpoint and the page.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Sequence

from proxenia.analytics.graph_index import GraphIndex, indexed_chain
from proxenia.analytics.paths import neighbourhood
from proxenia.domain.actors import Actor, ActorSummary
from proxenia.domain.countries import country_code
from proxenia.domain.errors import InvalidInput, NotFound, Problem
from proxenia.domain.kinds import ActorKind
from proxenia.domain.names import IDENTIFIER_SCHEMES
from proxenia.domain.paging import Page, PageRequest
from proxenia.domain.ties import TieType, TieView
from proxenia.domain.viewer import Viewer
from proxenia.services.downloads import ListDownload
from proxenia.services.registry_views import (
    ActorProfile,
    Chain,
    ChainStep,
    Channels,
    GraphEdge,
    NeighbourhoodView,
    RegistryStats,
    TieGroup,
    Touchpoint,
    Touchpoints,
)
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.people import PostRepository
from proxenia.store.reference_loads import ReferenceLoadRepository
from proxenia.store.tie_graph import GraphReader
from proxenia.store.ties import TieRepository, TieTypeRepository

#: The longest reference ``resolve`` reads: a name (500 characters) with a country after a comma.
RESOLVABLE_LENGTH = 600
_UUID = re.compile(r"^[0-9a-fA-F-]{32,36}$")


class RegistryService:
    def __init__(self, db: Database, graph_index: GraphIndex | None = None) -> None:
        self.db = db
        self.graph_index = graph_index or GraphIndex()

    # -- finding actors ----------------------------------------------------------------------------
    def search_actors(
        self,
        viewer: Viewer,
        query: str | None = None,
        *,
        country: str | None = None,
        kinds: Sequence[ActorKind] = (),
        resolved: bool | None = None,
        page: PageRequest | None = None,
    ) -> Page[ActorSummary]:
        page = page or PageRequest()
        items, total = self._search(viewer, query, country, kinds, resolved, page.limit, page.offset)
        return Page(items, total, page.limit, page.offset)

    def download(
        self,
        viewer: Viewer,
        query: str | None = None,
        *,
        country: str | None = None,
        kinds: Sequence[ActorKind] = (),
        resolved: bool | None = None,
        limit: int,
    ) -> ListDownload[ActorSummary, ActorSummary]:
        """The search's matches, up to ``limit``, in its order, read whole in one query: what a download holds
        (paging through it by offset would re-read the list once per page)."""
        found = self._search(viewer, query, country, kinds, resolved, limit + 1, 0)[0]
        return ListDownload.cut(found, limit, list)

    def _search(
        self,
        viewer: Viewer,
        query: str | None,
        country: str | None,
        kinds: Sequence[ActorKind],
        resolved: bool | None,
        limit: int,
        offset: int,
    ) -> tuple[list[ActorSummary], int]:
        code = country_code(country) if country else None
        with self.db.read() as conn:
            return ActorRepository(conn).search(
                viewer, query=query, country_code=code, kinds=kinds, resolved=resolved, limit=limit, offset=offset
            )

    def resolve(self, viewer: Viewer, ref: str) -> ActorSummary:
        """An actor from what a person types: a UUID, ``scheme:value`` (geonames:5368361), or a name
        with an optional country after a comma (``Los Angeles, US``): the most populous match wins."""
        text = ref.strip()
        if len(text) > RESOLVABLE_LENGTH:  # no name, identifier or id is that long: refused unread
            raise NotFound(f"no actor matches '{text[:80]}…' ({len(text):,} characters; a name has at most 500)")
        with self.db.read() as conn:
            repo = ActorRepository(conn)
            if _UUID.match(text):
                try:
                    actor_id = uuid.UUID(text)
                except ValueError:
                    actor_id = None
                if actor_id is not None:
                    actor_id = repo.redirect(actor_id) or actor_id
                    found = repo.summaries(viewer, [actor_id]).get(actor_id)
                    if found:
                        return found
                    raise NotFound(f"actor {text} was not found (or is not shared with you)")
            scheme, _, value = text.partition(":")
            if value and scheme.lower() in IDENTIFIER_SCHEMES:
                hit = repo.by_identifier(viewer, scheme.lower(), value.strip())
                if hit:
                    return hit
                raise NotFound(f"no actor has {scheme.lower()} identifier '{value.strip()}'")
            name, _, country = text.rpartition(",") if "," in text else (text, "", "")
            code = None
            if country.strip():
                try:
                    code = country_code(country)
                except InvalidInput:
                    name, code = text, None
            items, _ = repo.search(viewer, query=name.strip(), country_code=code, limit=1)
        if not items:
            raise NotFound(f"no actor matches '{ref}'")
        return items[0]

    def actor_id_for(self, viewer: Viewer, actor_id: uuid.UUID) -> uuid.UUID:
        """The current id of an actor (following merges)."""
        with self.db.read() as conn:
            return ActorRepository(conn).redirect(actor_id) or actor_id

    def actor(self, viewer: Viewer, actor_id: uuid.UUID) -> Actor:
        """One actor (following merges), with its other names and identifiers: what a read of the record
        needs, without the profile's parents, ties and posts."""
        with self.db.read() as conn:
            actors = ActorRepository(conn)
            return actors.get(viewer, actors.redirect(actor_id) or actor_id)

    def ties(self, viewer: Viewer, actor_id: uuid.UUID) -> list[TieView]:
        """Every tie of an actor the viewer may read, in the profile's order (by type, then pledges)."""
        with self.db.read() as conn:
            actors = ActorRepository(conn)
            current = actors.redirect(actor_id) or actor_id
            if current not in actors.summaries(viewer, [current]):
                raise NotFound(f"actor {actor_id} was not found (or is not shared with you)")
            views = TieRepository(conn).for_actor(viewer, current)
        pledges, others = _split_pledges(views)
        return [t for g in _group(others) for t in g.ties] + pledges

    # -- profile -------------------------------------------------------------------------------------
    def profile(self, viewer: Viewer, actor_id: uuid.UUID) -> ActorProfile:
        with self.db.read() as conn:
            actors = ActorRepository(conn)
            actor = actors.get(viewer, actor_id)
            chain: list[ActorSummary] = []
            parent_id = actor.parent_id
            while parent_id is not None and len(chain) < 6:
                parent = actors.summaries(viewer, [parent_id]).get(parent_id)
                if parent is None:
                    break
                chain.append(parent)
                parent_id = actors.get(viewer, parent.id).parent_id if parent.kind is ActorKind.REGION else None
            views = TieRepository(conn).for_actor(viewer, actor_id)
            posts = PostRepository(conn).for_organization(viewer, actor_id)
        pledges, others = _split_pledges(views)
        return ActorProfile(actor=actor, parent_chain=chain, tie_groups=_group(others), pledges=pledges, posts=posts)

    # -- country questions -----------------------------------------------------------------------------
    def touchpoints(
        self, viewer: Viewer, other_country: str, *, actor_id: uuid.UUID | None = None, country: str | None = None
    ) -> Touchpoints:
        """Every tie between an actor (or all actors of ``country``) and actors of ``other_country``."""
        other = country_code(other_country, field="other_country")
        if (actor_id is None) == (country is None):
            given = "neither was given" if actor_id is None else "both were given"
            raise InvalidInput(Problem(f"give exactly one of an actor or a country ({given})", column="actor"))
        with self.db.read() as conn:
            ties = TieRepository(conn)
            if actor_id is not None:
                subject = ActorRepository(conn).summaries(viewer, [actor_id]).get(actor_id)
                if subject is None:
                    raise NotFound(f"actor {actor_id} was not found (or is not shared with you)")
                views = ties.for_actors_to_country(viewer, actor_ids=[actor_id], from_country=None, to_country=other)
                origins = {actor_id: subject}
                label = subject.name
            else:
                code = country_code(country or "")
                views = ties.for_actors_to_country(viewer, actor_ids=None, from_country=code, to_country=other)
                ids = {v.tie.source_id if v.outgoing else v.tie.target_id for v in views}
                origins = ActorRepository(conn).summaries(viewer, ids)
                label = code
        by_type: dict[str, list[Touchpoint]] = defaultdict(list)
        for v in sorted(views, key=lambda v: (v.label, v.other.name)):
            origin = origins.get(v.tie.source_id if v.outgoing else v.tie.target_id)
            if origin is not None:
                by_type[v.label].append(Touchpoint(origin=origin, view=v))
        return Touchpoints(subject=label, other_country=other, by_type=dict(by_type))

    def channels(self, viewer: Viewer, country_a: str, country_b: str) -> Channels:
        """The subnational channels between two countries: ties whose both ends are below national level."""
        a = country_code(country_a, field="country_a")
        b = country_code(country_b, field="country_b")
        with self.db.read() as conn:
            pairs = TieRepository(conn).channels(viewer, a, b)
        by_type: dict[str, list[Touchpoint]] = defaultdict(list)
        for view, origin in sorted(pairs, key=lambda p: (p[0].label, p[1].name, p[0].other.name)):
            by_type[view.label].append(Touchpoint(origin=origin, view=view))
        return Channels(country_a=a, country_b=b, by_type=dict(by_type))

    # -- graph ---------------------------------------------------------------------------------------------
    def prepare_graph(self) -> None:
        """Read the public tie graph that shortest chains search (a server does it before it serves)."""
        with self.db.read() as conn:
            self.graph_index.current(GraphReader(conn))

    def chain(self, viewer: Viewer, start: uuid.UUID, goal: uuid.UUID, *, max_hops: int = 6) -> Chain:
        """The shortest chain of ties between two actors, through what the viewer may see."""
        with self.db.read() as conn:
            actors = ActorRepository(conn)
            ends = actors.summaries(viewer, [start, goal])
            for end in (start, goal):
                if end not in ends:
                    raise NotFound(f"actor {end} was not found (or is not shared with you)")
            graph_reader = GraphReader(conn)
            graph = self.graph_index.current(graph_reader)
            hops = indexed_chain(graph, graph_reader.extra_edges(viewer), start, goal, max_hops=max_hops)
            if hops is None:
                return Chain(start=ends[start], goal=ends[goal], steps=[], found=False)
            members = actors.summaries(viewer, [h.target for h in hops])
            types = {t.code: t for t in TieTypeRepository(conn).all(viewer)}
        steps = [ChainStep(actor=ends[start])]
        for hop in hops:
            tie_type = types.get(hop.type_code)
            label = tie_type.label if tie_type else hop.type_code
            steps.append(
                ChainStep(actor=members[hop.target], via_label=label, via_tie=hop.tie_id, via_type=hop.type_code)
            )
        return Chain(start=ends[start], goal=ends[goal], steps=steps, found=True)

    def neighbourhood(
        self, viewer: Viewer, actor_id: uuid.UUID, *, depth: int = 2, max_nodes: int = 400
    ) -> NeighbourhoodView:
        if not 1 <= depth <= 3:
            raise InvalidInput(Problem("depth must be 1, 2 or 3", column="depth"))
        with self.db.read() as conn:
            actors = ActorRepository(conn)
            root = actors.summaries(viewer, [actor_id]).get(actor_id)
            if root is None:
                raise NotFound(f"actor {actor_id} was not found (or is not shared with you)")
            ties = TieRepository(conn)
            hood = neighbourhood(lambda ids: ties.edges(viewer, ids), actor_id, depth=depth, max_nodes=max_nodes)
            summaries = actors.summaries(viewer, hood.depth_of)
            types = {t.code: t for t in TieTypeRepository(conn).all(viewer)}
            details = {t.id: t for t in ties.get_many(viewer, hood.edges)}
        nodes = [
            (summaries[i], d)
            for i, d in sorted(hood.depth_of.items(), key=lambda x: (x[1], str(x[0])))
            if i in summaries
        ]
        edges = []
        for tie_id, hop in hood.edges.items():
            tie = details.get(tie_id)
            tie_type = types.get(hop.type_code)
            if tie is None or hop.source not in summaries or hop.target not in summaries:
                continue
            edges.append(
                GraphEdge(
                    id=tie_id,
                    source=tie.source_id,
                    target=tie.target_id,
                    type_code=hop.type_code,
                    label=tie_type.label if tie_type else hop.type_code,
                    status=tie.status.value,
                    start_date=tie.start_date,
                )
            )
        return NeighbourhoodView(root=root, nodes=nodes, edges=edges, truncated=hood.truncated)

    def tie_types(self, viewer: Viewer) -> list[TieType]:
        with self.db.read() as conn:
            return TieTypeRepository(conn).all(viewer)

    # -- counts --------------------------------------------------------------------------------------------
    def stats(self, viewer: Viewer) -> RegistryStats:
        with self.db.read() as conn:
            actors = ActorRepository(conn)
            by_kind = actors.count_by_kind(viewer)
            by_type = TieRepository(conn).count_by_type(viewer)
            unresolved = actors.count_unresolved(viewer)
            load = ReferenceLoadRepository(conn).get("registry-reference")
        rows = dict(load[1].get("unresolved", {})) if load else {}
        return RegistryStats(
            actors_by_kind=by_kind, ties_by_type=by_type, unresolved_actors=unresolved, unresolved_rows=rows
        )


def _split_pledges(views: list[TieView]) -> tuple[list[TieView], list[TieView]]:
    """The actor's own pledges, and its other ties."""
    pledges = [v for v in views if v.tie.type_code == "pledge" and v.outgoing]
    return pledges, [v for v in views if not (v.tie.type_code == "pledge" and v.outgoing)]


def _group(views: list[TieView]) -> list[TieGroup]:
    groups: dict[tuple[str, str], list[TieView]] = defaultdict(list)
    for v in views:
        groups[(v.tie.type_code, v.label)].append(v)
    return [
        TieGroup(type_code=code, label=label, ties=sorted(items, key=lambda v: (v.other.name, str(v.tie.id))))
        for (code, label), items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0][1]))
    ]
