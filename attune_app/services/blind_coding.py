"""Blind double coding: a second coder codes a clip without seeing the other coders' tags.

While the library's actor codes a clip blind, `visible_tags` gives only their own tags on it;
the tag list and the timeline show those. The choice is stored per clip and person, so it
holds when the clip is opened again, and each start and end is audited.
"""

from __future__ import annotations

from attune_app.domain.models import Tag
from attune_app.services.clips import get_clip
from attune_app.services.tags import list_tags
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library


def is_blind(library: Library, clip_id: int, person_id: int | None = None) -> bool:
    """Whether `person_id` (default: the actor) codes this clip blind."""
    person = library.actor if person_id is None else person_id
    if person is None:
        return False
    row = library.db.execute(
        "SELECT 1 FROM blind_codings WHERE clip_id = ? AND person_id = ?", [clip_id, person]
    ).fetchone()
    return row is not None


def set_blind(library: Library, clip_id: int, blind: bool) -> bool:
    """Start or end coding this clip blind, for the actor; returns whether anything changed."""
    if library.actor is None:
        raise InvalidChangeError("Say who is coding first: blind coding is per person.")
    get_clip(library, clip_id)
    if is_blind(library, clip_id) == blind:
        return False
    with library.transaction() as db:
        if blind:
            db.execute(
                "INSERT INTO blind_codings (clip_id, person_id, started_at) VALUES (?, ?, ?)",
                [clip_id, library.actor, now_iso()],
            )
        else:
            db.execute(
                "DELETE FROM blind_codings WHERE clip_id = ? AND person_id = ?",
                [clip_id, library.actor],
            )
        library.audit("start_blind_coding" if blind else "end_blind_coding", "clip", clip_id, {})
    return True


def visible_tags(
    library: Library,
    clip_id: int,
    *,
    code: str | None = None,
    author_id: int | None = None,
    text: str | None = None,
) -> list[Tag]:
    """The clip's tags the actor may see now: all of them, or only their own when blind (a
    filter by another author then finds nothing)."""
    if is_blind(library, clip_id):
        if author_id is not None and author_id != library.actor:
            return []
        author_id = library.actor
    return list_tags(library, clip_id, code=code, author_id=author_id, text=text)
