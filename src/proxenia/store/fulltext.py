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

from sqlalchemy import Connection, Float, Select, cast, column, func, literal_column, select, text

from proxenia.store.tables import practice_search

FTS_TABLE = "practice_fts"
#: Names the migration creates outside the MetaData (the FTS5 table, its shadow tables, the GIN index).
_SHADOWS = ("data", "idx", "content", "docsize", "config")
NOT_IN_METADATA = frozenset({FTS_TABLE, *(f"{FTS_TABLE}_{s}" for s in _SHADOWS), "ix_practice_search_fts"})
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


def words(query: str) -> list[str]:
    """Lower-case words without accents or operators, common words removed, in order, unique."""
    folded = unicodedata.normalize("NFKD", query.lower())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    found = [w for w in _WORD.findall(plain) if w not in STOP_WORDS]
    return list(dict.fromkeys(found))[:32]


def matching(conn: Connection, query: str, mode: Mode = "all") -> Select[Any] | None:
    """SELECT practice_id, rank (higher is better) of the practices matching ``query``; None if no words."""
    terms = words(query)
    if not terms:
        return None
    if conn.dialect.name == "postgresql":
        joiner = " & " if mode == "all" else " | "
        tsquery = func.to_tsquery(literal_column("'english'::regconfig"), joiner.join(terms))
        vector = func.to_tsvector(literal_column("'english'::regconfig"), practice_search.c.document)
        return select(
            practice_search.c.practice_id.label("practice_id"),
            cast(func.ts_rank(vector, tsquery), Float).label("rank"),
        ).where(vector.op("@@")(tsquery))
    joiner = " AND " if mode == "all" else " OR "
    expression = joiner.join(f'"{t}"' for t in terms)
    fts = (
        text(f"SELECT practice_id, -bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query")
        .bindparams(fts_query=expression)
        .columns(column("practice_id"), column("rank", Float))
        .subquery("fts")
    )
    return select(practice_search.c.practice_id.label("practice_id"), fts.c.rank.label("rank")).join_from(
        practice_search, fts, practice_search.c.practice_id == fts.c.practice_id
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
