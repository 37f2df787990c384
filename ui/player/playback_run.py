"""One play of the player: from a frame, in one direction, at one speed, until it is stopped.

It follows its clock: each tick maps the clock's media time to the frame due and shows the
newest decoded frame not later than it, so a slow tick or decode drops a frame rather than
letting the picture drift from the sound. It keeps the decoded frames waiting for the clock
(`PlaybackBuffer`), holds the clock back until a few are ready (`ClockGate`), asks for the next
ones and counts what it showed and skipped. Qt-free; owned by the `PlayerController` (GUI
thread only), which restarts it for every change of speed, direction or range.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ui.player.playback_buffer import (
    PREBUFFER_FRAMES,
    ClockGate,
    PlaybackBuffer,
    PlaybackStats,
    stride_for,
)
from ui.player.playback_clock import PlaybackClock
from ui.player.video_info import VideoInfo

Bounds = Callable[[], tuple[int, int]]  # first and last frame the play may show, asked anew
ReadAhead = Callable[[int, int, int], None]  # (first frame, count, signed stride)


class PlaybackRun:
    """The running play's clock, decoded frames and read-ahead."""

    def __init__(self, bounds: Bounds, read_ahead: ReadAhead) -> None:
        self._bounds = bounds
        self._read_ahead = read_ahead
        self.gate = ClockGate()  # the clock of this play, started once frames are ready
        self.buffer = PlaybackBuffer()
        self.stats = PlaybackStats()
        self._direction = 1
        self._speed = 1.0
        self._stride = 1

    @property
    def clock(self) -> PlaybackClock | None:
        return self.gate.clock

    def start(
        self, info: VideoInfo, frame: int, direction: int, speed: float, clock: PlaybackClock
    ) -> None:
        """Play from `frame` on `clock` (its time starts once the first frames are decoded)."""
        self.gate.stop()
        self._direction, self._speed, self._stride = direction, speed, stride_for(speed)
        self.buffer.restart(frame, direction * self._stride)
        # Backward, start at the end of the frame's interval so it is on screen for its time.
        start_s = info.time_of(frame) if direction > 0 else info.end_of(frame) - 1e-6
        self.gate.arm(clock, start_s)
        self.read_ahead(frame)
        self.clock_running(frame)

    def stop(self) -> None:
        self.gate.stop()
        self.buffer.clear()

    def clock_running(self, target: int) -> bool:
        """Start the clock once a few frames from `target` on are decoded (or after a short
        wait); whether it runs."""
        if self.gate.running or self.gate.clock is None:
            return self.gate.running
        lo, hi = self._bounds()
        remaining = (hi - target if self._direction > 0 else target - lo) + 1
        wanted = min(PREBUFFER_FRAMES, max(remaining // self._stride, 1))
        return self.gate.start_when_ready(len(self.buffer), wanted, self._speed * self._direction)

    def due_frame(self, info: VideoInfo, clock: PlaybackClock) -> int | None:
        """The frame due by the clock, or None once the clock is past the last one."""
        position_s = clock.position_s()
        lo, hi = self._bounds()
        forward = self._direction > 0
        # The out frame stays up for its whole duration before the loop wraps or play stops.
        if (forward and position_s >= info.end_of(hi)) or (
            not forward and position_s < info.time_of(lo)
        ):
            return None
        return min(max(info.frame_at(position_s), lo), hi)

    def take_due(self, due: int, shown: int) -> tuple[int, np.ndarray[Any, Any]] | None:
        """The decoded frame to show for `due` when it is not `shown` already, counted."""
        taken = self.buffer.take_due(due, self._direction > 0)
        if taken is None or taken[0] == shown:
            return None
        gap = abs(taken[0] - shown) // self._stride - 1 if shown >= 0 else 0
        self.stats.skipped += max(gap, 0)
        self.stats.shown += 1
        return taken

    def read_ahead(self, due: int) -> None:
        """Ask for the next frames after `due` unless enough are asked for already."""
        stride = self._stride * self._direction
        chunk = self.buffer.next_chunk(due, *self._bounds(), stride)
        if chunk is not None:
            self._read_ahead(chunk[0], chunk[1], stride)
