"""Stills: one frame of a clip as a PNG at full resolution in display orientation, with or
without its caption burned in; and one still per item of a reel.

Which frame stands for a reel item: the frame it holds (a freeze-frame hold, or the still
itself), else the middle frame of its moving part. Files are named by their place in the reel
(`still-01.png`, ...), never after the reel or the family, and each is written atomically.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image

from attune_app.domain.models import Clip, ReelItem
from attune_app.export.text_render import caption_overlay
from attune_app.media.frame_index import FrameIndex
from attune_app.media.source import MediaSource
from attune_app.media.video import Video, open_video
from attune_app.services.clips import clip_frame_index_json, get_clip
from attune_app.services.reels import get_reel, list_reel_items, reel_consent_problems
from attune_app.store.errors import InvalidChangeError
from attune_app.store.files import atomic_output
from attune_app.store.library import Library

Frame = npt.NDArray[np.uint8]
Progress = Callable[[int, int], None]  # done, total


@dataclass(frozen=True)
class Still:
    """A reel item's still as exported: which item, which frame, where it went."""

    item_id: int
    clip_id: int
    frame: int
    path: Path


def item_still_frame(item: ReelItem) -> int:
    """The frame that stands for a reel item (see the module docstring)."""
    if item.is_still:
        return item.in_frame
    if item.hold_ms > 0:
        if item.hold_frame is not None:
            return item.hold_frame
        return item.in_frame if item.hold_at == "start" else item.out_frame
    return (item.in_frame + item.out_frame) // 2


def with_caption(rgb: Frame, caption: str) -> Frame:
    """A copy of `rgb` with `caption` burned into its lower third (as the reel shows it)."""
    picture = np.ascontiguousarray(rgb).copy()
    overlay = caption_overlay(picture.shape[1], picture.shape[0], caption)
    return overlay.apply(picture) if overlay is not None else picture


def png_bytes(rgb: Frame) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb), "RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def write_png(rgb: Frame, target: Path) -> Path:
    """Write `rgb` as a PNG at `target`, atomically (nothing is left on failure)."""
    data = png_bytes(rgb)
    with atomic_output(target) as temp:
        temp.write_bytes(data)
    return target


def open_clip_video(library: Library, clip: Clip) -> Video:
    """The clip's video, opened with its saved frame index when it still fits."""
    return open_clip_file(library.media_source(clip), clip_frame_index_json(library, clip.id))


def open_clip_file(path: Path | MediaSource, saved_index_json: str | None) -> Video:
    """Open a clip's media file (any thread: no library needed), using its saved index."""
    index = None
    if saved_index_json:
        try:
            index = FrameIndex.from_json(saved_index_json)
        except (ValueError, KeyError, TypeError, IndexError):
            index = None  # written by another version or damaged: demux instead
    return open_video(path, index)


def still_picture(video: Video, frame: int, caption: str = "") -> Frame:
    """Frame `frame` at full resolution, display orientation, with `caption` when given."""
    rgb = video.read(frame)
    return with_caption(rgb, caption) if caption.strip() else rgb


def check_frame(clip: Clip, frame: int) -> None:
    if not 0 <= frame < clip.frame_count:
        raise InvalidChangeError(
            f"Clip {clip.id} has frames 0 to {clip.frame_count - 1}; there is no frame {frame}."
        )


def save_still(
    library: Library, clip_id: int, frame: int, target: Path, *, caption: str = ""
) -> Path:
    """One frame of a clip as a PNG at `target`; audited without the file's name."""
    clip = get_clip(library, clip_id)
    check_frame(clip, frame)
    with open_clip_video(library, clip) as video:
        write_png(still_picture(video, frame, caption), target)
    audit_still(library, clip_id, frame, with_caption=bool(caption.strip()))
    return target


def audit_still(library: Library, clip_id: int, frame: int, *, with_caption: bool) -> None:
    with library.transaction():
        details = {"frame": frame, "with_caption": with_caption}
        library.audit("export_still", "clip", clip_id, details)


def still_name(number: int) -> str:
    return f"still-{number:02d}.png"


def export_stills(
    library: Library,
    reel_id: int,
    out_dir: Path,
    *,
    captions: bool = True,
    progress: Progress | None = None,
) -> list[Still]:
    """One still per clip item of the reel (title cards have none), in playing order."""
    reel = get_reel(library, reel_id)
    problems = reel_consent_problems(library, reel_id)
    if problems:
        raise InvalidChangeError(" ".join(problems))
    if not out_dir.is_dir():
        raise InvalidChangeError(f"The folder {out_dir} does not exist; make it first.")
    items = [i for i in list_reel_items(library, reel.id) if i.clip_id is not None]
    written: list[Still] = []
    videos: dict[int, Video] = {}
    try:
        for number, item in enumerate(items, start=1):
            assert item.clip_id is not None
            video = videos.get(item.clip_id)
            if video is None:
                video = open_clip_video(library, get_clip(library, item.clip_id))
                videos[item.clip_id] = video
            frame = item_still_frame(item)
            rgb = still_picture(video, frame, item.caption if captions else "")
            path = write_png(rgb, out_dir / still_name(number))
            written.append(Still(item.id, item.clip_id, frame, path))
            if progress is not None:
                progress(number, len(items))
    finally:
        for video in videos.values():
            video.close()
    with library.transaction():
        details = {"count": len(written), "with_captions": captions, "purpose": reel.purpose}
        library.audit("export_stills", "reel", reel.id, details)
    return written
