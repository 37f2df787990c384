"""`Thumbnails`: small pictures of a clip's frames, fast previews or exact ones.

A fast preview must not decode a whole GOP (a scrub preview has about 50 ms). It shows, in
this order: frame i itself when it is already decoded (in the frame cache or as a thumbnail),
else the nearest decoded frame before it in the same GOP, else the GOP's keyframe, decoded
alone with keyframe-only decoding (seek, one packet, drain). So a preview of frame i always
shows a frame between the keyframe at or before i and i, and says which (`Thumbnail.frame`).
An exact thumbnail decodes from the keyframe to i, like `Video.read`, on its own decoder.

Every thumbnail is the frame's RGB picture scaled with OpenCV's INTER_AREA and then turned
for display, so the thumbnail of a frame is the same whichever way it was made.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, cast

import cv2
import numpy as np
from numpy.typing import NDArray

from attune_app.media.decoder import DECODER_FRAMES, FrameDecoder, FrameUnavailableError
from attune_app.media.frame_cache import FrameCache
from attune_app.media.frame_index import FrameIndex
from attune_app.media.rotation import Orientation
from attune_app.media.source import Opener

Frame = NDArray[np.uint8]
_KEYFRAME_DECODER_FRAMES = 1  # decoding keyframes alone holds about one picture


@dataclass(frozen=True)
class Thumbnail:
    """A thumbnail asked for frame `requested`, showing frame `frame` (<= requested)."""

    requested: int
    frame: int
    rgb: Frame

    @property
    def exact(self) -> bool:
        return self.frame == self.requested


class Thumbnails:
    """Thumbnails of one clip, with a byte-bounded LRU of the small pictures made so far.

    Thread-safety: every method may be called from any thread. Lookups do not block; decoding
    holds this object's own lock and decoders (two containers of its own, opened on first
    use), so thumbnails never wait for `Video.read` and vice versa.

    Memory: while a decoder of its own is open, what it holds (`DECODER_FRAMES` frames of
    `frame_bytes`) is reserved from the frame cache's bound, as the backward prefetch's is
    while it runs, so the process stays within the bound with thumbnails in use too.
    """

    def __init__(
        self,
        path: str,
        index: FrameIndex,
        frames: FrameCache,
        orientation: Orientation,
        max_bytes: int,
        opener: Opener | None = None,
    ) -> None:
        self._path = path
        self._opener = opener
        self._index = index
        self._frames = frames  # the clip's full-size decoded frames (display orientation)
        self._orientation = orientation
        self._small = FrameCache(max_bytes)  # (frame, width) -> thumbnail of that very frame
        self._lock = threading.Lock()
        self.frame_bytes = 0  # a full-size RGB frame of the clip (the video sets it)
        self._reserved = 0  # bytes reserved from `frames` for the decoders open now
        self._exact_decoder: FrameDecoder | None = None
        self._key_decoder: FrameDecoder | None = None
        self.keyframe_decodes = 0  # for tests and the benchmark
        self.keyframe_fallbacks = 0  # keyframes that had to be decoded the exact way

    def get(self, i: int, size: tuple[int, int], *, exact: bool = False) -> Thumbnail:
        """Frame i (or, unless `exact`, a preview of it) at `size` = (width, height) shown."""
        low = i if exact else self._index.seek_point_for(i).first_frame
        found = self._nearest_decoded(i, low, size)
        if found is not None:
            return found
        with self._lock:
            found = self._nearest_decoded(i, low, size)  # another thread may have made it
            if found is not None:
                return found
            rgb = self._decode(low, size) if exact else self._decode_keyframe(low, size)
            self._small.put((low, size[0]), rgb)
            return Thumbnail(i, low, rgb)

    def shown_frame(self, i: int, width: int) -> int:
        """The frame a fast thumbnail of frame i at `width` shows now (it may change later)."""
        low = self._index.seek_point_for(i).first_frame
        for j in range(i, low - 1, -1):
            if (j, width) in self._small or j in self._frames:
                return j
        return low

    def close(self) -> None:
        with self._lock:
            for decoder in (self._exact_decoder, self._key_decoder):
                if decoder is not None:
                    decoder.close()
            self._exact_decoder = self._key_decoder = None
            self._frames.release(self._reserved)
            self._reserved = 0
        self._small.clear()

    def clear(self) -> None:
        """Forget the small pictures (the benchmark uses this to start cold)."""
        self._small.clear()

    # -- internals -----------------------------------------------------------------------

    def _nearest_decoded(self, i: int, low: int, size: tuple[int, int]) -> Thumbnail | None:
        """The latest frame in [low, i] that is already decoded, scaled (None if none is)."""
        width = size[0]
        small = self._small.first_of((j, width) for j in range(i, low - 1, -1))
        full = self._frames.first_of(range(i, low - 1, -1))
        best = Thumbnail(i, cast(tuple[int, int], small[0])[0], small[1]) if small else None
        if full is not None and (best is None or cast(int, full[0]) > best.frame):
            j = cast(int, full[0])
            best = Thumbnail(i, j, _scaled(full[1], size))
            self._small.put((j, width), best.rgb)
        return best

    def _decode_keyframe(self, k: int, size: tuple[int, int]) -> Frame:
        """Frame k, the first of its GOP, from its keyframe packet alone when possible."""
        if self._key_decoder is None:
            self._key_decoder = self._open_decoder(_KEYFRAME_DECODER_FRAMES, keyframes_only=True)
        self.keyframe_decodes += 1
        frame = self._key_decoder.keyframe(self._index.seek_point_for(k))
        if frame is None or frame.pts != self._index.pts[k]:
            self.keyframe_fallbacks += 1  # hidden or skipped keyframe: decode it the exact way
            return self._decode(k, size)
        return self._small_picture(frame, size)

    def _decode(self, i: int, size: tuple[int, int]) -> Frame:
        if self._exact_decoder is None:
            # One thread: a second decoder with frame threads holds ~30 MB more at 1080p.
            self._exact_decoder = self._open_decoder(DECODER_FRAMES)
        try:
            for index, frame in self._exact_decoder.walk(i):
                if index == i:
                    return self._small_picture(frame, size)
        except FrameUnavailableError:
            self._exact_decoder.reset()
            raise
        raise AssertionError("walk ends at its target")

    def _open_decoder(self, frames: int, keyframes_only: bool = False) -> FrameDecoder:
        """A one-thread decoder of its own, `frames` frames reserved from the cache for it."""
        decoder = FrameDecoder(
            self._path, self._index, threads=1, keyframes_only=keyframes_only, opener=self._opener
        )
        nbytes = frames * self.frame_bytes
        self._frames.reserve(nbytes)
        self._reserved += nbytes
        return decoder

    def _small_picture(self, frame: Any, size: tuple[int, int]) -> Frame:
        width, height = size
        stored = self._orientation.stored_size(width, height)
        rgb: Frame = frame.to_ndarray(format="rgb24")
        return self._orientation.apply(_scaled(rgb, stored))


def _scaled(rgb: Frame, size: tuple[int, int]) -> Frame:
    if (rgb.shape[1], rgb.shape[0]) == size:
        return rgb
    return np.ascontiguousarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA))
