"""Plays a reel's timeline (`attune_app.domain.reel_timeline`) step by step on a player.

The steps are the one description of what a reel shows (export renders the same ones): a
title card is shown for its time, a freeze holds one frame silent for its time, a motion plays
in..out at the item's speed (muted when the step says so) and pauses on its out frame. With
`auto_pause` (review mode) the reel stops at the end of every moment, its last frame staying
up, until `next`, `again` or `back`; title cards run on by themselves. Without it (the
workbench's F5) the reel runs to the end. The owner connects the player's `rangeFinished` to
`on_range_finished` and its `frameShown` to `on_frame_shown`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from attune_app.domain.reel_timeline import (
    FreezeStep,
    MotionStep,
    ReelTimeline,
    Step,
    TimelineEntry,
    TitleStep,
)

MIN_SPEED = 0.25  # the player's slowest speed: "Slower" of a 0.25x item stays at 0.25x
# Frames a playing item may be off its range before it counts as a jump the user made.
_OVERSHOOT_FRAMES = 12
# open_clip(clip_id, then): make the clip current, then call then(ok) (opened off the GUI
# thread); an open overtaken by another may never call back.
OpenClip = Callable[[int, Callable[[bool], None]], object]


class ReelPlayer(Protocol):
    """What reel playback needs from a player (PlayerController has all of it)."""

    @property
    def speed(self) -> float: ...
    @property
    def is_playing(self) -> bool: ...
    def seek(self, frame: int) -> None: ...
    def pause(self) -> None: ...
    def play_range(self, in_frame: int, out_frame: int) -> None: ...
    def set_speed(self, speed: float) -> None: ...
    def set_muted(self, muted: bool) -> None: ...


class TimelinePlaybackController(QObject):
    """GUI thread only."""

    itemStarted = Signal(int)  # index of the entry (reel item) now playing
    stepStarted = Signal(object)  # the Step now showing (TitleStep, FreezeStep, MotionStep)
    itemEnded = Signal(int)  # auto-pause: the entry has ended, its last picture stays
    upcoming = Signal(int, int)  # clip id, frame: the next entry's first picture, to preload
    holding = Signal(int)  # ms a title card or freeze shows for
    pausedChanged = Signal(bool)  # frozen by the user (Freeze) or playing on
    finished = Signal()

    def __init__(
        self,
        player_for: Callable[[int], ReelPlayer],
        open_clip: OpenClip,
        parent: QObject | None = None,
        *,
        auto_pause: bool = False,
    ) -> None:
        super().__init__(parent)
        self._player_for = player_for
        self._open_clip = open_clip
        self.auto_pause = auto_pause
        self._timeline: ReelTimeline | None = None
        self._index = -1
        self._step = -1
        self._slower = 1.0  # "Slower" replays the entry at this share of its speed
        self._serial = 0  # a clip opened for an earlier step or before a stop is ignored
        self._opening = False
        self._ended = False  # auto-paused at the end of the entry
        self._paused = False  # frozen by the user mid-entry
        self._arrived = False  # a frame of the current motion has been shown
        self._timer = QTimer(self)
        self._timer.setObjectName("reel-step")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step_done)
        self._remaining_ms = 0

    # -- state -------------------------------------------------------------------------------
    @property
    def is_active(self) -> bool:
        return self._index >= 0

    @property
    def is_holding(self) -> bool:
        return self._timer.isActive()

    @property
    def is_paused(self) -> bool:
        return self._paused

    @property
    def has_ended_item(self) -> bool:
        return self._ended

    @property
    def index(self) -> int:
        return self._index

    @property
    def entries(self) -> tuple[TimelineEntry, ...]:
        return self._timeline.entries if self._timeline else ()

    @property
    def current_step(self) -> Step | None:
        if self._index < 0 or self._timeline is None:
            return None
        steps = self._timeline.entries[self._index].steps
        return steps[self._step] if 0 <= self._step < len(steps) else None

    @property
    def speed_factor(self) -> float:
        return self._slower

    # -- commands ----------------------------------------------------------------------------
    def play(self, timeline: ReelTimeline, start: int = 0) -> None:
        self._timer.stop()
        self._timeline = timeline
        if not timeline.entries:
            self._index = -1
            self.finished.emit()
            return
        self._go_to(max(0, min(start, len(timeline.entries) - 1)), 1.0)

    def stop(self) -> None:
        self._timer.stop()
        if not self.is_active:
            return
        self._serial += 1
        player = self._current_player()
        self._index, self._step, self._opening = -1, -1, False
        self._ended = self._paused = False
        if player is not None:
            player.pause()
        self.finished.emit()

    def again(self) -> None:
        """Play the current entry again from its start, at its own speed."""
        if self.is_active:
            self._go_to(self._index, 1.0)

    def slower(self) -> None:
        """Play the current entry again at half its speed (not below the slowest)."""
        if self.is_active:
            self._go_to(self._index, 0.5)

    def next(self) -> None:
        """The next entry; after the last one the reel is finished."""
        if not self.is_active or self._timeline is None:
            return
        if self._index + 1 >= len(self._timeline.entries):
            self.stop()
        else:
            self._go_to(self._index + 1, 1.0)

    def back(self) -> None:
        """The entry before (the first one again when this is the first)."""
        if self.is_active:
            self._go_to(max(0, self._index - 1), 1.0)

    def toggle_pause(self) -> None:
        """Freeze where the picture is, or play on; at the end of an entry, the next one."""
        if not self.is_active:
            return
        if self._ended:
            self.next()
        elif self._paused:
            self._resume()
        else:
            self._freeze()

    # -- from the player ---------------------------------------------------------------------
    def on_range_finished(self) -> None:
        """Connect to the player's rangeFinished: the motion step's out frame has ended."""
        if isinstance(self.current_step, MotionStep) and not self._opening and not self._paused:
            self._next_step()

    def on_frame_shown(self, frame: int) -> None:
        """Connect to the player's frameShown: a frame far outside the motion playing is the
        user going elsewhere, which ends the reel."""
        step = self.current_step
        if not isinstance(step, MotionStep) or self._opening:
            return
        inside = step.in_frame <= frame <= step.out_frame
        if not self._arrived:
            self._arrived = inside  # frames before that are the player catching up
            return
        if frame < step.in_frame or frame > step.out_frame + _OVERSHOOT_FRAMES:
            self.stop()

    # -- stepping ----------------------------------------------------------------------------
    def _go_to(self, index: int, slower: float) -> None:
        assert self._timeline is not None
        self._timer.stop()
        self._serial += 1
        self._index, self._slower = index, slower
        self._ended = self._paused = False
        self.itemStarted.emit(index)
        self._announce_upcoming()
        self._begin_step(0)

    def _announce_upcoming(self) -> None:
        assert self._timeline is not None
        for entry in self._timeline.entries[self._index + 1 :]:
            first = entry.steps[0]
            if isinstance(first, MotionStep):
                self.upcoming.emit(first.clip_id, first.in_frame)
                return
            if isinstance(first, FreezeStep):
                self.upcoming.emit(first.clip_id, first.frame)
                return

    def _begin_step(self, step_index: int) -> None:
        self._step = step_index
        step = self.current_step
        assert step is not None
        if isinstance(step, TitleStep):
            self.stepStarted.emit(step)
            self._hold(step.duration_s)
            return
        serial = self._serial
        self._opening = True
        self._open_clip(step.clip_id, lambda ok: self._on_clip_opened(serial, step, ok))

    def _on_clip_opened(self, serial: int, step: FreezeStep | MotionStep, ok: bool) -> None:
        if serial != self._serial:
            return  # stopped or moved on while the clip was opening
        self._opening = False
        if not ok:
            self._next_step()  # running off the end still finishes the reel
            return
        player = self._player_for(step.clip_id)
        if player.is_playing:
            player.pause()
        self.stepStarted.emit(step)
        if isinstance(step, FreezeStep):
            player.seek(step.frame)
            self._hold(step.duration_s)
            return
        assert self._timeline is not None
        speed = max(MIN_SPEED, step.speed * self._slower)
        muted = step.muted or speed < self._timeline.reel.mute_below_speed - 1e-9
        player.set_muted(muted)
        player.set_speed(speed)
        player.seek(step.in_frame)
        self._arrived = False
        player.play_range(step.in_frame, step.out_frame)

    def _hold(self, duration_s: float) -> None:
        ms = max(1, round(duration_s * 1000))
        self._timer.start(ms)
        self.holding.emit(ms)

    def _step_done(self) -> None:
        if self.is_active:
            self._next_step()

    def _next_step(self) -> None:
        assert self._timeline is not None
        entry = self._timeline.entries[self._index]
        if self._step + 1 < len(entry.steps):
            self._begin_step(self._step + 1)
        elif self.auto_pause and not entry.item.is_title:
            self._ended = True
            self.itemEnded.emit(self._index)
        else:
            self.next()

    def _freeze(self) -> None:
        step = self.current_step
        if isinstance(step, MotionStep):
            self._player_for(step.clip_id).pause()
        elif self._timer.isActive():
            self._remaining_ms = max(1, self._timer.remainingTime())
            self._timer.stop()
        self._paused = True
        self.pausedChanged.emit(True)

    def _resume(self) -> None:
        step = self.current_step
        self._paused = False
        self.pausedChanged.emit(False)
        if isinstance(step, MotionStep):
            self._player_for(step.clip_id).play_range(step.in_frame, step.out_frame)
        elif step is not None:
            self._timer.start(self._remaining_ms)

    def _current_player(self) -> ReelPlayer | None:
        step = self.current_step
        if isinstance(step, FreezeStep | MotionStep):
            return self._player_for(step.clip_id)
        return None
