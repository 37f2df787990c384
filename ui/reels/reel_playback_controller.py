"""Plays a reel's items back to back on the one player: open the clip, play from in to out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from attune_app.domain.models import ReelItem


class ReelPlayer(Protocol):
    """What reel playback needs from the player (PlayerController has all of it)."""

    def seek(self, frame: int) -> None: ...
    def play(self) -> None: ...
    def pause(self) -> None: ...
    def set_loop(self, in_frame: int | None, out_frame: int | None) -> None: ...


class ReelPlaybackController(QObject):
    """Watches the frames shown and moves to the next item after an item's out frame."""

    itemStarted = Signal(int)  # index in the reel
    finished = Signal()

    def __init__(
        self,
        player: ReelPlayer,
        open_clip: Callable[[int], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._player = player
        self._open_clip = open_clip  # makes the clip current; False if it could not be opened
        self._items: list[ReelItem] = []
        self._index = -1
        self._clip_id: int | None = None

    @property
    def is_active(self) -> bool:
        return self._index >= 0

    @property
    def index(self) -> int:
        return self._index

    def play(self, items: Sequence[ReelItem], start: int = 0) -> None:
        self._items = list(items)
        self._clip_id = None
        self._start(start)

    def stop(self) -> None:
        if self._index < 0:
            return
        self._index = -1
        self._player.pause()
        self.finished.emit()

    def on_frame_shown(self, frame: int) -> None:
        """Connect to the player's frameShown; advances past the current item's out frame."""
        if self._index < 0:
            return
        if frame >= self._items[self._index].out_frame:
            self._start(self._index + 1)

    def _start(self, index: int) -> None:
        if index >= len(self._items):
            self.stop()
            return
        item = self._items[index]
        self._index = -1  # frames shown while switching clips belong to no item
        if item.clip_id != self._clip_id:
            if not self._open_clip(item.clip_id):
                self._start(index + 1)
                return
            self._clip_id = item.clip_id
        self._player.pause()
        self._player.set_loop(None, None)
        self._player.seek(item.in_frame)
        self._index = index
        self.itemStarted.emit(index)
        self._player.play()
