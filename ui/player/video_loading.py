"""Opening a clip for the player: the engine's video (with its saved frame index) and the
facts the GUI thread needs. Runs on any thread (the `VideoOpener`'s, or the caller's)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui.player.video_info import VideoInfo
from ui.player.video_opener import Loaded


def load_video(
    path: Any,
    opener: Callable[[Path], Any] | None = None,
    frame_index_json: str | None = None,
) -> Loaded:
    """Open the engine's video (or `opener(path)`'s) and copy out what the GUI thread needs;
    the video is closed again when that fails."""
    if opener is not None:
        video = opener(path).__enter__()
    else:
        video = engine_open(path, frame_index_json).__enter__()
    try:
        # `path` may be an encrypted library's media source: the video knows its name
        info = VideoInfo.from_video(path if isinstance(path, Path) else Path(video.path), video)
    except BaseException:
        video.__exit__(None, None, None)
        raise
    return video, info


def engine_open(path: Path, frame_index_json: str | None = None) -> Any:
    from attune_app.media import open_video
    from attune_app.media.frame_index import FrameIndex

    frame_index = None
    if frame_index_json is not None:
        try:
            frame_index = FrameIndex.from_json(frame_index_json)
        except (ValueError, KeyError, TypeError, IndexError):
            frame_index = None  # written by another version or damaged: demux instead
    return open_video(path, frame_index=frame_index)
