"""`LandingPictures`: the pictures a seek decoded on its way to the frame it landed on.

An exact seek decodes from the keyframe up to its target and, until now, threw the frames
before the target away; the first step back then decoded them all again (with an RGB
conversion each) while key repeats piled up: a lag of 6-7 frames at 1080p. Kept as the
decoder gave them (YUV, half the bytes of RGB, no conversion paid), each costs one
conversion when a backward step or the background prefetch asks for it, nearest first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from attune_app.media.frame_cache import FrameCache

Frame = NDArray[np.uint8]
# A landing's pictures take at most this share of the cache bound (counted against it).
_CACHE_SHARE = 4


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
        self._picture_bytes = 0
        self._reserved = 0
        self._top = -1  # the landing frame itself
        self._generation = 0

    def collector(self, target: int) -> Callable[[int, Any], None]:
        """A callback for the walk to `target`: give it every frame before the target."""
        kept: dict[int, Any] = {}
        limit = [0]  # frames; known once the first picture's size is

        def keep(index: int, picture: Any) -> None:
            if index >= target:
                if kept:
                    self._replace(target, kept)
                return
            if not limit[0]:
                limit[0] = self._cache.max_bytes // _CACHE_SHARE // max(_bytes_of(picture), 1)
            kept[index] = picture
            if len(kept) > limit[0]:
                del kept[next(iter(kept))]  # the earliest: a backward run needs it last

        return keep

    def take(self, i: int) -> Frame | None:
        """Frame i as RGB (now also cached) when it is kept here, else None."""
        with self._lock:
            picture = self._pictures.pop(i, None)
            if picture is None:
                return None
            rgb = self._to_rgb(picture)
            self._cache.put(i, rgb)
            self._shrink_reservation()
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
        with self._lock:
            self._drop()

    def __contains__(self, i: int) -> bool:
        with self._lock:
            return i in self._pictures

    # -- internals -----------------------------------------------------------------------

    def _replace(self, top: int, pictures: dict[int, Any]) -> None:
        with self._lock:
            # A walk that went on from the last landing (a short jump forward) extends it.
            extends = bool(self._pictures) and min(pictures) <= self._top + 1 < top + 1
            merged = {**self._pictures, **pictures} if extends else dict(pictures)
            self._drop()
            self._top = top
            fresh = sorted(j for j in merged if j not in self._cache)
            if not fresh:
                return
            limit = self._cache.max_bytes // _CACHE_SHARE // _bytes_of(merged[fresh[-1]])
            self._pictures = {j: merged[j] for j in fresh[-limit:]} if limit else {}
            self._picture_bytes = max((_bytes_of(p) for p in self._pictures.values()), default=0)
            self._reserved = self._picture_bytes * len(self._pictures)
            self._cache.reserve(self._reserved)

    def _shrink_reservation(self) -> None:
        wanted = self._picture_bytes * len(self._pictures)
        self._cache.release(self._reserved - wanted)
        self._reserved = wanted

    def _drop(self) -> None:
        self._pictures = {}
        self._shrink_reservation()


def _bytes_of(picture: Any) -> int:
    planes = getattr(picture, "planes", ())
    return sum(int(plane.buffer_size) for plane in planes) or 1
