"""`LandingPictures`: the pictures a seek decoded on its way to the frame it landed on.

An exact seek decodes from the keyframe up to its target and used to throw the frames before
the target away; the first step back then decoded them all again (with an RGB conversion
each) while key repeats piled up: a lag of 6-7 frames at 1080p. Kept as the decoder gave them
(YUV, half the bytes of RGB, no conversion paid), each costs one conversion when a backward
step or the background prefetch asks for it.

Memory: a picture held here keeps a buffer of the decoder's frame pool, and FFmpeg's pools
never shrink, so the most bytes ever held stay allocated as long as the decoder lives. That
high-water mark is reserved from the frame cache's bound for good (at most 1/8 of it), so the
process stays within the bound: held pictures plus cached frames never exceed it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from attune_app.media.frame_cache import FrameCache

Frame = NDArray[np.uint8]
_CACHE_SHARE = 8  # a landing keeps at most this share of the cache bound (1/8: 20 at 1080p)


class LandingPictures:
    """Decoded pictures of the frames just before the last landing, bounded by bytes.

    Thread-safety: every method may be called from any thread. `take` converts under a lock,
    so a frame is converted once even when a reader and the prefetch thread both want it.
    """

    def __init__(self, cache: FrameCache, to_rgb: Callable[[Any], Frame]) -> None:
        self._cache = cache
        self._to_rgb = to_rgb
        self._lock = threading.Lock()
        self._pictures: dict[int, Any] = {}  # frame index -> av.VideoFrame
        self._held_bytes = 0
        self._reserved = 0  # the high-water mark of held bytes, reserved from the cache
        self._top = -1  # the landing frame itself
        self._generation = 0

    def collector(self, target: int) -> Callable[[int, Any], None]:
        """A callback for a walk to `target`: give it every frame the walk decodes. The
        frames before the target replace the last landing's (a walk that decodes none, a
        step forward, leaves them)."""
        started = [False]
        limit = [0]  # frames; known once the first picture's size is

        def keep(index: int, picture: Any) -> None:
            if index >= target:
                if started[0]:
                    with self._lock:
                        self._top = target
                return
            nbytes = _bytes_of(picture)
            with self._lock:
                if not started[0]:
                    started[0] = True
                    self._drop()
                    limit[0] = self._cache.max_bytes // _CACHE_SHARE // nbytes
                if not limit[0] or index in self._cache:
                    return
                self._pictures[index] = picture
                self._held_bytes += nbytes
                if len(self._pictures) > limit[0]:
                    earliest = next(iter(self._pictures))  # a backward run needs it last
                    self._held_bytes -= _bytes_of(self._pictures.pop(earliest))
                self._reserve_held()

        return keep

    def take(self, i: int) -> Frame | None:
        """Frame i as RGB (now also cached) when it is kept here, else None."""
        with self._lock:
            picture = self._pictures.pop(i, None)
            if picture is None:
                return None
            self._held_bytes -= _bytes_of(picture)
            rgb = self._to_rgb(picture)
            self._cache.put(i, rgb)
            return rgb

    def fill_before(self, i: int, should_stop: Callable[[], bool]) -> int:
        """Convert the kept pictures below frame i into the cache, nearest first, stopping
        when `should_stop()` or `cancel()`; returns how many it converted."""
        with self._lock:
            generation = self._generation
            wanted = sorted((j for j in self._pictures if j < i), reverse=True)
        done = 0
        for j in wanted:
            if should_stop() or generation != self._generation:
                break
            if self.take(j) is not None:
                done += 1
        return done

    def forget_unless_near(self, i: int, window: int) -> None:
        """A read far from the landing (played on, or jumped) no longer needs its pictures."""
        with self._lock:
            if self._pictures and not min(self._pictures) - window <= i <= self._top + window:
                self._drop()

    def cancel(self) -> None:
        self._generation += 1

    def clear(self) -> None:
        """Drop the pictures and the reservation: the decoder (and its pool) is closed."""
        with self._lock:
            self._drop()
            self._cache.release(self._reserved)
            self._reserved = 0

    def __contains__(self, i: int) -> bool:
        with self._lock:
            return i in self._pictures

    # -- internals (under the lock) --------------------------------------------------------

    def _reserve_held(self) -> None:
        if self._held_bytes > self._reserved:
            self._cache.reserve(self._held_bytes - self._reserved)
            self._reserved = self._held_bytes

    def _drop(self) -> None:
        self._pictures = {}
        self._held_bytes = 0


def _bytes_of(picture: Any) -> int:
    planes = getattr(picture, "planes", ())
    return sum(int(plane.buffer_size) for plane in planes) or 1
