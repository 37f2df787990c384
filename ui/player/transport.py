"""Whether and how the player plays: play and pause, J/K/L, speed, loop, a reel's range.

While playing, a `QTimer` ticks the running `PlaybackRun`, which shows the frame its clock
says is due; every change of speed, direction or range restarts the run from the frame on
screen. What happens at the end: a range pauses on its out frame, a loop wraps, else the
player pauses. Owned by the `PlayerController`, which forwards its signals; GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from ui.player.frame_channel import FrameChannel
from ui.player.frame_worker import FrameResult
from ui.player.playback_buffer import PlaybackStats, play_bounds
from ui.player.playback_clock import PlaybackClock
from ui.player.playback_run import PlaybackRun
from ui.player.player_position import PlayerPosition
from ui.player.transport_rules import (
    clamp_speed,
    ordered_loop,
    play_start,
    shuttle_faster,
)

Show = Callable[[int, np.ndarray[Any, Any]], None]


class Transport(QObject):
    playingChanged = Signal(bool)
    speedChanged = Signal(float)
    rangeFinished = Signal()  # a `play_range` paused on the end of its out frame

    def __init__(
        self,
        position: PlayerPosition,
        channel: FrameChannel,
        *,
        show: Show,
        seek: Callable[[int], None],
        sound_clock: Callable[[], PlaybackClock | None],
        wall_clock: Callable[[], PlaybackClock],
        tick_interval_ms: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._position = position
        self._channel = channel
        self._show = show
        self._seek = seek
        self._wall_clock = wall_clock
        self._sound_clock = sound_clock  # the open video's, None: none
        self.speed = 1.0
        self.direction = 1
        self.playing = False
        self.loop: tuple[int | None, int | None] = (None, None)
        self.range: tuple[int, int] | None = None  # play once in..out (a reel step)
        self._muted = False
        self._run = PlaybackRun(self._bounds, channel.read_ahead)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_interval_ms)
        self._timer.timeout.connect(self.tick)

    @property
    def clock(self) -> PlaybackClock | None:
        return self._run.clock

    @property
    def stats(self) -> PlaybackStats:
        return self._run.stats

    # --- the player's commands -----------------------------------------------------------

    def play(self) -> None:
        """Play to the end (no range): on in the direction playing, else forward."""
        self.range = None
        self.start(self.direction if self.playing else 1)

    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.range = None
            self.start(1)

    def start(self, direction: int) -> None:
        """Start playing (nothing when already playing or no video is open)."""
        info = self._position.info
        if info is None or self.playing:
            return
        start = play_start(self._shown_or_target(), direction, *self._bounds())
        self.direction = direction
        self.playing = True
        self._run.stats = PlaybackStats()
        self.restart(start)
        self._timer.start()
        self.playingChanged.emit(True)

    def play_range(self, in_frame: int, out_frame: int) -> None:
        info = self._position.info
        if info is None:
            return
        self.range = (info.clamp(in_frame), info.clamp(max(in_frame, out_frame)))
        if self.playing:
            self.restart(self._shown_or_target())
        else:
            self.start(1)

    def pause(self) -> None:
        if not self.playing:
            return
        self.playing = False
        self._timer.stop()
        self._run.stop()
        position = self._position
        if position.shown >= 0:
            position.target = position.shown
        # Stopped here (late playback frames are now stale): the worker prefetches the
        # frames before it if the user then rests.
        self._channel.ask(position.target, kind="rest")
        self.playingChanged.emit(False)

    def shuttle(self, direction: int) -> None:
        self.range = None
        if self.playing and self.direction == direction:
            self.set_speed(shuttle_faster(self.speed))
            return
        if self.speed != 1.0:
            self.speed = 1.0
            self.speedChanged.emit(1.0)
        if self.playing:
            self.direction = direction
            self.restart(self._shown_or_target())
        else:
            self.start(direction)

    def set_speed(self, speed: float) -> None:
        speed = clamp_speed(speed)
        if speed == self.speed:
            return
        self.speed = speed
        if self.playing:
            self.restart(self._shown_or_target())
        self.speedChanged.emit(speed)

    def set_loop(self, in_frame: int | None, out_frame: int | None) -> None:
        self.loop = ordered_loop(in_frame, out_frame)

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def refresh_audio_delay(self) -> None:
        refresh = getattr(self._sound_clock(), "refresh_delay", None)
        if refresh is not None:
            refresh()

    def stop_timer(self) -> None:
        self._timer.stop()

    # --- the running play ----------------------------------------------------------------

    def restart(self, frame: int) -> None:
        """Play on from `frame` (playing only): what was decoded for the old run is stale."""
        info = self._position.info
        assert info is not None
        self._position.target = frame
        self._channel.renew()
        # Backward (J) plays the sound reversed, as editors' JKL does: a vocalisation can be
        # found by ear while rewinding, and the picture keeps the sound's pace both ways.
        clock = self._sound_clock()
        if clock is None or self._muted:
            clock = self._wall_clock()
        self._run.start(info, frame, self.direction, self.speed, clock)

    def take(self, result: FrameResult) -> None:
        """A decoded frame for the running play (the newest request's answer)."""
        self._run.buffer.add(result.frame, result.rgb, result.last)
        self.tick()

    def decode_failed(self) -> None:
        # A frame that cannot be decoded must not leave playback waiting for it forever.
        self._run.buffer.in_flight = False
        self.pause()

    def forget_frames(self) -> None:
        """The video closed: its decoded frames go."""
        self._run.buffer.clear()

    def tick(self) -> None:
        """Show the frame due by the clock; public so tests can drive it with a manual clock."""
        info, clock = self._position.info, self._run.clock
        if not self.playing or info is None or clock is None:
            return
        if not self._run.clock_running(self._position.target):
            return
        due = self._run.due_frame(info, clock)
        if due is None:
            self._reached_end()
            return
        taken = self._run.take_due(due, self._position.shown)
        if taken is not None:
            self._show(*taken)
        self._run.read_ahead(due)

    def _reached_end(self) -> None:
        lo, hi = self._bounds()
        if self.range is not None:
            out_frame = self.range[1]
            self.pause()
            if self._position.shown != out_frame:
                self._seek(out_frame)  # a late decode skipped it: the out frame is what stays
            self.rangeFinished.emit()
        elif self.loop != (None, None):
            self.restart(lo if self.direction > 0 else hi)
        else:
            self.pause()

    def _bounds(self) -> tuple[int, int]:
        assert self._position.info is not None
        return play_bounds(self._position.info, self.range, self.loop)

    def _shown_or_target(self) -> int:
        position = self._position
        return position.shown if self.playing and position.shown >= 0 else position.target
