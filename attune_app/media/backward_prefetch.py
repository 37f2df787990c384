"""`BackwardPrefetcher`: decodes the frames a backward run will want next, in the background.

Stepping backwards is cheap while the frames before the current one are cached; reaching the
start of what is cached costs a decode from the keyframe. The UI's decode worker calls
`prefetch_before(i)` after each backward step: when few cached frames are left before i, it
decodes the next chunk below them (as many frames as fit without evicting the ones the user is
about to see) on a decoder and container of its own, so the user's next steps stay cache hits.
A chunk is decoded from its keyframe (the only way in), converting to RGB only the frames kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from attune_app.media.decoder import DECODER_FRAMES, FrameDecoder, FrameUnavailableError
from attune_app.media.frame_cache import FrameCache
from attune_app.media.frame_index import FrameIndex
from attune_app.media.source import Opener

Frame = NDArray[np.uint8]
_RESERVE_FRAMES = 2  # cache room left for the frame being shown and one more
# The prefetch's decoder counts against the cache bound while it runs, so the process stays
# within it.
_DECODER_FRAMES = DECODER_FRAMES


class BackwardPrefetcher:
    """Fills a `FrameCache` with the frames before a backward run, bounded by the cache.

    Thread-safety: every method may be called from any thread. `prefetch_before` runs on the
    caller's thread, one call at a time; a newer call (from another thread) or `cancel()`
    stops a running one after its current frame. `wait_for` lets a reader wait for a frame
    that a running prefetch is about to deliver instead of decoding the same frames again.
    """

    def __init__(
        self,
        path: str,
        index: FrameIndex,
        cache: FrameCache,
        to_rgb: Callable[[Any], Frame],
        frame_bytes: int,
        opener: Opener | None = None,
        available: Callable[[int], bool] | None = None,
    ) -> None:
        self._path = path
        self._opener = opener
        self._index = index
        self._cache = cache
        self._to_rgb = to_rgb
        self._frame_bytes = max(frame_bytes, 1)
        # A frame the user will see without a decode: cached, or (`available`) ready nearby.
        self._available = available or cache.__contains__
        self._cond = threading.Condition()
        self._generation = 0
        # (first frame being decoded, top of the run it serves), inclusive, while one runs
        self._busy: tuple[int, int] | None = None
        self._busy_frames: tuple[int, int] | None = None  # (first, last) being decoded
        self._run_lock = threading.Lock()
        self._closed = False
        self.frames_added = 0  # for tests and the benchmark

    def prefetch_before(self, i: int, should_stop: Callable[[], bool] | None = None) -> int:
        """Decode the next chunk of frames below the cached run ending at frame i.

        Returns how many frames it added to the cache (0 when enough are cached already,
        when a running call is already fetching what i needs, or when cancelled). A call for
        a frame elsewhere (the user jumped) stops a running one. `should_stop` is polled
        between frames: make it true when the user leaves the backward run (a jump, play),
        not merely because the next step arrived, or no chunk would ever finish.
        """
        with self._cond:
            if self._busy is not None and self._busy[0] <= i <= self._busy[1]:
                return 0  # the running call serves this step too
            self._generation += 1
            generation = self._generation

        def stale() -> bool:
            return self._generation != generation or (should_stop is not None and should_stop())

        with self._run_lock:
            if self._closed or stale():
                return 0
            plan = self._plan(i)
            if plan is None:
                return 0
            return self._fill(*plan, i, stale)

    def wait_for(self, i: int) -> None:
        """Return once frame i is cached or no running prefetch is about to decode it."""
        with self._cond:
            self._cond.wait_for(
                lambda: (
                    self._busy_frames is None
                    or not self._busy_frames[0] <= i <= self._busy_frames[1]
                    or i in self._cache
                )
            )

    def cancel(self, wait: bool = False) -> None:
        """Stop a running prefetch after its current frame; with `wait`, until it has."""
        with self._cond:
            self._generation += 1
        if wait:
            with self._run_lock:
                pass

    def close(self) -> None:
        self.cancel()
        with self._run_lock:
            self._closed = True

    # -- internals -----------------------------------------------------------------------

    def _plan(self, i: int) -> tuple[int, int, range] | None:
        """(first, last) frames to decode and the cached run they extend, or None."""
        capacity = self._capacity()
        lowest = i + 1
        while lowest > 0 and self._available(lowest - 1) and i - lowest + 1 < capacity:
            lowest -= 1
        last = lowest - 1
        if last < 0:
            return None
        ahead = range(i, lowest - 1, -1)  # cached frames the user will see next
        keyframe = self._index.seek_point_for(last).first_frame
        left_in_gop = last - keyframe + 1
        room = capacity - _DECODER_FRAMES - len(ahead) - _RESERVE_FRAMES
        count = min(room, left_in_gop)
        # Each chunk costs a decode from the keyframe, so chunks are big (half the cache):
        # wait until the user has used enough of the cached run.
        if count < 1 or count < min(capacity // 2, left_in_gop):
            return None
        return last - count + 1, last, ahead

    def _capacity(self) -> int:
        """Frames the cache holds now (what is reserved for good is not room)."""
        return (self._cache.max_bytes - self._cache.reserved_bytes) // self._frame_bytes

    def _fill(
        self, first: int, last: int, ahead: range, top: int, stale: Callable[[], bool]
    ) -> int:
        self._cache.touch(ahead)  # so the chunk evicts frames behind the user, not these
        with self._cond:
            self._busy = (first, top + _RESERVE_FRAMES)
            self._busy_frames = (first, last)
        try:
            with self._cache.reserved(_DECODER_FRAMES * self._frame_bytes):
                added = self._decode_chunk(first, last, stale)
        finally:
            with self._cond:
                self._busy = self._busy_frames = None
                self._cond.notify_all()
        self.frames_added += added
        return added

    def _decode_chunk(self, first: int, last: int, stale: Callable[[], bool]) -> int:
        # A decoder per chunk: its buffers are not worth keeping between chunks, and
        # reopening costs a few ms next to a decode from the keyframe. One thread: this is
        # background work on a machine that also plays the video.
        decoder = FrameDecoder(self._path, self._index, threads=1, opener=self._opener)
        added = 0
        try:
            for index, frame in decoder.walk(last, from_frame=first):
                if stale():
                    break
                if index >= first and index not in self._cache:
                    self._cache.put(index, self._to_rgb(frame))
                    added += 1
                    with self._cond:
                        self._cond.notify_all()
        except FrameUnavailableError:
            pass  # damaged data: the reader reports it when it gets there
        finally:
            decoder.close()
        return added
