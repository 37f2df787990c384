"""Highlight reels: ordered items cut from tags, each with caption, speed and freeze-frame hold."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from attune_app.domain.consent import consent_needed
from attune_app.domain.models import (
    HOLD_PLACES,
    REEL_PURPOSES,
    Reel,
    ReelItem,
    ReelItemChange,
)
from attune_app.domain.reel_timeline import ReelTimeline, build_timeline, check_speed
from attune_app.services.consents import ConsentRequiredError, require_consent
from attune_app.services.tags import get_tag
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library

ITEM_FIELDS = (
    "in_frame",
    "out_frame",
    "caption",
    "speed",
    "hold_frame",
    "hold_ms",
    "hold_at",
    "muted",
    "title_text",
    "title_ms",
    "prompt",
)
MAX_CAPTION_CHARS = 140  # one or two short lines
MAX_TITLE_S = 60.0
MAX_HOLD_S = 60.0


def create_reel(library: Library, name: str, purpose: str) -> Reel:
    if purpose not in REEL_PURPOSES:
        raise InvalidChangeError(f"A reel's purpose is one of {', '.join(REEL_PURPOSES)}.")
    if not name.strip():
        raise InvalidChangeError("A reel needs a name.")
    with library.transaction() as db:
        values = {"name": name, "purpose": purpose, "owner_id": library.actor}
        reel_id = records.insert(db, "reels", {**values, "created_at": now_iso()})
        library.audit("create_reel", "reel", reel_id, values)
    return records.get(library.db, "reels", reel_id, records.reel)


def rename_reel(library: Library, reel_id: int, name: str) -> Reel:
    """Give a reel a new name; returns the reel as it was (for undo)."""
    if not name.strip():
        raise InvalidChangeError("A reel needs a name.")
    with library.transaction() as db:
        before = records.get(db, "reels", reel_id, records.reel)
        records.update(db, "reels", reel_id, {"name": name.strip()})
        library.audit(
            "rename_reel",
            "reel",
            reel_id,
            {"before": {"name": before.name}, "after": {"name": name.strip()}},
        )
    return before


def delete_reel(library: Library, reel_id: int) -> Reel:
    """Delete a reel and its items (not the tags); refused when it holds a parent's reflections."""
    with library.transaction() as db:
        reel = records.get(db, "reels", reel_id, records.reel)
        held = db.execute(
            "SELECT 1 FROM reflections JOIN reel_items ON reel_items.id = reel_item_id "
            "WHERE reel_items.reel_id = ?",
            [reel_id],
        ).fetchone()
        if held:
            raise InvalidChangeError(
                "This reel holds the parent's reflections from a shared review, so it cannot "
                "be deleted."
            )
        items = list_reel_items(library, reel_id)
        db.execute("DELETE FROM reel_items WHERE reel_id = ?", [reel_id])
        records.delete(db, "reels", reel_id)
        library.audit(
            "delete_reel",
            "reel",
            reel_id,
            {"name": reel.name, "purpose": reel.purpose, "items": [i.id for i in items]},
        )
    return reel


def get_reel(library: Library, reel_id: int) -> Reel:
    return records.get(library.db, "reels", reel_id, records.reel)


def reel_timeline(library: Library, reel_id: int) -> ReelTimeline:
    """What the reel shows, step by step: review mode and export both play this."""
    return build_timeline(get_reel(library, reel_id), list_reel_items(library, reel_id))


def set_mute_below_speed(library: Library, reel_id: int, speed: float) -> Reel:
    """Items slower than `speed` play silent (0 keeps sound at every speed); returns the reel
    as it was."""
    if not 0 <= speed <= 1:
        raise InvalidChangeError("Mute below a speed between 0 (never mute) and 1.")
    with library.transaction() as db:
        before = records.get(db, "reels", reel_id, records.reel)
        records.update(db, "reels", reel_id, {"mute_below_speed": speed})
        library.audit(
            "update_reel",
            "reel",
            reel_id,
            {
                "before": {"mute_below_speed": before.mute_below_speed},
                "after": {"mute_below_speed": speed},
            },
        )
    return before


def add_range_to_reel(
    library: Library,
    reel_id: int,
    clip_id: int,
    in_frame: int,
    out_frame: int,
    *,
    caption: str = "",
    speed: float = 1.0,
    hold_frame: int | None = None,
    hold_s: float = 0.0,
    hold_at: str = "end",
    position: int | None = None,
    source_tag_id: int | None = None,
) -> ReelItem:
    """Add a moment of a clip (any in..out range) at `position` (default: the end)."""
    values: dict[str, Any] = {
        "kind": "clip",
        "clip_id": clip_id,
        "in_frame": in_frame,
        "out_frame": out_frame,
        "source_tag_id": source_tag_id,
        "caption": caption.strip(),
        "speed": speed,
        "hold_frame": hold_frame,
        "hold_ms": milliseconds(hold_s, "A freeze-frame hold"),
        "hold_at": hold_at,
    }
    with _refusals_recorded(library, reel_id), library.transaction() as db:
        reel = records.get(db, "reels", reel_id, records.reel)
        _require_reel_consent(library, reel, clip_id)
        return _insert_item(library, reel_id, values, position)


def add_title_card(
    library: Library, reel_id: int, text: str, seconds: float, *, position: int | None = None
) -> ReelItem:
    """A title card (plain words on a calm background) for `seconds`, at `position`."""
    values = {
        "kind": "title",
        "clip_id": None,
        "title_text": text.strip(),
        "title_ms": milliseconds(seconds, "A title card"),
    }
    with library.transaction() as db:
        records.get(db, "reels", reel_id, records.reel)
        return _insert_item(library, reel_id, values, position)


def milliseconds(seconds: float, what: str) -> int:
    """Seconds as whole milliseconds; refuses what is not a number of seconds (nan, inf)."""
    if not math.isfinite(seconds):
        raise InvalidChangeError(f"{what} lasts a number of seconds; got {seconds}.")
    return round(seconds * 1000)


def _insert_item(
    library: Library, reel_id: int, values: dict[str, Any], position: int | None
) -> ReelItem:
    items = list_reel_items(library, reel_id)
    at = len(items) if position is None else max(0, min(position, len(items)))
    candidate = ReelItem(id=0, reel_id=reel_id, position=at, **values)
    _check_item(library, candidate)
    item_id = records.insert(
        library.db, "reel_items", {"reel_id": reel_id, "position": len(items), **values}
    )
    added = records.get(library.db, "reel_items", item_id, records.reel_item)
    items.insert(at, added)
    _renumber(library, items)
    library.audit("add_to_reel", "reel_item", item_id, {**values, "position": at})
    return records.get(library.db, "reel_items", item_id, records.reel_item)


def list_reels(library: Library) -> list[Reel]:
    return records.select(library.db, "SELECT * FROM reels ORDER BY id", None, records.reel)


def list_reel_items(library: Library, reel_id: int) -> list[ReelItem]:
    return records.select(
        library.db,
        "SELECT * FROM reel_items WHERE reel_id = ? ORDER BY position, id",
        [reel_id],
        records.reel_item,
    )


def add_tags_to_reel(library: Library, reel_id: int, tag_ids: Iterable[int]) -> list[ReelItem]:
    """Append one item per tag, with the tag's extent; returns the new items.

    A training or supervision reel takes only clips of families with current consent for that
    purpose: otherwise nothing is added, the refusal is audited and `ConsentRequiredError` says
    which family.
    """
    with _refusals_recorded(library, reel_id), library.transaction() as db:
        reel = records.get(db, "reels", reel_id, records.reel)
        position = len(list_reel_items(library, reel_id))
        added = []
        for tag_id in tag_ids:
            tag = get_tag(library, tag_id)
            _require_reel_consent(library, reel, tag.clip_id)
            values = {
                "reel_id": reel_id,
                "position": position,
                "clip_id": tag.clip_id,
                "in_frame": tag.in_frame,
                "out_frame": tag.out_frame,
                "source_tag_id": tag.id,
            }
            item_id = records.insert(db, "reel_items", values)
            library.audit("add_to_reel", "reel_item", item_id, values)
            added.append(records.get(db, "reel_items", item_id, records.reel_item))
            position += 1
    return added


def move_reel_item(library: Library, item_id: int, new_position: int) -> list[ReelItem]:
    """Move an item to `new_position` (clamped); returns the reel's items in their new order."""
    with library.transaction() as db:
        item = records.get(db, "reel_items", item_id, records.reel_item)
        items = [i for i in list_reel_items(library, item.reel_id) if i.id != item_id]
        target = max(0, min(new_position, len(items)))
        items.insert(target, item)
        _renumber(library, items)
        library.audit(
            "move_reel_item",
            "reel_item",
            item_id,
            {"from": item.position, "to": target, "reel_id": item.reel_id},
        )
    return list_reel_items(library, item.reel_id)


def update_reel_item(library: Library, item_id: int, **changes: Any) -> ReelItemChange:
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise InvalidChangeError(f"These reel item fields cannot be changed: {sorted(unknown)}.")
    with library.transaction() as db:
        before = records.get(db, "reel_items", item_id, records.reel_item)
        after = dataclasses.replace(before, **changes)
        _check_item(library, after)
        records.update(db, "reel_items", item_id, changes)
        library.audit(
            "update_reel_item",
            "reel_item",
            item_id,
            {"before": {k: getattr(before, k) for k in changes}, "after": changes},
        )
    return ReelItemChange(before, after)


def remove_reel_item(library: Library, item_id: int) -> ReelItem:
    """Remove an item (not one that holds a parent's reflections); returns it for undo."""
    with library.transaction() as db:
        item = records.get(db, "reel_items", item_id, records.reel_item)
        if db.execute("SELECT 1 FROM reflections WHERE reel_item_id = ?", [item_id]).fetchone():
            raise InvalidChangeError(
                "This reel item holds the parent's reflections, so it cannot be removed; "
                "make a new reel for a different selection instead."
            )
        records.delete(db, "reel_items", item_id)
        rest = list_reel_items(library, item.reel_id)
        _renumber(library, rest)
        library.audit("remove_reel_item", "reel_item", item_id, dataclasses.asdict(item))
    return item


def restore_reel_item(library: Library, item: ReelItem) -> ReelItem:
    """Undo of `remove_reel_item`: the item comes back with its id, at its old position
    (if the reel's purpose still has the family's consent)."""
    with _refusals_recorded(library, item.reel_id), library.transaction() as db:
        reel = records.get(db, "reels", item.reel_id, records.reel)
        _require_reel_consent(library, reel, item.clip_id)
        items = list_reel_items(library, item.reel_id)
        values = dataclasses.asdict(item)
        if (
            values["source_tag_id"] is not None
            and not db.execute(
                "SELECT 1 FROM tags WHERE id = ?", [values["source_tag_id"]]
            ).fetchone()
        ):
            values["source_tag_id"] = None
        records.insert(db, "reel_items", {**values, "position": len(items)})
        restored = records.get(db, "reel_items", item.id, records.reel_item)
        items.insert(max(0, min(item.position, len(items))), restored)
        _renumber(library, items)
        library.audit("restore_reel_item", "reel_item", item.id, values)
    return records.get(library.db, "reel_items", item.id, records.reel_item)


def reel_consent_problems(library: Library, reel_id: int) -> list[str]:
    """What the reel shows without current consent for its purpose (e.g. consent withdrawn
    after the item was added), one message per family; empty when all is covered. Check this
    before showing or exporting a reel (`attune_app.domain.consent` says which consent)."""
    reel = records.get(library.db, "reels", reel_id, records.reel)
    problems: dict[int, str] = {}
    for item in list_reel_items(library, reel_id):
        if item.clip_id is None:
            continue
        family_id = _family_of_clip(library, item.clip_id)
        if family_id in problems:
            continue
        try:
            _require_reel_consent(library, reel, item.clip_id)
        except ConsentRequiredError as refused:
            problems[family_id] = f"Reel '{reel.name}': {refused}"
    return list(problems.values())


def _require_reel_consent(library: Library, reel: Reel, clip_id: int | None) -> None:
    if clip_id is not None:
        require_consent(library, _family_of_clip(library, clip_id), consent_needed(reel.purpose))


def _family_of_clip(library: Library, clip_id: int) -> int:
    row = library.db.execute(
        "SELECT s.family_id FROM clips c JOIN sessions s ON s.id = c.session_id WHERE c.id = ?",
        [clip_id],
    ).fetchone()
    if row is None:
        records.get(library.db, "clips", clip_id, records.clip)  # raises NotFoundError
    return int(row[0])


@contextmanager
def _refusals_recorded(library: Library, reel_id: int) -> Iterator[None]:
    """Audit a consent refusal in its own transaction, after the refused change rolled back."""
    try:
        yield
    except ConsentRequiredError as refused:
        with library.transaction():
            details = {"family_id": refused.family_id, "purpose": refused.purpose}
            library.audit("consent_refused", "reel", reel_id, details)
        raise


def _renumber(library: Library, items: list[ReelItem]) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            records.update(library.db, "reel_items", item.id, {"position": position})


def _check_item(library: Library, item: ReelItem) -> None:
    if item.is_title:
        _check_title(item)
        return
    if item.clip_id is None:
        raise InvalidChangeError("A reel item shows a clip, or is a title card.")
    clip = records.get(library.db, "clips", item.clip_id, records.clip)
    last = clip.frame_count - 1
    if not 0 <= item.in_frame <= item.out_frame <= last:
        raise InvalidChangeError(
            f"A reel item's frames must lie in the clip (0 to {last}) with the in frame at or "
            f"before the out frame; got {item.in_frame} to {item.out_frame}."
        )
    if not check_speed(item.speed):
        raise InvalidChangeError(
            f"A reel item's speed is between 0.25 and 1 (1 is normal speed); got {item.speed}."
        )
    if item.hold_ms < 0:
        raise InvalidChangeError("A freeze-frame hold cannot be negative.")
    if item.hold_ms > MAX_HOLD_S * 1000:
        raise InvalidChangeError(
            f"A freeze-frame hold lasts at most {MAX_HOLD_S:g} seconds; "
            f"got {item.hold_ms / 1000:g}."
        )
    if item.hold_at not in HOLD_PLACES:
        raise InvalidChangeError("A hold comes at the 'start' or the 'end' of the moment.")
    if item.hold_frame is not None and not item.in_frame <= item.hold_frame <= item.out_frame:
        raise InvalidChangeError(
            f"The frame to hold must be inside the moment ({item.in_frame} to "
            f"{item.out_frame}); got {item.hold_frame}."
        )
    if len(item.caption) > MAX_CAPTION_CHARS:
        raise InvalidChangeError(
            f"A caption is one or two short lines (at most {MAX_CAPTION_CHARS} characters)."
        )


def _check_title(item: ReelItem) -> None:
    if not item.title_text.strip():
        raise InvalidChangeError("A title card needs some words.")
    if len(item.title_text) > MAX_CAPTION_CHARS:
        raise InvalidChangeError(
            f"A title card holds a few words (at most {MAX_CAPTION_CHARS} characters)."
        )
    if not 0 < item.title_ms <= MAX_TITLE_S * 1000:
        raise InvalidChangeError(
            f"A title card shows for more than 0 and at most {MAX_TITLE_S:g} seconds."
        )
