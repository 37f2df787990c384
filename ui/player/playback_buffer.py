"""While playing: the decoded frames waiting for the clock, what to decode next, and when the
clock may start. Qt-free plain state, owned by the `PlayerController` (GUI thread only)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from ui.player.playback_clock import PlaybackClock
from ui.player.video_info import VideoInfo

CHUNK_FRAMES = 4  # frames per playback decode request
LOOKAHEAD_FRAMES = 10  # decoded frames kept ready ahead of the clock (absorbs decode jitter)
PREBUFFER_FRAMES = 4  # decoded before the clock starts, so play never opens with a drop
PREBUFFER_TIMEOUT_S = 0.3


@dataclass
class PlaybackStats:
    """Counts for the benchmark and tests: frames shown while playing and frames skipped."""

    shown: int = 0
    skipped: int = 0


def stride_for(speed: float) -> int:
    """Frames between the ones decoded: above 1x only those that can be shown. H.264 decodes
    the others anyway, but skipping their colour conversion and copy keeps 2x on time."""
    return max(1, round(speed)) if speed > 1 else 1


def play_bounds(
    info: VideoInfo, play_range: tuple[int, int] | None, loop: tuple[int | None, int | None]
) -> tuple[int, int]:
    """First and last frame playback may show: a reel step's range, else the loop, else all."""
    if play_range is not None:
        return play_range
    lo, hi = loop
    return (
        info.clamp(lo) if lo is not None else 0,
        info.clamp(hi) if hi is not None else info.last_frame,
    )


class PlaybackBuffer:
    """Frames decoded ahead of the clock, and the read-ahead that keeps them coming."""

    def __init__(self) -> None:
        self.frames: dict[int, np.ndarray[Any, Any]] = {}
        self.requested_until = 0  # the last frame asked of the decoder
        self.in_flight = False  # a decode request is running

    def __len__(self) -> int:
        return len(self.frames)

    def clear(self) -> None:
        self.frames.clear()
        self.in_flight = False

    def restart(self, frame: int, signed_stride: int) -> None:
        """Play from `frame`: nothing decoded yet, the first request starts at `frame`."""
        self.clear()
        self.requested_until = frame - signed_stride

    def add(self, frame: int, rgb: np.ndarray[Any, Any], last: bool) -> None:
        self.frames[frame] = rgb
        if last:
            self.in_flight = False

    def take_due(self, due: int, forward: bool) -> tuple[int, np.ndarray[Any, Any]] | None:
        """The newest frame not later than `due` (in the playing direction); it and the
        frames before it leave the buffer. None when none is decoded yet."""
        ready = [i for i in self.frames if (i <= due if forward else i >= due)]
        if not ready:
            return None
        best = max(ready) if forward else min(ready)
        rgb = self.frames[best]
        for i in ready:
            del self.frames[i]
        return best, rgb

    def next_chunk(self, due: int, lo: int, hi: int, stride: int) -> tuple[int, int] | None:
        """(first frame, count) of the next decode request, `stride` apart (signed), or None
        when one is running or enough are requested ahead of `due`."""
        if self.in_flight:
            return None
        direction = 1 if stride > 0 else -1
        ahead = (self.requested_until - due) // stride
        if ahead >= LOOKAHEAD_FRAMES:
            return None
        start = self.requested_until + stride
        if (start - due) * direction < 0:
            start = due  # decoding fell behind the clock: jump to what is due now
        if not lo <= start <= hi:
            # Striding at 2x can step over the last frame; show it anyway before stopping.
            boundary = hi if stride > 0 else lo
            if self.requested_until == boundary:
                return None
            start = boundary
        room = (hi - start) // stride if stride > 0 else (start - lo) // -stride
        count = min(CHUNK_FRAMES, room + 1)
        self.requested_until = start + (count - 1) * stride
        self.in_flight = True
        return start, count


class ClockGate:
    """Holds the clock back until a few frames are decoded (or a short wait has passed), so
    play never opens with a dropped frame."""

    def __init__(self) -> None:
        self.clock: PlaybackClock | None = None
        self.running = False
        self._start_s = 0.0
        self._deadline_s = 0.0

    def arm(self, clock: PlaybackClock, start_s: float) -> None:
        self.clock, self._start_s, self.running = clock, start_s, False
        self._deadline_s = time.monotonic() + PREBUFFER_TIMEOUT_S

    def start_when_ready(self, buffered: int, wanted: int, signed_speed: float) -> bool:
        if self.running or self.clock is None:
            return self.running
        if buffered >= wanted or time.monotonic() >= self._deadline_s:
            self.clock.start(self._start_s, signed_speed)
            self.running = True
        return self.running

    def stop(self) -> None:
        if self.clock is not None:
            if self.running:
                self.clock.stop()
            self.clock = None
        self.running = False
