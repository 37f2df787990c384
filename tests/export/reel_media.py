"""Reels over generated clips for the export tests: timelines built in memory, and readers
of what an exported file shows (the drawn index of each frame, where the clicks are)."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from attune_app import services
from attune_app.anonymise.boxes import Rect
from attune_app.anonymise.editing import add_box, add_mute, update_settings
from attune_app.domain.models import Reel, ReelItem
from attune_app.domain.reel_timeline import ReelTimeline, build_timeline
from attune_app.export.output_plan import fit_size
from attune_app.media import open_video
from attune_app.media.synthetic import read_frame_index, rotate_to_storage
from attune_app.store.library import Library
from tests.media.media_clips import ClipSpec, write_clip

CLIP_ID = 7
BOX = Rect(200, 150, 320, 240)  # bottom-right, clear of the drawn frame index


def reel_of(items: list[dict[str, object]], *, mute_below: float = 0.5) -> ReelTimeline:
    """A timeline of `items` (ReelItem fields; clip_id defaults to CLIP_ID) in that order."""
    reel = Reel(1, "Test reel", "parent_review", None, "2026-01-05", mute_below)
    made = []
    for position, fields in enumerate(items):
        values = {"clip_id": CLIP_ID, **fields}
        made.append(ReelItem(id=position + 1, reel_id=1, position=position, **values))  # type: ignore[arg-type]
    return build_timeline(reel, made)


def title(text: str, seconds: float) -> dict[str, object]:
    return {"clip_id": None, "kind": "title", "title_text": text, "title_ms": round(seconds * 1000)}


def shown_indices(
    path: Path, source_size: tuple[int, int] | None = None, rotation: int = 0
) -> list[int | None]:
    """The drawn index of every frame of `path` (None for a title card), reading only the
    letterboxed picture of a source of `source_size` (display size) when given."""
    with open_video(path) as video:
        out_w, out_h = video.size
        found = []
        for i in range(video.frame_count):
            rgb = video.read(i)
            if source_size is not None:
                x, y, w, h = fit_size(source_size, (out_w, out_h))
                rgb = rgb[y : y + h, x : x + w]
            found.append(read_frame_index(rotate_to_storage(rgb, rotation)))
        return found


def click_times_s(path: Path, threshold: float = 0.1, gap_s: float = 0.1) -> list[float]:
    """When each burst of sound starts in the file's audio (t = 0 is the first video frame)."""
    samples, rate = audio_of(path)
    loud = np.flatnonzero(np.abs(samples).max(axis=1) > threshold)
    starts: list[float] = []
    last = -1e9
    for i in loud:
        t = i / rate
        if t - last > gap_s:
            starts.append(t)
        last = t
    return starts


def audio_of(path: Path) -> tuple[np.ndarray, int]:
    with open_video(path) as video:
        duration = video.duration_s
        return video.audio(0.0, duration + 0.5), 48_000


def stream_durations_s(path: Path) -> tuple[float, float]:
    """(video, audio) durations as the container says."""
    with av.open(str(path)) as container:
        v = container.streams.video[0]
        a = container.streams.audio[0]
        return float(v.duration * v.time_base), float(a.duration * a.time_base)


def make_training_reel(library: Library, folder: Path) -> tuple[int, int]:
    """A training reel: a title card, a moment with a hold, a moment at half speed, a solid
    box over the first moment and a muted range."""
    source = write_clip(ClipSpec("visit", frames=40, rate=25, beeps_at=(5, 25)), folder)
    clip = services.import_clip(library, source, family_ref="F-3", session_date="2026-02-01")
    family_id = library.db.execute(
        "SELECT family_id FROM sessions WHERE id = ?", [clip.session_id]
    ).fetchone()[0]
    services.record_consent(library, family_id, "training", given_on="2026-01-01")
    reel = services.create_reel(library, "Waiting for a turn", "training")
    services.add_title_card(library, reel.id, "A turn", 0.4)
    first = services.add_range_to_reel(library, reel.id, clip.id, 4, 13)
    services.update_reel_item(library, first.id, hold_frame=13, hold_ms=200, hold_at="end")
    second = services.add_range_to_reel(library, reel.id, clip.id, 20, 25)
    services.update_reel_item(library, second.id, speed=0.5)
    add_box(library, reel.id, clip.id, 4, BOX, reel_item_id=first.id)
    update_settings(library, reel.id, fill="solid")
    add_mute(library, reel.id, clip.id, 0.9, 1.2)  # the beep at frame 25 (1.0 s)
    return clip.id, reel.id
