"""Reading clips back: per session, by id, and a clip's stored frame index."""

from __future__ import annotations

from attune_app.domain.models import Clip
from attune_app.store import records
from attune_app.store.library import Library


def list_clips(library: Library, session_id: int) -> list[Clip]:
    return records.select(
        library.db,
        "SELECT * FROM clips WHERE session_id = ? ORDER BY recorded_at, id",
        [session_id],
        records.clip,
    )


def list_all_clips(library: Library) -> list[Clip]:
    return records.select(library.db, "SELECT * FROM clips ORDER BY id", None, records.clip)


def get_clip(library: Library, clip_id: int) -> Clip:
    return records.get(library.db, "clips", clip_id, records.clip)


def clip_frame_index_json(library: Library, clip_id: int) -> str | None:
    """The frame index stored at import (for `FrameIndex.from_json`): opening skips demuxing."""
    get_clip(library, clip_id)
    row = library.db.execute("SELECT frame_index FROM clips WHERE id = ?", [clip_id]).fetchone()
    return None if row[0] is None else str(row[0])
