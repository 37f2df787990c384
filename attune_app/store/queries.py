"""Read queries the services and the benchmark share: a clip's tags, full-text search."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from attune_app.domain.models import SearchHit, Tag
from attune_app.store import records
from attune_app.store.fts import fts_query

_SEARCH_SOURCES = (
    ("tag", "tags_fts"),
    ("reel_item", "reel_items_fts"),
    ("reflection", "reflections_fts"),
    ("comment", "comments_fts"),
)


def tags_for_clip(
    db: Database,
    clip_id: int,
    *,
    code: str | None = None,
    author_id: int | None = None,
    text: str | None = None,
) -> list[Tag]:
    sql = "SELECT tags.* FROM tags WHERE clip_id = ?"
    params: list[Any] = [clip_id]
    if code:
        sql += (
            " AND (cue_code = ? OR response_code = ? OR EXISTS "
            "(SELECT 1 FROM json_each(tags.principle_codes) WHERE value = ?))"
        )
        params += [code, code, code]
    if author_id is not None:
        sql += " AND author_id = ?"
        params.append(author_id)
    if text:
        sql += " AND id IN (SELECT rowid FROM tags_fts WHERE tags_fts MATCH ?)"
        params.append(fts_query(text) or '""')
    sql += " ORDER BY in_frame, id"
    return records.select(db, sql, params, records.tag)


def search(db: Database, text: str, *, limit: int = 200) -> list[SearchHit]:
    """Records whose text has every word of `text` (as prefixes): for each kind (tags, reel
    items, reflections, comments) the newest `limit` matches, newest first.

    Newest-first rather than by relevance: FTS5 answers `ORDER BY rowid DESC LIMIT n` without
    ranking every match, which keeps a common word fast in a library of 100,000 notes.
    """
    query = fts_query(text)
    if not query:
        return []
    hits: list[SearchHit] = []
    for kind, table in _SEARCH_SOURCES:
        rows = db.execute(
            f"SELECT rowid, snippet({table}, 0, '[', ']', '…', 8) FROM {table} "
            f"WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?",
            [query, limit],
        ).fetchall()
        hits += [SearchHit(kind=kind, id=int(row[0]), snippet=str(row[1])) for row in rows]
    return hits
