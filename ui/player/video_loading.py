"""Opening a clip for the player: the engine's video (with its saved frame index) and the
facts the GUI thread needs, on any thread (the `VideoOpener`'s, or the caller's); then, on the
GUI thread, its sound clock, and closing both."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui.player.playback_clock import ClockFactory
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


def start_sound_clock(clock_factory: ClockFactory, info: VideoInfo, video: Any) -> Any:
    """GUI thread: the opened video's sound clock (None: none), its device opened now rather
    than at the first Space press. On failure `video` is closed and the error raised."""
    try:
        clock = clock_factory(info, video)
        warm_up = getattr(clock, "warm_up", None)
        if warm_up is not None:
            warm_up()
    except BaseException:
        video.__exit__(None, None, None)
        raise
    return clock


def close_video(video: Any, clock: Any) -> None:
    """Close a video's sound clock, then the video."""
    close_clock = getattr(clock, "close", None)
    if close_clock is not None:
        close_clock()
    # Thumbnail calls still running on the timeline's thread wait for the engine's lock.
    video.__exit__(None, None, None)
