"""Tagging moments: add, edit, delete and undo a delete. Each call is one transaction."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import Any

from attune_app.domain.models import Clip, Tag, TagChange
from attune_app.services.schemes import check_codes
from attune_app.store import audit, queries, records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library

EDITABLE_FIELDS = (
    "in_frame",
    "out_frame",
    "cue_frame",
    "cue_code",
    "response_frame",
    "response_code",
    "principle_codes",
    "rating",
    "note",
)


def add_tag(
    library: Library,
    clip_id: int,
    *,
    in_frame: int,
    out_frame: int,
    cue_frame: int | None = None,
    cue_code: str | None = None,
    response_frame: int | None = None,
    response_code: str | None = None,
    principle_codes: Iterable[str] = (),
    rating: int | None = None,
    note: str = "",
) -> Tag:
    now = now_iso()
    draft = Tag(
        id=0,
        clip_id=clip_id,
        in_frame=in_frame,
        out_frame=out_frame,
        cue_frame=cue_frame,
        cue_code=cue_code or None,
        response_frame=response_frame,
        response_code=response_code or None,
        principle_codes=tuple(principle_codes),
        rating=rating,
        note=note,
        author_id=library.actor,
        created_at=now,
        updated_at=now,
    )
    with library.transaction() as db:
        _check(library, draft)
        values = records.tag_row(draft)
        del values["id"]
        tag_id = records.insert(db, "tags", values)
        library.audit("add_tag", "tag", tag_id, _audit_values(draft))
    return dataclasses.replace(draft, id=tag_id)


def update_tag(library: Library, tag_id: int, **changes: Any) -> TagChange:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidChangeError(
            f"These tag fields cannot be changed: {', '.join(sorted(unknown))}."
        )
    if "principle_codes" in changes:
        changes["principle_codes"] = tuple(changes["principle_codes"])
    with library.transaction() as db:
        before = get_tag(library, tag_id)
        after = dataclasses.replace(before, **changes, updated_at=now_iso())
        _check(library, after)
        values = records.tag_row(after)
        records.update(db, "tags", tag_id, {k: values[k] for k in (*changes, "updated_at")})
        old, new = _audit_values(before), _audit_values(after)
        library.audit(
            "update_tag",
            "tag",
            tag_id,
            {"before": {k: old[k] for k in changes}, "after": {k: new[k] for k in changes}},
        )
    return TagChange(before, after)


def delete_tag(library: Library, tag_id: int) -> Tag:
    """Delete a tag; reel items and comments made from it keep their content but lose the link.

    The audit entry lists the rows unlinked, so `restore_tag` can link them again.
    """
    with library.transaction() as db:
        tag = get_tag(library, tag_id)
        links = {table: _linked_ids(library, table, column, tag_id) for table, column in _LINKS}
        records.delete(db, "tags", tag_id)
        library.audit("delete_tag", "tag", tag_id, {**_audit_values(tag), "unlinked": links})
    return tag


def restore_tag(library: Library, tag: Tag) -> Tag:
    """Undo of `delete_tag`: put the tag back with the same id, and link again the reel items
    and comments its deletion unlinked (those that still exist and were not relinked since)."""
    with library.transaction() as db:
        _check(library, tag)
        records.insert(db, "tags", records.tag_row(tag))
        relinked = _relink(library, tag.id)
        library.audit("restore_tag", "tag", tag.id, {**_audit_values(tag), "relinked": relinked})
    return tag


# Rows that point at a tag, with `ON DELETE SET NULL`: (table, column).
_LINKS = (("reel_items", "source_tag_id"), ("comments", "tag_id"))


def _linked_ids(library: Library, table: str, column: str, tag_id: int) -> list[int]:
    rows = library.db.execute(f"SELECT id FROM {table} WHERE {column} = ? ORDER BY id", [tag_id])
    return [int(row[0]) for row in rows.fetchall()]


def _relink(library: Library, tag_id: int) -> dict[str, list[int]]:
    """Point the rows unlinked by the tag's latest deletion at it again (in a transaction)."""
    entries = audit.entries_for(library.db, "tag", tag_id)
    deletions = [e for e in entries if e.action == "delete_tag"]
    unlinked = deletions[-1].details.get("unlinked", {}) if deletions else {}
    relinked: dict[str, list[int]] = {}
    for table, column in _LINKS:
        ids = [int(i) for i in unlinked.get(table, [])]
        relinked[table] = [i for i in ids if _link_if_free(library, table, column, i, tag_id)]
    return relinked


def _link_if_free(library: Library, table: str, column: str, row_id: int, tag_id: int) -> bool:
    cursor = library.db.execute(
        f"UPDATE {table} SET {column} = ? WHERE id = ? AND {column} IS NULL", [tag_id, row_id]
    )
    return cursor.rowcount == 1


def get_tag(library: Library, tag_id: int) -> Tag:
    return records.get(library.db, "tags", tag_id, records.tag)


def list_tags(
    library: Library,
    clip_id: int,
    *,
    code: str | None = None,
    author_id: int | None = None,
    text: str | None = None,
) -> list[Tag]:
    """A clip's tags in time order; optionally only those with a code, author or text."""
    return queries.tags_for_clip(library.db, clip_id, code=code, author_id=author_id, text=text)


def _check(library: Library, tag: Tag) -> None:
    clip = records.get(library.db, "clips", tag.clip_id, records.clip)
    if not 0 <= tag.in_frame <= tag.out_frame:
        raise InvalidChangeError(
            f"A tag's in frame ({tag.in_frame}) must be at or before its out frame "
            f"({tag.out_frame}), and not negative."
        )
    for name in ("in_frame", "out_frame", "cue_frame", "response_frame"):
        _check_frame(clip, name, getattr(tag, name))
    if tag.rating is not None and not (isinstance(tag.rating, int) and tag.rating >= 0):
        raise InvalidChangeError("A rating is a whole number, 0 or more.")
    check_codes(library, "cue", [tag.cue_code or ""])
    check_codes(library, "response", [tag.response_code or ""])
    check_codes(library, "principle", tag.principle_codes)


def _check_frame(clip: Clip, name: str, frame: int | None) -> None:
    if frame is None:
        return
    if not 0 <= frame < clip.frame_count:
        label = name.replace("_", " ")
        raise InvalidChangeError(
            f"The {label} {frame} is outside clip {clip.id} (frames 0 to {clip.frame_count - 1})."
        )


def _audit_values(tag: Tag) -> dict[str, Any]:
    values = records.tag_row(tag)
    values["principle_codes"] = json.loads(values["principle_codes"])
    for key in ("id", "created_at", "updated_at", "author_id"):
        values.pop(key)
    return values
