"""Searching practices: full text with filters (the store's dialect ranking), or semantic similarity
when the [semantic] extra is installed, the full-text ranking serving whenever it is not."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from proxenia.analytics.embedders import Embedder
from proxenia.analytics.kept_reads import PRACTICE_READS, KeptReads
from proxenia.analytics.practice_words import PracticeWordIndex
from proxenia.domain.countries import optional_country_code
from proxenia.domain.errors import InvalidInput, Problem
from proxenia.domain.paging import PageRequest
from proxenia.domain.policy_areas import area_codes
from proxenia.domain.practices import PracticeFilter
from proxenia.domain.progress import ProgressReporter, SilentProgress
from proxenia.domain.viewer import Viewer
from proxenia.services.downloads import ListDownload
from proxenia.services.practices.semantic_index import Ranked, SemanticIndex
from proxenia.services.practices.views import PracticeHit, PracticeSearchResult
from proxenia.store.database import Connection, Database
from proxenia.store.fulltext import matched_words, words
from proxenia.store.practice_queries import PracticeQuery
from proxenia.store.practice_vectors import NO_KEYS, PracticeVectors
from proxenia.store.practices import PracticeRepository

Ranking = Literal["auto", "fulltext", "semantic"]
#: Cosine similarity below which a practice is not a semantic hit (unless its words match too).
SIMILARITY_FLOOR = 0.25
WORD_MATCH_BONUS = 0.1
#: The bonus goes to at most this many practices having every word (the library's best matches by BM25, if
#: more have them).
WORD_MATCHES = 10_000
#: Stale vectors embedded during a search; more than this waits for an explicit build.
INLINE_EMBEDDINGS = 32


def checked_filter(f: PracticeFilter) -> PracticeFilter:
    """The filter with its policy areas and country as stored (``Public_Health`` and ``fr`` are read as
    ``public_health`` and ``FR``); an unknown area or country is an error naming what is accepted, not an
    empty result."""
    return replace(f, policy_areas=area_codes(f.policy_areas, field="area"),
                   country_code=optional_country_code(f.country_code, field="country"))


class PracticeSearchService:
    def __init__(self, db: Database, embedder: Embedder | None = None, words: PracticeWordIndex | None = None) -> None:
        self.db = db
        self.embedder = embedder
        self.words = words or PracticeWordIndex(db)
        # the keys a viewer may read under a filter, kept until a practice, an actor, an adoption or sharing is written
        self._readable = KeptReads(
            db, lambda conn, viewer, f: PracticeVectors(conn).readable_keys(viewer, f), kinds=PRACTICE_READS
        )
        self._lock = threading.Lock()
        self._indexes: dict[str, SemanticIndex] = {}  # by model, built on first use
        self._fresh: dict[str, tuple[int, int]] = {}  # by model: the stamps when no vector was stale

    @property
    def semantic(self) -> bool:
        return self.embedder is not None

    def search(
        self, viewer: Viewer, f: PracticeFilter, page: PageRequest | None = None, *, ranking: Ranking = "auto"
    ) -> PracticeSearchResult:
        page = page or PageRequest()
        f = checked_filter(f)
        embedder = self._ranking_embedder(f, ranking)
        if embedder is not None:
            return self._semantic(viewer, f, page, embedder)
        result = self._fulltext(viewer, f, page)
        if f.query.strip() and self.embedder is not None and ranking == "auto":
            note = "Ranking by meaning starts once the practices are embedded (proxenia practices embed)."
            result = replace(result, notes=(*result.notes, note))
        return result

    def download(
        self, viewer: Viewer, f: PracticeFilter, *, limit: int
    ) -> ListDownload[tuple[uuid.UUID, float], PracticeHit]:
        """What :meth:`search` finds (ranked as the library ranks it), in its order, up to ``limit``, for a
        download (see :mod:`...downloads`): the ranking is read once, the practices a batch at a time."""
        f = checked_filter(f)
        embedder = self._ranking_embedder(f, "auto")
        if embedder is not None:
            hits = self._semantic_ranking(viewer, f, embedder).window(0, limit + 1)
        else:
            with self.db.read() as conn:
                hits, _, _ = self._fulltext_hits(PracticeQuery(conn), viewer, f, limit + 1, 0, count=False)

        def fill(batch: Sequence[tuple[uuid.UUID, float]]) -> list[PracticeHit]:
            with self.db.read() as conn:
                return self._hydrate(conn, viewer, list(batch), f.query)

        return ListDownload.cut(hits, limit, fill)

    def _ranking_embedder(self, f: PracticeFilter, ranking: Ranking) -> Embedder | None:
        """The embedder that ranks this search by meaning, or ``None`` for the full-text ranking: ``auto``
        ranks a query by meaning once the index is built; ``semantic`` builds it now, however long."""
        if ranking == "semantic" and self.embedder is None:
            raise InvalidInput(
                Problem(
                    "semantic ranking needs the [semantic] extra (pip install proxenia[semantic])", column="ranking"
                )
            )
        if not f.query.strip() or self.embedder is None or ranking == "fulltext":
            return None
        if ranking == "semantic":
            self.refresh_embeddings(self.embedder)
            return self.embedder
        return self.embedder if self.index_ready(self.embedder) else None

    # -- full text ------------------------------------------------------------------------------------------
    def _fulltext(self, viewer: Viewer, f: PracticeFilter, page: PageRequest) -> PracticeSearchResult:
        with self.db.read() as conn:
            hits, total, notes = self._fulltext_hits(PracticeQuery(conn), viewer, f, page.limit, page.offset)
            items = self._hydrate(conn, viewer, hits, f.query)
        ranking = "fulltext" if f.query.strip() else "recent"
        return PracticeSearchResult(items, total, page.limit, page.offset, ranking, notes)

    @staticmethod
    def _fulltext_hits(
        queries: PracticeQuery, viewer: Viewer, f: PracticeFilter, limit: int, offset: int, *, count: bool = True
    ) -> tuple[list[tuple[uuid.UUID, float]], int, tuple[str, ...]]:
        """(id, rank) of the page, the total (-1 if not counted) and notes: a query of several words that no
        practice has all of is answered by the practices with some of them, and says so."""
        hits, total = queries.search(viewer, f, limit=limit, offset=offset, mode="all", count=count)
        nothing = total == 0 if count else not hits and offset == 0
        if f.query.strip() and nothing and len(words(f.query)) > 1:
            hits, total = queries.search(viewer, f, limit=limit, offset=offset, mode="any", count=count)
            return hits, total, ("No practice has all of these words; these have some of them, best matches first.",)
        return hits, total, ()

    def _hydrate(
        self, conn: Connection, viewer: Viewer, hits: list[tuple[uuid.UUID, float]], query: str
    ) -> list[PracticeHit]:
        repo = PracticeRepository(conn)
        ids = [h[0] for h in hits]
        found = repo.summaries(viewer, ids)
        documents = repo.documents(viewer, ids) if query.strip() else {}
        return [
            PracticeHit(found[i], rank, tuple(matched_words(documents.get(i, ""), query)))
            for i, rank in hits
            if i in found
        ]

    # -- semantic -------------------------------------------------------------------------------------------
    def refresh_embeddings(self, embedder: Embedder | None = None, progress: ProgressReporter | None = None) -> int:
        """Embed the practices whose vectors are missing or stale (index maintenance); returns how many."""
        embedder = embedder or self.embedder
        if embedder is None:
            return 0
        progress = progress or SilentProgress()
        with self._lock:
            with self.db.read() as conn:
                stamps = PracticeVectors(conn).stamps()
                if self._fresh.get(embedder.model) == stamps:  # neither documents nor vectors changed since
                    return 0
                stale = PracticeQuery(conn).stale_embeddings(embedder.model)
            if not stale:
                self._fresh[embedder.model] = stamps
                return 0
            progress.start(f"Embedding practices with {embedder.model}", len(stale))
            rows: list[tuple[uuid.UUID, str, bytes]] = []
            for start in range(0, len(stale), 256):
                batch = stale[start : start + 256]
                progress.advance(len(batch))
                vectors = embedder.embed([doc for _, doc, _ in batch])
                rows.extend(
                    (pid, digest, embedder.to_bytes(v)) for (pid, _, digest), v in zip(batch, vectors, strict=True)
                )
            with self.db.begin() as conn:
                PracticeQuery(conn).store_embeddings(embedder.model, rows)
            progress.finish()
            return len(rows)

    def index_ready(self, embedder: Embedder) -> bool:
        """Are the vectors fresh? A few stale ones (new or edited practices) are embedded at once; a whole
        library waits for ``proxenia practices embed`` (or ``ranking=semantic``), so no page stalls on it."""
        with self.db.read() as conn:
            stamps = PracticeVectors(conn).stamps()
            if self._fresh.get(embedder.model) == stamps:
                return True
            stale = PracticeQuery(conn).count_stale(embedder.model)
        if not stale:
            self._fresh[embedder.model] = stamps
        if stale > INLINE_EMBEDDINGS:
            return False
        if stale:
            self.refresh_embeddings(embedder)
        return True

    def _semantic(
        self, viewer: Viewer, f: PracticeFilter, page: PageRequest, embedder: Embedder
    ) -> PracticeSearchResult:
        ranked = self._semantic_ranking(viewer, f, embedder)
        window = ranked.window(page.offset, page.limit)
        with self.db.read() as conn:
            items = self._hydrate(conn, viewer, window, f.query)
        return PracticeSearchResult(items, len(ranked), page.limit, page.offset, "semantic")

    def _semantic_ranking(self, viewer: Viewer, f: PracticeFilter, embedder: Embedder) -> Ranked:
        """Every practice the viewer may read and the filter keeps, closest in meaning first."""
        index = self._index(embedder)
        readable = self._readable.get(viewer, replace(f, query=""))
        word_matches = self.words.having_every_word(f.query, WORD_MATCHES) if f.query.strip() else NO_KEYS
        return index.rank(
            embedder.embed([f.query])[0], readable, word_matches, floor=SIMILARITY_FLOOR, bonus=WORD_MATCH_BONUS
        )

    def _index(self, embedder: Embedder) -> SemanticIndex:
        with self._lock:
            index = self._indexes.get(embedder.model)
            if index is None or index.embedder is not embedder:
                index = self._indexes[embedder.model] = SemanticIndex(self.db, embedder)
            return index

    def similar(self, viewer: Viewer, practice_id: uuid.UUID, limit: int = 5) -> list[PracticeHit]:
        """Practices like this one: by meaning when the extra is installed, otherwise by shared words."""
        with self.db.read() as conn:
            practice = PracticeRepository(conn).get(viewer, practice_id)
        text = " ".join([practice.title, practice.summary, practice.problem])[:2000]
        f = PracticeFilter(query=text)
        if self.embedder is not None and self.index_ready(self.embedder):
            result = self._semantic(viewer, f, PageRequest(limit=limit + 1), self.embedder)
        else:
            with self.db.read() as conn:
                hits, _ = PracticeQuery(conn).search(viewer, f, limit=limit + 1, mode="any")
                items = self._hydrate(conn, viewer, hits, "")
            result = PracticeSearchResult(items, len(items), limit + 1, 0, "fulltext")
        return [h for h in result.items if h.practice.id != practice_id][:limit]
