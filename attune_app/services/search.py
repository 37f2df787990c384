"""Full-text search over tag notes, reel captions, parents' reflections and comments."""

from __future__ import annotations

from attune_app.domain.models import SearchHit
from attune_app.store import queries
from attune_app.store.library import Library


def search(library: Library, text: str, *, limit: int = 200) -> list[SearchHit]:
    """Records whose text has every word of `text` (as prefixes); per kind, newest first."""
    return queries.search(library.db, text, limit=limit)
