"""The player's brain: position, play/pause, shuttle, speed, loop; no widgets.

All public methods are for the GUI thread. Decoding happens on a `FrameWorker` thread; the
controller asks for frames by value and shows only answers to its newest request (a token
travels with every request). Playback follows a `PlaybackClock`: each tick maps the clock's
media time to the frame due and shows the newest decoded frame not later than it, so a slow
tick or decode drops a frame rather than letting the picture drift from the sound.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from ui.player.frame_worker import FrameRequest, FrameResult, FrameWorker
from ui.player.playback_buffer import (
    PREBUFFER_FRAMES,
    ClockGate,
    PlaybackBuffer,
    PlaybackStats,
    play_bounds,
    stride_for,
)
from ui.player.playback_clock import (
    ClockFactory,
    PlaybackClock,
    WallClock,
    default_clock_factory,
)
from ui.player.video_info import VideoInfo
from ui.player.video_loading import load_video
from ui.player.video_opener import Loaded, OpenOutcome, VideoOpener

__all__ = ["MAX_SPEED", "MIN_SPEED", "SPEEDS", "PlaybackStats", "PlayerController"]

MIN_SPEED, MAX_SPEED = 0.25, 2.0
SPEEDS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


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
        self._opener = opener
        self._clock_factory = clock_factory
        self._wall_clock = wall_clock
        self._forward_clock: PlaybackClock | None = None
        self._synchronous = synchronous
        self._info: VideoInfo | None = None
        self._video: Any = None
        self._worker: FrameWorker | None = None
        self._token = 0
        self._target = 0  # the frame the user asked for last
        self._shown = -1  # the frame on screen
        self._speed = 1.0
        self._direction = 1
        self._playing = False
        self._loop: tuple[int | None, int | None] = (None, None)
        self._range: tuple[int, int] | None = None  # play once in..out (a reel step)
        self._muted = False
        self._gate = ClockGate()  # the clock of this play, started once frames are ready
        self._buffer = PlaybackBuffer()
        self.stats = PlaybackStats()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_interval_ms)
        self._timer.timeout.connect(self.tick)
        self._video_opener = VideoOpener(self._load, synchronous=synchronous, parent=self)
        self._video_opener.busyChanged.connect(self.openingChanged)

    # --- opening -------------------------------------------------------------------------

    def open(self, path: str | Path) -> None:
        """Open a video here, on the GUI thread (raises MediaError), and show its first
        frame; for scripts and tests. The window uses `open_in_background`."""
        self._video_opener.cancel()
        self._adopt(*self._load(Path(path)))

    def open_in_background(
        self,
        path: str | Path,
        done: Callable[[Exception | None], None],
        frame_index_json: str | None = None,
    ) -> None:
        """Open `path` off the GUI thread, then make it current and call `done(None)`, or
        `done(error)` when it cannot be opened (the current video stays). The newest open
        wins: one overtaken by another is dropped and its `done` is never called.
        `frame_index_json` is the clip's saved frame index: the engine then skips demuxing
        the whole file (it rebuilds an index that no longer fits the file; an unreadable one
        is ignored). An injected `opener` is called with the path only."""

        def loaded(outcome: OpenOutcome) -> None:
            if isinstance(outcome, Exception):
                done(outcome)
                return
            try:
                self._adopt(*outcome)
            except Exception as error:  # e.g. the sound device: told, not swallowed
                done(error)
                return
            done(None)

        # an encrypted library's clip is a MediaSource (decrypted in place), not a path
        target = Path(path) if isinstance(path, str) else path
        self._video_opener.open(target, loaded, frame_index_json)

    @property
    def is_opening(self) -> bool:
        return self._video_opener.busy

    def _load(self, path: Path, frame_index_json: str | None = None) -> Loaded:
        """Any thread: open the engine's video and copy out what the GUI thread needs."""
        return load_video(path, self._opener, frame_index_json)

    def _adopt(self, video: Any, info: VideoInfo) -> None:
        """Make an opened video current; on failure it is closed and the current one stays."""
        try:
            clock = self._clock_factory(info, video)
            warm_up = getattr(clock, "warm_up", None)
            if warm_up is not None:
                warm_up()  # open the sound device now, not at the first Space press
        except BaseException:
            video.__exit__(None, None, None)
            raise
        self.close()
        self._info, self._video = info, video
        self._worker = FrameWorker(
            video,
            keyframes=list(info.keyframes),
            synchronous=self._synchronous,
            parent=self,
        )
        self._worker.frameReady.connect(self._on_frame_ready)
        self._worker.failed.connect(self._on_decode_failed)
        self._target, self._shown = 0, -1
        self._range = None
        self._forward_clock = clock
        self.videoOpened.emit()
        self.seek(0)

    def close(self) -> None:
        if self._info is None:
            return
        self.pause()
        if self._worker is not None:
            self._worker.shutdown()
            self._worker.deleteLater()
            self._worker = None
        close_clock = getattr(self._forward_clock, "close", None)
        if close_clock is not None:
            close_clock()
        self._forward_clock = None
        # Thumbnail calls still running on the timeline's thread wait for the engine's lock.
        self._video.__exit__(None, None, None)
        self._video = None
        self._info = None
        self._buffer.clear()
        self.videoClosed.emit()

    def shutdown(self) -> None:
        """Stop every thread and timer; call when the window closes."""
        self._video_opener.shutdown()
        self.close()
        self._timer.stop()

    @property
    def video_info(self) -> VideoInfo | None:
        return self._info

    def thumbnail(self, frame: int, max_width: int, exact: bool = False) -> np.ndarray[Any, Any]:
        """A small RGB frame; thread-safe (the engine gives thumbnails their own decoder), so
        this is the `thumbnail_source` to hand the timeline. Raises when nothing is open.
        `exact` decodes frame itself rather than a nearby preview (review mode's preload)."""
        video = self._video
        if video is None:
            raise RuntimeError("no video is open")
        if exact:
            exact_rgb: np.ndarray[Any, Any] = video.thumbnail(frame, max_width, exact=True)
            return exact_rgb
        result: np.ndarray[Any, Any] = video.thumbnail(frame, max_width)
        return result

    @property
    def current_frame(self) -> int:
        """Where the player stands: the last frame asked for (shown or about to be)."""
        return self._target

    @property
    def shown_frame(self) -> int:
        """The frame actually on screen, -1 before the first one arrives."""
        return self._shown

    @property
    def is_playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def direction(self) -> int:
        return self._direction

    @property
    def clock(self) -> PlaybackClock | None:
        return self._gate.clock

    @property
    def loop(self) -> tuple[int | None, int | None]:
        return self._loop

    @property
    def stale_requests_dropped(self) -> int:
        return self._worker.dropped if self._worker else 0

    def by_user(self, move: Callable[[], None]) -> Callable[[], None]:
        """`move`, announced first with `userMoved` (so a playing reel stops before it)."""

        def announced(*_args: object) -> None:
            self.userMoved.emit()
            move()

        return announced

    # --- moving --------------------------------------------------------------------------

    def seek(self, frame: int) -> None:
        """Show exactly `frame` (clamped)."""
        if self._info is None:
            return
        frame = self._info.clamp(frame)
        if self._playing:
            self._restart_playback(frame)
            return
        self._target = frame
        self._submit(FrameRequest(self._next_token(), frame))

    def preview(self, frame: int) -> None:
        """While scrubbing: show something for `frame` at once, the exact frame soon after."""
        if self._info is None:
            return
        if self._playing:
            self.pause()
        self._target = self._info.clamp(frame)
        self._submit(FrameRequest(self._next_token(), self._target, kind="preview"))

    def step(self, delta_frames: int) -> None:
        if self._playing:
            self.pause()
        self.seek(self._target + delta_frames)

    def step_seconds(self, delta_s: float) -> None:
        if self._info is None:
            return
        if self._playing:
            self.pause()
        # Land on a real frame near the new time rather than adding fps * delta_s, so
        # variable-frame-rate phone video still moves by one second of footage.
        self.seek(self._info.frame_at(self._info.time_of(self._target) + delta_s))

    def go_start(self) -> None:
        self.seek(0)

    def go_end(self) -> None:
        if self._info is not None:
            self.seek(self._info.last_frame)

    # --- playing -------------------------------------------------------------------------

    def play(self) -> None:
        self._range = None
        self._play(self._direction if self._playing else 1)

    def play_range(self, in_frame: int, out_frame: int) -> None:
        """Play forward from where the player stands (or `in_frame` when outside) to the end
        of `out_frame`, then pause there and emit `rangeFinished`: a reel's moving part."""
        if self._info is None:
            return
        self._range = (self._info.clamp(in_frame), self._info.clamp(max(in_frame, out_frame)))
        if self._playing:
            self._restart_playback(self._shown_or_target())
        else:
            self._play(1)

    def set_muted(self, muted: bool) -> None:
        """Play silent (on the wall clock) from the next play on: a slowed reel item."""
        self._muted = muted

    def refresh_audio_delay(self) -> None:
        """The output's audio delay setting changed: apply it now, even mid-play."""
        refresh = getattr(self._forward_clock, "refresh_delay", None)
        if refresh is not None:
            refresh()

    def pause(self) -> None:
        if not self._playing:
            return
        self._playing = False
        self._timer.stop()
        self._gate.stop()
        self._buffer.clear()
        token = self._next_token()  # late playback frames are now stale
        if self._shown >= 0:
            self._target = self._shown
        # Stopped here: the worker prefetches the frames before it if the user then rests.
        self._submit(FrameRequest(token, self._target, kind="rest"))
        self.playingChanged.emit(False)

    def toggle_play(self) -> None:
        if self._playing:
            self.pause()
        else:
            self._range = None
            self._play(1)

    def shuttle_forward(self) -> None:
        """L: play forward; again doubles the speed (up to 2x); from reverse, forward at 1x."""
        self._shuttle(1)

    def shuttle_backward(self) -> None:
        """J: play backward; again doubles the speed (up to 2x)."""
        self._shuttle(-1)

    def shuttle_stop(self) -> None:
        """K: stop where we are."""
        self.pause()

    def set_speed(self, speed: float) -> None:
        speed = float(min(MAX_SPEED, max(MIN_SPEED, speed)))
        if speed == self._speed:
            return
        self._speed = speed
        if self._playing:
            self._restart_playback(self._shown_or_target())
        self.speedChanged.emit(speed)

    def set_loop(self, in_frame: int | None, out_frame: int | None) -> None:
        """Loop playback between in and out (inclusive); None on both ends turns it off."""
        if in_frame is not None and out_frame is not None and out_frame < in_frame:
            in_frame, out_frame = out_frame, in_frame
        self._loop = (in_frame, out_frame)

    def _shuttle(self, direction: int) -> None:
        self._range = None
        if self._playing and self._direction == direction:
            self.set_speed(min(MAX_SPEED, self._speed * 2))
            return
        if self._speed != 1.0:
            self._speed = 1.0
            self.speedChanged.emit(1.0)
        if self._playing:
            self._direction = direction
            self._restart_playback(self._shown_or_target())
        else:
            self._play(direction)

    def _play(self, direction: int) -> None:
        if self._info is None or self._playing:
            return
        start = self._shown_or_target()
        lo, hi = self._play_range()
        if direction > 0 and (start >= hi or start < lo):
            start = lo  # play from the loop's in point (or the start) when parked outside
        if direction < 0 and start <= lo:
            start = hi
        self._direction = direction
        self._playing = True
        self.stats = PlaybackStats()
        self._restart_playback(start)
        self._timer.start()
        self.playingChanged.emit(True)

    def _restart_playback(self, frame: int) -> None:
        assert self._info is not None
        self._gate.stop()
        self._target = frame
        self._buffer.restart(frame, self._direction * self._stride())
        self._next_token()
        # Backward (J) plays the sound reversed, as editors' JKL does: a vocalisation can be
        # found by ear while rewinding, and the picture keeps the sound's pace both ways.
        use_sound = self._forward_clock is not None and not self._muted
        clock = self._forward_clock if use_sound else self._wall_clock()
        assert clock is not None
        # Backward, start at the end of the frame's interval so it is on screen for its time.
        start_s = self._info.time_of(frame) if self._direction > 0 else self._end_s(frame) - 1e-6
        self._gate.arm(clock, start_s)
        self._prefetch(frame)
        self._start_clock_when_ready()

    def _start_clock_when_ready(self) -> bool:
        """Start the clock once a few frames are decoded (or after a short wait)."""
        if self._gate.running or self._gate.clock is None:
            return self._gate.running
        lo, hi = self._play_range()
        remaining = (hi - self._target if self._direction > 0 else self._target - lo) + 1
        wanted = min(PREBUFFER_FRAMES, max(remaining // self._stride(), 1))
        return self._gate.start_when_ready(len(self._buffer), wanted, self._speed * self._direction)

    # --- the playback tick (GUI thread) --------------------------------------------------

    def tick(self) -> None:
        """Show the frame due by the clock; public so tests can drive it with a manual clock."""
        clock = self._gate.clock
        if not self._playing or self._info is None or clock is None:
            return
        if not self._start_clock_when_ready():
            return
        position_s = clock.position_s()
        lo, hi = self._play_range()
        forward = self._direction > 0
        # The out frame stays up for its whole duration before the loop wraps or play stops.
        if (forward and position_s >= self._end_s(hi)) or (
            not forward and position_s < self._info.time_of(lo)
        ):
            self._reached_end()
            return
        due = min(max(self._info.frame_at(position_s), lo), hi)
        self._present(due)

    def _reached_end(self) -> None:
        lo, hi = self._play_range()
        if self._range is not None:
            out_frame = self._range[1]
            self.pause()
            if self._shown != out_frame:
                self.seek(out_frame)  # a late decode skipped it: the out frame is what stays
            self.rangeFinished.emit()
        elif self._loop != (None, None):
            self._restart_playback(lo if self._direction > 0 else hi)
        else:
            self.pause()

    def _present(self, due: int) -> None:
        taken = self._buffer.take_due(due, self._direction > 0)
        if taken is not None:
            best, rgb = taken
            if best != self._shown:
                gap = abs(best - self._shown) // self._stride() - 1 if self._shown >= 0 else 0
                self.stats.skipped += max(gap, 0)
                self.stats.shown += 1
                self._show(best, rgb)
        self._prefetch(due)

    def _prefetch(self, due: int) -> None:
        if self._worker is None:
            return
        stride = self._stride() * self._direction
        chunk = self._buffer.next_chunk(due, *self._play_range(), stride)
        if chunk is not None:
            start, count = chunk
            self._submit(FrameRequest(self._token, start, kind="play", count=count, step=stride))

    def _end_s(self, frame: int) -> float:
        assert self._info is not None
        return self._info.end_of(frame)

    def _stride(self) -> int:
        return stride_for(self._speed)

    def _play_range(self) -> tuple[int, int]:
        assert self._info is not None
        return play_bounds(self._info, self._range, self._loop)

    def _shown_or_target(self) -> int:
        return self._shown if self._playing and self._shown >= 0 else self._target

    # --- results ---------------------------------------------------------------------------

    def _submit(self, request: FrameRequest) -> None:
        if self._worker is not None:
            self._worker.submit(request)

    def _next_token(self) -> int:
        self._token += 1
        return self._token

    def _on_frame_ready(self, result: FrameResult) -> None:
        if result.token != self._token:
            return  # an answer to a request the user has already moved past
        if not self._playing:
            if result.exact and result.frame == self._target:
                self._show(result.frame, result.rgb)
            elif not result.exact:
                self.previewShown.emit(self._target, result.rgb)
            return
        self._buffer.add(result.frame, result.rgb, result.last)
        self.tick()

    def _on_decode_failed(self, message: str) -> None:
        # A frame that cannot be decoded must not leave playback waiting for it forever.
        self._buffer.in_flight = False
        if self._playing:
            self.pause()
        self.errorOccurred.emit(message)

    def _show(self, frame: int, rgb: np.ndarray[Any, Any]) -> None:
        self._shown = frame
        if self._playing:
            self._target = frame
        self.frameShown.emit(frame, rgb)
