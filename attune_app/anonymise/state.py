"""A reel's anonymisation as one value, and the hash a trainer's confirmation records."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from attune_app.anonymise import anon_store
from attune_app.anonymise.detectors import detector_version
from attune_app.anonymise.model import ReelAnonymisation
from attune_app.services.reels import list_reel_items, reel_timeline
from attune_app.store.library import Library


def load(library: Library, reel_id: int) -> ReelAnonymisation:
    """Everything that decides what the reel's training export covers and mutes."""
    timeline = reel_timeline(library, reel_id)
    ranges = anon_store.item_ranges(timeline)
    explicit = {i.id for i in list_reel_items(library, reel_id) if i.muted}
    ranges = tuple(
        r.__class__(r.item_id, r.clip_id, r.first_frame, r.last_frame, r.item_id in explicit)
        for r in ranges
    )
    db = library.db
    return ReelAnonymisation(
        reel_id,
        anon_store.settings(db, reel_id),
        ranges,
        tuple(anon_store.tracks(db, reel_id)),
        tuple(anon_store.boxes(db, reel_id, ranges)),
        tuple(anon_store.mutes(db, reel_id)),
    )


def describe(state: ReelAnonymisation) -> dict[str, Any]:
    """The state as plain data without row ids (the same content always gives the same hash)."""
    settings = state.settings
    return {
        "fill": settings.fill,
        "sound": settings.sound,
        "detector": detector_version(settings.detector),
        "items": [[r.clip_id, r.first_frame, r.last_frame, r.muted] for r in state.items],
        "tracks": [
            [t.clip_id, t.keep_visible, [[f.frame, *f.rect.as_list()] for f in t.frames]]
            for t in state.tracks
        ],
        "boxes": sorted(
            [
                b.clip_id,
                list(b.item_range or ()),
                b.keep_visible,
                [[k.frame, *k.rect.as_list()] for k in b.keys],
            ]
            for b in state.boxes
        ),
        "mutes": sorted([m.clip_id, round(m.start_s, 6), round(m.end_s, 6)] for m in state.mutes),
    }


def state_hash(state: ReelAnonymisation) -> str:
    text = json.dumps(describe(state), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
