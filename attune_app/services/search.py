"""Full-text search over tag notes, reel captions, parents' reflections and comments."""

from __future__ import annotations

from attune_app.domain.models import SearchHit
from attune_app.store.fts import fts_query
from attune_app.store.library import Library

_SOURCES = (
    ("tag", "tags_fts"),
    ("reel_item", "reel_items_fts"),
    ("reflection", "reflections_fts"),
    ("comment", "comments_fts"),
)


def search(library: Library, text: str, *, limit: int = 200) -> list[SearchHit]:
    """Records whose text matches every word of `text` (as prefixes), best matches first."""
    query = fts_query(text)
    if not query:
        return []
    parts = [
        f"SELECT '{kind}' AS kind, rowid AS id, snippet({table}, 0, '[', ']', '…', 8) AS snip, "
        f"rank FROM {table} WHERE {table} MATCH :q"
        for kind, table in _SOURCES
    ]
    sql = " UNION ALL ".join(parts) + " ORDER BY rank LIMIT :limit"
    rows = library.db.execute(sql, {"q": query, "limit": limit}).fetchall()
    return [SearchHit(kind=row[0], id=int(row[1]), snippet=str(row[2])) for row in rows]
