"""The media engine: probing, exact frame decoding, frame cache, audio. No store, no Qt."""

from __future__ import annotations

from attune_app.media.errors import (
    CorruptMediaError,
    MediaError,
    MissingMediaError,
    UnsupportedMediaError,
)
from attune_app.media.frame_index import FrameIndex
from attune_app.media.video import Video, open_video

__all__ = [
    "CorruptMediaError",
    "FrameIndex",
    "MediaError",
    "MissingMediaError",
    "UnsupportedMediaError",
    "Video",
    "open_video",
]
