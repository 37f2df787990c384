"""A trainer's edits to a reel's anonymisation, one function per user action: one transaction
each, audited (coordinates and ids only), returning what the UI needs to refresh and undo."""

from __future__ import annotations

import dataclasses

from sqlite_utils import Database

from attune_app.anonymise import anon_store
from attune_app.anonymise.boxes import Rect
from attune_app.anonymise.detectors import DETECTOR_NAMES
from attune_app.anonymise.fill import FILLS
from attune_app.anonymise.model import SOUNDS, AnonSettings, FaceTrack, ManualBox, MuteRange
from attune_app.anonymise.state import load
from attune_app.services.clips import get_clip
from attune_app.services.reels import get_reel
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library


def _check_rect(library: Library, clip_id: int, frame: int, rect: Rect) -> None:
    clip = get_clip(library, clip_id)
    if rect.width <= 0 or rect.height <= 0:
        raise InvalidChangeError("A box needs a width and a height.")
    if not 0 <= frame < max(clip.frame_count, 1):
        raise InvalidChangeError(
            f"Frame {frame} is outside clip {clip_id} (0..{clip.frame_count - 1})."
        )


def add_box(
    library: Library,
    reel_id: int,
    clip_id: int,
    frame: int,
    rect: Rect,
    *,
    reel_item_id: int | None = None,
    keep_visible: bool = False,
) -> ManualBox:
    """A new box with one keyframe; with `reel_item_id` it covers that whole item."""
    get_reel(library, reel_id)
    _check_rect(library, clip_id, frame, rect)
    with library.transaction() as db:
        if reel_item_id is not None:
            item = records.get(db, "reel_items", reel_item_id, records.reel_item)
            if item.reel_id != reel_id or item.clip_id != clip_id:
                raise InvalidChangeError("That reel item is not this clip in this reel.")
        box_id = records.insert(
            db,
            "anon_boxes",
            {
                "reel_id": reel_id,
                "clip_id": clip_id,
                "reel_item_id": reel_item_id,
                "keep_visible": int(keep_visible),
                "created_by": library.actor,
                "created_at": now_iso(),
            },
        )
        _write_key(db, box_id, frame, rect)
        library.audit(
            "add_face_box",
            "reel",
            reel_id,
            {
                "box": box_id,
                "clip": clip_id,
                "frame": frame,
                "rect": rect.as_list(),
                "item": reel_item_id,
                "keep_visible": keep_visible,
            },
        )
    return get_box(library, box_id)


def _write_key(db: Database, box_id: int, frame: int, rect: Rect) -> None:
    db.execute(
        "INSERT OR REPLACE INTO anon_box_keys (box_id, frame, x0, y0, x1, y1) VALUES (?,?,?,?,?,?)",
        [box_id, frame, *rect.as_list()],
    )


def get_box(library: Library, box_id: int) -> ManualBox:
    box = anon_store.get_box(library.db, box_id)
    state = load(library, box.reel_id)
    return next(b for b in state.boxes if b.id == box_id)


def set_box_key(library: Library, box_id: int, frame: int, rect: Rect) -> ManualBox:
    """Put the box at `rect` on `frame` (a new keyframe, or the one there moved or resized);
    returns the box as it was."""
    before = get_box(library, box_id)
    _check_rect(library, before.clip_id, frame, rect)
    with library.transaction() as db:
        _write_key(db, box_id, frame, rect)
        library.audit(
            "move_face_box",
            "reel",
            before.reel_id,
            {"box": box_id, "frame": frame, "rect": rect.as_list()},
        )
    return before


def remove_box_key(library: Library, box_id: int, frame: int) -> ManualBox:
    """Drop the keyframe on `frame` (not the last one: delete the box instead)."""
    before = get_box(library, box_id)
    if frame not in {k.frame for k in before.keys}:
        raise InvalidChangeError(f"Box {box_id} has no keyframe on frame {frame}.")
    if len(before.keys) == 1:
        raise InvalidChangeError("This is the box's only keyframe; delete the box instead.")
    with library.transaction() as db:
        db.execute("DELETE FROM anon_box_keys WHERE box_id = ? AND frame = ?", [box_id, frame])
        library.audit("move_face_box", "reel", before.reel_id, {"box": box_id, "removed": frame})
    return before


def delete_box(library: Library, box_id: int) -> ManualBox:
    """Delete a box; returns it (for undo with `restore_box`)."""
    before = get_box(library, box_id)
    with library.transaction() as db:
        db.execute("DELETE FROM anon_boxes WHERE id = ?", [box_id])
        library.audit("delete_face_box", "reel", before.reel_id, {"box": box_id})
    return before


def restore_box(library: Library, box: ManualBox) -> ManualBox:
    """Put a deleted box back with its id and keyframes."""
    with library.transaction() as db:
        records.insert(
            db,
            "anon_boxes",
            {
                "id": box.id,
                "reel_id": box.reel_id,
                "clip_id": box.clip_id,
                "reel_item_id": box.reel_item_id,
                "keep_visible": int(box.keep_visible),
                "created_by": library.actor,
                "created_at": now_iso(),
            },
        )
        for key in box.keys:
            _write_key(db, box.id, key.frame, key.rect)
        library.audit("restore_face_box", "reel", box.reel_id, {"box": box.id})
    return get_box(library, box.id)


def set_box_keep_visible(library: Library, box_id: int, keep: bool) -> ManualBox:
    """A keep-visible box is never covered, and spares the tracks inside it (a practitioner's
    own face, with their consent); returns the box as it was."""
    before = get_box(library, box_id)
    with library.transaction() as db:
        db.execute("UPDATE anon_boxes SET keep_visible = ? WHERE id = ?", [int(keep), box_id])
        library.audit("keep_visible", "reel", before.reel_id, {"box": box_id, "keep_visible": keep})
    return before


def set_track_keep_visible(library: Library, track_id: int, keep: bool) -> FaceTrack:
    before = anon_store.get_track(library.db, track_id)
    with library.transaction() as db:
        db.execute("UPDATE anon_tracks SET keep_visible = ? WHERE id = ?", [int(keep), track_id])
        library.audit(
            "keep_visible", "reel", before.reel_id, {"track": track_id, "keep_visible": keep}
        )
    return before


def add_mute(
    library: Library, reel_id: int, clip_id: int, start_s: float, end_s: float
) -> MuteRange:
    """Silence the clip's sound from `start_s` to `end_s` (source time) in this reel."""
    get_reel(library, reel_id)
    clip = get_clip(library, clip_id)
    if not 0 <= start_s < end_s:
        raise InvalidChangeError("A mute range needs a start before its end (seconds, from 0).")
    if clip.duration_s and start_s >= clip.duration_s:
        raise InvalidChangeError(f"Clip {clip_id} ends at {clip.duration_s:.2f} s.")
    with library.transaction() as db:
        mute_id = records.insert(
            db,
            "anon_mutes",
            {"reel_id": reel_id, "clip_id": clip_id, "start_s": start_s, "end_s": end_s},
        )
        library.audit(
            "add_mute",
            "reel",
            reel_id,
            {"mute": mute_id, "clip": clip_id, "start_s": start_s, "end_s": end_s},
        )
    return anon_store.get_mute(library.db, mute_id)


def delete_mute(library: Library, mute_id: int) -> MuteRange:
    before = anon_store.get_mute(library.db, mute_id)
    with library.transaction() as db:
        db.execute("DELETE FROM anon_mutes WHERE id = ?", [mute_id])
        library.audit("delete_mute", "reel", before.reel_id, {"mute": mute_id})
    return before


def restore_mute(library: Library, mute: MuteRange) -> MuteRange:
    with library.transaction() as db:
        records.insert(db, "anon_mutes", dataclasses.asdict(mute))
        library.audit("restore_mute", "reel", mute.reel_id, {"mute": mute.id})
    return anon_store.get_mute(library.db, mute.id)


def update_settings(library: Library, reel_id: int, **changes: str) -> AnonSettings:
    """Change the reel's fill (pixelate|solid), sound (plain|muffled) or detector; returns the
    settings as they were."""
    get_reel(library, reel_id)
    allowed = {"fill": FILLS, "sound": SOUNDS, "detector": DETECTOR_NAMES}
    for name, value in changes.items():
        if name not in allowed or value not in allowed[name]:
            choices = allowed.get(name, ())
            raise InvalidChangeError(
                f"{name} must be one of {', '.join(choices)}."
                if choices
                else f"There is no anonymisation setting called {name!r}."
            )
    with library.transaction() as db:
        before = anon_store.settings(db, reel_id)
        after = AnonSettings(
            reel_id,
            changes.get("fill", before.fill),
            changes.get("sound", before.sound),
            changes.get("detector", before.detector),
        )
        anon_store.save_settings(db, after)
        library.audit("update_anonymisation", "reel", reel_id, dict(changes))
    return before
