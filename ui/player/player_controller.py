"""The player's brain: position, play/pause, shuttle, speed, loop; no widgets.

All public methods are for the GUI thread. Decoding happens on a `FrameWorker` thread; the
controller asks for frames by value through its `FrameChannel`, which passes on only answers
to the newest request. How it plays (J/K/L, speed, loop, a reel's range, the clock-driven
tick) is its `Transport`'s job. The controller coordinates: it opens and closes videos, moves
the player and routes decoded frames to the screen or to the running play.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from ui.player.frame_channel import FrameChannel
from ui.player.frame_worker import FrameResult
from ui.player.playback_buffer import PlaybackStats
from ui.player.playback_clock import ClockFactory, PlaybackClock, WallClock, default_clock_factory
from ui.player.player_position import PlayerPosition
from ui.player.transport import Transport
from ui.player.transport_rules import MAX_SPEED, MIN_SPEED, SPEEDS
from ui.player.video_info import VideoInfo
from ui.player.video_slot import VideoSlot

__all__ = ["MAX_SPEED", "MIN_SPEED", "SPEEDS", "PlaybackStats", "PlayerController"]


class PlayerController(QObject):
    frameShown = Signal(int, object)  # exact frame index, RGB ndarray; GUI thread
    previewShown = Signal(int, object)  # scrub position, a stand-in RGB (may be a keyframe)
    playingChanged = Signal(bool)
    speedChanged = Signal(float)
    videoOpened = Signal()
    openingChanged = Signal(bool)  # a video is being opened in the background
    videoClosed = Signal()
    errorOccurred = Signal(str)
    # The user moved the player by hand (a transport button, a key, the timeline), emitted
    # just before the move; never for moves made in code, such as a reel playing.
    userMoved = Signal()
    # A `play_range` reached the end of its out frame and paused there (the frame stays up).
    rangeFinished = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        opener: Callable[[Path], Any] | None = None,
        clock_factory: ClockFactory = default_clock_factory,
        wall_clock: Callable[[], PlaybackClock] = WallClock,
        synchronous: bool = False,
        tick_interval_ms: int = 4,
    ) -> None:
        super().__init__(parent)
        self._slot = VideoSlot(self._adopt, opener, clock_factory, synchronous, parent=self)
        self._slot.busyChanged.connect(self.openingChanged)
        self._position = PlayerPosition()
        self._channel = FrameChannel(
            self._on_frame_ready, self._on_decode_failed, synchronous=synchronous, parent=self
        )
        self._transport = Transport(
            self._position,
            self._channel,
            show=self._show,
            seek=self.seek,
            sound_clock=lambda: self._slot.clock,
            wall_clock=wall_clock,
            tick_interval_ms=tick_interval_ms,
            parent=self,
        )
        self._transport.playingChanged.connect(self.playingChanged)
        self._transport.speedChanged.connect(self.speedChanged)
        self._transport.rangeFinished.connect(self.rangeFinished)

    # --- opening -------------------------------------------------------------------------

    def open(self, path: str | Path) -> None:
        """Open a video here, on the GUI thread (raises MediaError), and show its first
        frame; for scripts and tests. The window uses `open_in_background`."""
        self._slot.open(path)

    def open_in_background(
        self,
        path: str | Path,
        done: Callable[[Exception | None], None],
        frame_index_json: str | None = None,
    ) -> None:
        """Open `path` off the GUI thread, then make it current and call `done(None)`, or
        `done(error)` when it cannot be opened (the current video stays); the newest open
        wins. `frame_index_json`, the clip's saved frame index, spares the engine a demux
        (see `VideoSlot.open_in_background`)."""
        self._slot.open_in_background(path, done, frame_index_json)

    @property
    def is_opening(self) -> bool:
        return self._slot.busy

    def _adopt(self, video: Any, info: VideoInfo, clock: PlaybackClock | None) -> None:
        """Make an opened video (its sound clock started) current and show its first frame."""
        self.close()
        self._slot.hold(video, clock)
        self._channel.attach(video, list(info.keyframes))
        self._position.reset(info)
        self._transport.range = None
        self.videoOpened.emit()
        self.seek(0)

    def close(self) -> None:
        if self._position.info is None:
            return
        self.pause()
        self._channel.detach()
        # Thumbnail calls still running on the timeline's thread wait for the engine's lock.
        self._slot.close()
        self._position.info = None
        self._transport.forget_frames()
        self.videoClosed.emit()

    def shutdown(self) -> None:
        """Stop every thread and timer; call when the window closes."""
        self._slot.shutdown()
        self.close()
        self._transport.stop_timer()

    @property
    def video_info(self) -> VideoInfo | None:
        return self._position.info

    def thumbnail(self, frame: int, max_width: int, exact: bool = False) -> np.ndarray[Any, Any]:
        """A small RGB frame; thread-safe (the engine gives thumbnails their own decoder), so
        this is the `thumbnail_source` to hand the timeline. Raises when nothing is open.
        `exact` decodes frame itself rather than a nearby preview (review mode's preload)."""
        return self._slot.thumbnail(frame, max_width, exact)

    # --- state -----------------------------------------------------------------------------

    @property
    def current_frame(self) -> int:
        """Where the player stands: the last frame asked for (shown or about to be)."""
        return self._position.target

    @property
    def shown_frame(self) -> int:
        """The frame actually on screen, -1 before the first one arrives."""
        return self._position.shown

    @property
    def is_playing(self) -> bool:
        return self._transport.playing

    @property
    def speed(self) -> float:
        return self._transport.speed

    @property
    def direction(self) -> int:
        return self._transport.direction

    @property
    def loop(self) -> tuple[int | None, int | None]:
        return self._transport.loop

    @property
    def clock(self) -> PlaybackClock | None:
        return self._transport.clock

    @property
    def stats(self) -> PlaybackStats:
        """Frames shown and skipped since the last play started."""
        return self._transport.stats

    @property
    def stale_requests_dropped(self) -> int:
        return self._channel.dropped

    def by_user(self, move: Callable[[], None]) -> Callable[[], None]:
        """`move`, announced first with `userMoved` (so a playing reel stops before it)."""

        def announced(*_args: object) -> None:
            self.userMoved.emit()
            move()

        return announced

    # --- moving --------------------------------------------------------------------------

    def seek(self, frame: int) -> None:
        """Show exactly `frame` (clamped)."""
        info = self._position.info
        if info is None:
            return
        frame = info.clamp(frame)
        if self._transport.playing:
            self._transport.restart(frame)
            return
        self._position.target = frame
        self._channel.ask(frame)

    def preview(self, frame: int) -> None:
        """While scrubbing: show something for `frame` at once, the exact frame soon after."""
        info = self._position.info
        if info is None:
            return
        self.pause()
        self._position.target = info.clamp(frame)
        self._channel.ask(self._position.target, kind="preview")

    def step(self, delta_frames: int) -> None:
        self.pause()
        self.seek(self._position.target + delta_frames)

    def step_seconds(self, delta_s: float) -> None:
        info = self._position.info
        if info is None:
            return
        self.pause()
        # Land on a real frame near the new time rather than adding fps * delta_s, so
        # variable-frame-rate phone video still moves by one second of footage.
        self.seek(info.frame_at(info.time_of(self._position.target) + delta_s))

    def go_start(self) -> None:
        self.seek(0)

    def go_end(self) -> None:
        if self._position.info is not None:
            self.seek(self._position.info.last_frame)

    # --- playing (the transport's job) -----------------------------------------------------

    def play(self) -> None:
        self._transport.play()

    def play_range(self, in_frame: int, out_frame: int) -> None:
        """Play forward from where the player stands (or `in_frame` when outside) to the end
        of `out_frame`, then pause there and emit `rangeFinished`: a reel's moving part."""
        self._transport.play_range(in_frame, out_frame)

    def set_muted(self, muted: bool) -> None:
        """Play silent (on the wall clock) from the next play on: a slowed reel item."""
        self._transport.set_muted(muted)

    def refresh_audio_delay(self) -> None:
        """The output's audio delay setting changed: apply it now, even mid-play."""
        self._transport.refresh_audio_delay()

    def pause(self) -> None:
        self._transport.pause()

    def toggle_play(self) -> None:
        self._transport.toggle_play()

    def shuttle_forward(self) -> None:
        """L: play forward; again doubles the speed (up to 2x); from reverse, forward at 1x."""
        self._transport.shuttle(1)

    def shuttle_backward(self) -> None:
        """J: play backward; again doubles the speed (up to 2x)."""
        self._transport.shuttle(-1)

    def shuttle_stop(self) -> None:
        """K: stop where we are."""
        self.pause()

    def set_speed(self, speed: float) -> None:
        self._transport.set_speed(speed)

    def set_loop(self, in_frame: int | None, out_frame: int | None) -> None:
        """Loop playback between in and out (inclusive); None on both ends turns it off."""
        self._transport.set_loop(in_frame, out_frame)

    def tick(self) -> None:
        """Show the frame due by the clock; public so tests can drive it with a manual clock."""
        self._transport.tick()

    # --- results ---------------------------------------------------------------------------

    def _on_frame_ready(self, result: FrameResult) -> None:
        """An answer to the newest request (the channel drops the others)."""
        if self.is_playing:
            self._transport.take(result)
        elif result.exact and result.frame == self._position.target:
            self._show(result.frame, result.rgb)
        elif not result.exact:
            self.previewShown.emit(self._position.target, result.rgb)

    def _on_decode_failed(self, message: str) -> None:
        self._transport.decode_failed()  # playback must not wait for it forever
        self.errorOccurred.emit(message)

    def _show(self, frame: int, rgb: np.ndarray[Any, Any]) -> None:
        self._position.shown = frame
        if self.is_playing:
            self._position.target = frame
        self.frameShown.emit(frame, rgb)
