"""Decodes the next moment's first picture before it is needed, off the GUI thread, so moving
on shows it at once (within one frame interval) while the player catches up."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject

from ui.player.result_inbox import ResultInbox

# (clip id, frame) -> the exact picture of that frame, full size; any thread.
Decode = Callable[[int, int], np.ndarray[Any, Any]]
# Pictures kept: every moment's first of a reel of a dozen (a 1080p picture is 6 MB), so
# Next, Back and running on all find theirs ready.
_KEPT = 12


class FramePreloader(QObject):
    """`preload` and `take` on the GUI thread; decoding on one worker thread at a time."""

    def __init__(
        self, decode: Decode, parent: QObject | None = None, *, synchronous: bool = False
    ) -> None:
        super().__init__(parent)
        self._decode = decode
        self._synchronous = synchronous
        self._pictures: dict[tuple[int, int], np.ndarray[Any, Any]] = {}
        self._wanted: list[tuple[int, int]] = []
        self._busy = False
        self._thread: threading.Thread | None = None
        self._inbox = ResultInbox(self._delivered, synchronous=synchronous, parent=self)
        self.decoded = 0  # pictures made, for tests and the benchmark

    def preload(self, clip_id: int, frame: int) -> None:
        key = (clip_id, frame)
        if key in self._pictures or key in self._wanted:
            return
        self._wanted.append(key)
        self._next()

    def take(self, clip_id: int, frame: int) -> np.ndarray[Any, Any] | None:
        return self._pictures.get((clip_id, frame))

    def _next(self) -> None:
        if self._busy or not self._wanted:
            return
        key = self._wanted.pop(0)
        self._busy = True
        if self._synchronous:
            self._work(key)
            return
        self._thread = threading.Thread(
            target=self._work, args=(key,), name="review-preload", daemon=True
        )
        self._thread.start()

    def _work(self, key: tuple[int, int]) -> None:
        """Worker thread: no Qt here."""
        try:
            rgb: np.ndarray[Any, Any] | None = self._decode(*key)
        except Exception:  # the player will show the frame itself, a little later
            rgb = None
        self._inbox.post((key, rgb))

    def _delivered(self, result: tuple[tuple[int, int], np.ndarray[Any, Any] | None]) -> None:
        key, rgb = result
        self._busy = False
        if rgb is not None:
            self._pictures[key] = rgb
            self.decoded += 1
            while len(self._pictures) > _KEPT:
                del self._pictures[next(iter(self._pictures))]
        self._next()

    def shutdown(self) -> None:
        self._wanted.clear()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._inbox.drain()
        self._inbox.close()
