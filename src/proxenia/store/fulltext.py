"""Full-text search over practices, one dialect at a time.

SQLite: an FTS5 table ``practice_fts`` (porter stemming, accents folded) kept equal to
``practice_search`` by triggers, ranked by bm25. PostgreSQL: a GIN index on
``to_tsvector('english', document)``, ranked by ``ts_rank``. Both are made by migration 0004 and are
not in the MetaData; ``include_name`` keeps Alembic's comparison from reporting them.

A query is reduced to plain words (no operators reach the engine), joined with AND (``all``: the
search box) or OR (``any``: matching a challenge to practices, where bm25 rewards the best overlap).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Float,
    Select,
    Subquery,
    Uuid,
    cast,
    column,
    func,
    literal_column,
    select,
    text,
)

from proxenia.store.tables import practice_search

FTS_TABLE = "practice_fts"
#: Names the migration creates outside the MetaData (the FTS5 table, its shadow tables, the GIN index).
_SHADOWS = ("data", "idx", "content", "docsize", "config")
#: ``practice_index_stamps`` (migration 0007) and ``practice_search_changes`` (0009) are kept by triggers
#: beside them, for the in-memory semantic and word indexes.
NOT_IN_METADATA = frozenset(
    {
        FTS_TABLE,
        *(f"{FTS_TABLE}_{s}" for s in _SHADOWS),
        "ix_practice_search_fts",
        "practice_index_stamps",
        "practice_search_changes",
        "ix_practice_search_changes_change",
    }
)
_WORD = re.compile(r"[0-9a-z]+")
#: Words too common to say anything about a practice (removed before OR-queries reach the engine).
_STOP = (
    "a an and are as at be by for from has have how in into is it its of on or our that the their this to "
    "was we were what when where which who with without need needs help want us you your"
)
STOP_WORDS = frozenset(_STOP.split())
Mode = Literal["all", "any"]


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic ``include_name`` hook: leave the dialect's full-text structures out of comparisons."""
    return name not in NOT_IN_METADATA


def all_words(text: str) -> list[str]:
    """Every lower-case word of ``text`` without accents, in order, repeats and common words kept."""
    folded = unicodedata.normalize("NFKD", text.lower())
    # ASCII has no combining marks: only other text is read character by character (documents are long)
    plain = folded if folded.isascii() else "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(plain)


def words(query: str) -> list[str]:
    """Lower-case words without accents or operators, common words removed, in order, unique."""
    return list(dict.fromkeys(w for w in all_words(query) if w not in STOP_WORDS))[:32]


def _postgres(terms: list[str], mode: Mode) -> tuple[Any, Any]:
    joiner = " & " if mode == "all" else " | "
    tsquery = func.to_tsquery(literal_column("'english'::regconfig"), joiner.join(terms))
    return func.to_tsvector(literal_column("'english'::regconfig"), practice_search.c.document), tsquery


def _fts_expression(terms: list[str], mode: Mode) -> str:
    return (" AND " if mode == "all" else " OR ").join(f'"{t}"' for t in terms)


def matching(conn: Connection, query: str, mode: Mode = "all") -> Select[Any] | None:
    """SELECT practice_id, rank (higher is better) of every practice matching ``query``; None if no words.

    It ranks every match: for a page of the best, ``best_matches`` keeps only the best in the engine."""
    terms = words(query)
    if not terms:
        return None
    if conn.dialect.name == "postgresql":
        vector, tsquery = _postgres(terms, mode)
        return select(
            practice_search.c.practice_id.label("practice_id"),
            cast(func.ts_rank(vector, tsquery), Float).label("rank"),
        ).where(vector.op("@@")(tsquery))
    fts = text(
        f"SELECT practice_id, -bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query"
    ).bindparams(fts_query=_fts_expression(terms, mode))
    ranked = fts.columns(column("practice_id"), column("rank", Float)).subquery("fts")
    return select(practice_search.c.practice_id.label("practice_id"), ranked.c.rank.label("rank")).join_from(
        practice_search, ranked, practice_search.c.practice_id == ranked.c.practice_id
    )


def best_matches(conn: Connection, query: str, mode: Mode, limit: int) -> Subquery | None:
    """A subquery of (practice_id, rank) of the best ``limit`` matches of ``query`` in the whole library,
    before any permission filter (the caller joins it to the practices it may read); None if no words.

    SQLite ranks in FTS5 and keeps the best ``limit`` by row handle alone (reading the stored practice id
    of every match would cost more than ranking it), then reads the practice ids of those it kept."""
    terms = words(query)
    if not terms:
        return None
    if conn.dialect.name == "postgresql":
        vector, tsquery = _postgres(terms, mode)
        rank = cast(func.ts_rank(vector, tsquery), Float).label("rank")
        best = select(practice_search.c.practice_id.label("practice_id"), rank).where(vector.op("@@")(tsquery))
        return best.order_by(rank.desc()).limit(limit).subquery("best")
    return (
        text(
            f"SELECT found.practice_id AS practice_id, best.rank AS rank FROM (SELECT rowid AS handle, "
            f"-bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query "
            f"ORDER BY rank DESC LIMIT :best_limit) AS best "
            f"CROSS JOIN {FTS_TABLE} AS found ON found.rowid = best.handle"
        )
        .bindparams(fts_query=_fts_expression(terms, mode), best_limit=limit)
        .columns(column("practice_id", Uuid()), column("rank", Float))
        .subquery("best")
    )


def matched_words(document: str, query: str) -> list[str]:
    """The query's words that occur in ``document`` (by prefix, roughly as stemming does), for explanations."""
    have = set(words(document))
    out = []
    for term in words(query):
        stem = term[: min(6, max(4, len(term) - 3))]  # roughly what stemming keeps: test(s|ing), hospit(al|als)
        if term in have or (term.isalpha() and len(term) >= 4 and any(w.startswith(stem) for w in have)):
            out.append(term)
    return out
