"""One player per clip of the reel, opened when the review starts, so moving from a moment
of one clip to a moment of another never waits for a file to open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from attune_app.services import clips as clip_service
from attune_app.store.library import Library
from ui.player.player_controller import PlayerController

PlayerFactory = Callable[[QObject], PlayerController]


class ClipPlayerPool(QObject):
    """GUI thread only. `frameShown(clip_id, frame, rgb)` carries every player's frames."""

    frameShown = Signal(int, int, object)
    rangeFinished = Signal(int)  # clip id whose play_range ended
    failed = Signal(int, str)  # clip id, what went wrong

    def __init__(
        self,
        library: Library,
        parent: QObject | None = None,
        *,
        make_player: PlayerFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._make_player = make_player or (lambda owner: PlayerController(owner))
        self._players: dict[int, PlayerController] = {}
        self._ready: set[int] = set()
        self._waiting: dict[int, list[Callable[[bool], None]]] = {}

    def player(self, clip_id: int) -> PlayerController:
        return self._players[clip_id]

    def players(self) -> dict[int, PlayerController]:
        return dict(self._players)

    def is_ready(self, clip_id: int) -> bool:
        return clip_id in self._ready

    def open_all(self, clip_ids: tuple[int, ...]) -> None:
        for clip_id in clip_ids:
            self.open_clip(clip_id, lambda _ok: None)

    def open_clip(self, clip_id: int, then: Callable[[bool], None]) -> None:
        """Call `then(ok)` once the clip's player has it open (at once when it has)."""
        if clip_id in self._ready:
            then(True)
            return
        self._waiting.setdefault(clip_id, []).append(then)
        if clip_id in self._players:
            return  # opening already
        player = self._make_player(self)
        self._players[clip_id] = player
        player.frameShown.connect(lambda frame, rgb: self._on_frame(clip_id, frame, rgb))
        player.rangeFinished.connect(lambda: self.rangeFinished.emit(clip_id))
        clip = clip_service.get_clip(self._library, clip_id)
        index_json = clip_service.clip_frame_index_json(self._library, clip_id)
        path = self._library.media_source(clip)
        player.open_in_background(path, lambda error: self._opened(clip_id, error), index_json)

    def _opened(self, clip_id: int, error: Exception | None) -> None:
        if error is None:
            self._ready.add(clip_id)
        else:
            self.failed.emit(clip_id, str(error))
        for then in self._waiting.pop(clip_id, []):
            then(error is None)

    def _on_frame(self, clip_id: int, frame: int, rgb: np.ndarray[Any, Any]) -> None:
        self.frameShown.emit(clip_id, frame, rgb)

    def shutdown(self) -> None:
        for player in self._players.values():
            player.shutdown()
        self._players.clear()
        self._ready.clear()
        self._waiting.clear()
