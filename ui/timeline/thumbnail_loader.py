"""Loads filmstrip thumbnails on a worker thread; the newest set of wanted frames wins.

When the user zooms or scrolls, the frames wanted change; the worker drops the old list at
the next frame boundary instead of finishing it. Thumbnails arrive as RGB arrays through a
`ResultInbox` and become QImages on the GUI thread only.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from attune_app.media.request_queue import RequestWorker, Staleness
from ui.player.result_inbox import ResultInbox
from ui.player.video_view import rgb_to_qimage

ThumbnailSource = Callable[[int, int], np.ndarray[Any, Any]]  # (frame, max_width) -> RGB
_MAX_CACHED = 600  # ~600 * 100x56 RGB: a few MB


@dataclass(frozen=True)
class ThumbnailRequest:
    generation: int
    frames: tuple[int, ...]
    max_width: int


class ThumbnailLoader(QObject):
    thumbnailReady = Signal(int)  # frame; GUI thread

    def __init__(self, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: ThumbnailSource | None = None
        self._generation = 0
        self._images: OrderedDict[int, QImage] = OrderedDict()
        self._inbox = ResultInbox(self._deliver, synchronous=synchronous, parent=self)
        self._worker: RequestWorker[ThumbnailRequest] = RequestWorker(
            self._handle,
            name="attune-thumbnails",
            synchronous=synchronous,
            on_error=lambda error: None,  # a missing thumbnail just stays grey
        )

    def set_source(self, source: ThumbnailSource | None) -> None:
        self._source = source
        self._generation += 1
        self._images.clear()

    def image(self, frame: int) -> QImage | None:
        return self._images.get(frame)

    def nearest(self, frame: int) -> QImage | None:
        """The cached thumbnail closest to `frame`, for an instant scrub preview."""
        if not self._images:
            return None
        best = min(self._images, key=lambda f: abs(f - frame))
        return self._images[best]

    def request(self, frames: list[int], max_width: int) -> None:
        """Ask for these frames (in order of need); replaces any earlier unfinished request."""
        missing = tuple(f for f in frames if f not in self._images)
        if missing and self._source is not None:
            self._worker.submit(ThumbnailRequest(self._generation, missing, max_width))

    def shutdown(self) -> None:
        self._worker.shutdown()
        self._inbox.close()

    def _handle(self, request: ThumbnailRequest, staleness: Staleness) -> None:
        source = self._source
        for frame in request.frames:
            if staleness.is_stale() or source is None:
                return
            self._inbox.post((request.generation, frame, source(frame, request.max_width)))

    def _deliver(self, item: tuple[int, int, np.ndarray[Any, Any]]) -> None:
        generation, frame, rgb = item
        if generation != self._generation:
            return  # from a video that is no longer shown
        self._images[frame] = rgb_to_qimage(rgb)
        while len(self._images) > _MAX_CACHED:
            self._images.popitem(last=False)
        self.thumbnailReady.emit(frame)
