"""Plays a reel's items back to back on the one player: open the clip, play from in to out.

A still (an item whose in and out are the same frame) is shown and held for the item's hold
time, `DEFAULT_STILL_HOLD_MS` when it has none; an item with a hold frame freezes there for
its hold time and then plays on. A frame shown outside the current item (the user jumped
elsewhere) ends the reel, as does `stop`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from attune_app.domain.models import ReelItem

DEFAULT_STILL_HOLD_MS = 3000
# Frames a playing item may run past its out frame before the next starts (the player's
# stride at higher speeds); a frame further off is a jump the user made.
_OVERSHOOT_FRAMES = 12
# open_clip(clip_id, then): make the clip current, then call then(ok) (the window opens it
# off the GUI thread); an open overtaken by another may never call back.
OpenClip = Callable[[int, Callable[[bool], None]], object]


class ReelPlayer(Protocol):
    """What reel playback needs from the player (PlayerController has all of it)."""

    def seek(self, frame: int) -> None: ...
    def play(self) -> None: ...
    def pause(self) -> None: ...
    def set_loop(self, in_frame: int | None, out_frame: int | None) -> None: ...


def hold_ms_of(item: ReelItem) -> int:
    """How long the item freezes: its hold time, or the default for a still."""
    if item.hold_ms > 0:
        return item.hold_ms
    return DEFAULT_STILL_HOLD_MS if item.in_frame == item.out_frame else 0


class ReelPlaybackController(QObject):
    """Watches the frames shown and moves to the next item after an item's out frame.

    GUI thread only."""

    itemStarted = Signal(int)  # index in the reel
    holding = Signal(int)  # ms: a still or hold frame is showing for this long
    finished = Signal()

    def __init__(
        self,
        player: ReelPlayer,
        open_clip: OpenClip,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._player = player
        self._open_clip = open_clip
        self._items: list[ReelItem] = []
        self._index = -1
        self._opening = False  # waiting for the next item's clip to open
        self._serial = 0  # a clip opened for an earlier play or before a stop is ignored
        self._clip_id: int | None = None
        self._arrived = False  # a frame of the current item has been shown
        self._held = False  # the current item's hold frame has had its hold
        self._hold_timer = QTimer(self)
        self._hold_timer.setObjectName("reel-hold")
        self._hold_timer.setSingleShot(True)
        self._hold_timer.timeout.connect(self._end_hold)

    @property
    def is_active(self) -> bool:
        return self._index >= 0 or self._opening

    @property
    def is_holding(self) -> bool:
        return self._hold_timer.isActive()

    @property
    def index(self) -> int:
        return self._index

    def play(self, items: Sequence[ReelItem], start: int = 0) -> None:
        self._serial += 1
        self._opening = False
        self._items = list(items)
        self._clip_id = None
        self._start(start)

    def stop(self) -> None:
        self._hold_timer.stop()
        if not self.is_active:
            return
        self._serial += 1
        self._index, self._opening = -1, False
        self._player.pause()
        self.finished.emit()

    def on_frame_shown(self, frame: int) -> None:
        """Connect to the player's frameShown; advances past the current item's out frame."""
        if self._index < 0:
            return
        item = self._items[self._index]
        inside = item.in_frame <= frame <= item.out_frame
        if not self._arrived:
            self._arrived = inside  # frames before that are the player catching up
            if not inside:
                return
        if frame < item.in_frame or frame > item.out_frame + _OVERSHOOT_FRAMES:
            self.stop()  # the user went elsewhere
        elif self.is_holding:
            return
        elif self._should_hold(item, frame):
            self._hold(item, item.hold_frame if item.hold_frame is not None else item.in_frame)
        elif frame >= item.out_frame and item.in_frame != item.out_frame:
            self._start(self._index + 1)

    def _should_hold(self, item: ReelItem, frame: int) -> bool:
        if self._held or hold_ms_of(item) <= 0:
            return False
        if item.in_frame == item.out_frame:
            return True
        return item.hold_frame is not None and frame >= item.hold_frame

    def _hold(self, item: ReelItem, frame: int) -> None:
        self._held = True
        self._player.pause()
        self._player.seek(frame)
        ms = hold_ms_of(item)
        self._hold_timer.start(ms)
        self.holding.emit(ms)

    def _end_hold(self) -> None:
        if self._index < 0:
            return
        item = self._items[self._index]
        if item.in_frame == item.out_frame or (item.hold_frame or 0) >= item.out_frame:
            self._start(self._index + 1)
        else:
            self._player.play()

    def _start(self, index: int) -> None:
        self._hold_timer.stop()
        if index >= len(self._items):
            self.stop()
            return
        item = self._items[index]
        self._index = -1  # frames shown while switching clips belong to no item
        if item.clip_id != self._clip_id:
            self._opening = True
            serial, clip_id = self._serial, item.clip_id
            self._open_clip(clip_id, lambda ok: self._on_clip_opened(serial, index, clip_id, ok))
            return
        self._begin(index)

    def _on_clip_opened(self, serial: int, index: int, clip_id: int, ok: bool) -> None:
        if serial != self._serial:
            return  # stopped or restarted while the clip was opening
        if not ok:
            self._start(index + 1)  # still active: running off the end stops and says so
            return
        self._clip_id = clip_id
        self._begin(index)

    def _begin(self, index: int) -> None:
        item = self._items[index]
        self._opening = False
        self._arrived = self._held = False
        self._player.pause()
        self._player.set_loop(None, None)
        self._player.seek(item.in_frame)
        self._index = index
        self.itemStarted.emit(index)
        if item.in_frame == item.out_frame:
            self._hold(item, item.in_frame)  # a still: show the frame, hold, move on
        else:
            self._player.play()
