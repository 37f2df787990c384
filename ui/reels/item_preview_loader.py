"""Exact pictures of a reel item's first and last frame, decoded on a worker thread.

Items can come from any clip, not only the one in the player, so the worker opens the item's
clip itself (keeping the last one open: trimming one item asks for many frames of one clip).
The newest request wins: while a trim handle is dragged only the latest frames are decoded.
Pictures arrive as RGB arrays through a `ResultInbox` and become QImages on the GUI thread.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from attune_app.media.request_queue import RequestWorker, Staleness
from attune_app.media.video import Video, open_video
from ui.player.result_inbox import ResultInbox
from ui.player.video_view import rgb_to_qimage

_MAX_CACHED = 64


@dataclass(frozen=True)
class PreviewRequest:
    path: Path
    frames: tuple[int, ...]
    max_width: int


class ItemPreviewLoader(QObject):
    """Ask for frames of a clip file; `previewReady(path, frame)` says when one is there."""

    previewReady = Signal(str, int)  # clip file path, frame; GUI thread

    def __init__(self, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._images: OrderedDict[tuple[str, int, int], QImage] = OrderedDict()
        self._video: Video | None = None  # worker thread only
        self._video_path: Path | None = None
        self._inbox = ResultInbox(self._deliver, synchronous=synchronous, parent=self)
        self._worker: RequestWorker[PreviewRequest] = RequestWorker(
            self._handle,
            name="attune-reel-previews",
            synchronous=synchronous,
            on_error=lambda error: None,  # a missing preview just stays blank
        )

    def image(self, path: Path, frame: int, max_width: int) -> QImage | None:
        return self._images.get((str(path), frame, max_width))

    def request(self, path: Path, frames: tuple[int, ...], max_width: int) -> None:
        """Decode these frames of `path` (replaces any earlier unfinished request)."""
        missing = tuple(f for f in frames if (str(path), f, max_width) not in self._images)
        if missing:
            self._worker.submit(PreviewRequest(path, missing, max_width))

    def shutdown(self) -> None:
        self._worker.shutdown()
        self._inbox.close()
        if self._video is not None:
            self._video.close()
            self._video = None

    # -- worker thread ---------------------------------------------------------------------------
    def _handle(self, request: PreviewRequest, staleness: Staleness) -> None:
        video = self._open(request.path)
        for frame in request.frames:
            if staleness.is_stale():
                return
            if 0 <= frame < video.frame_count:
                rgb = video.thumbnail(frame, request.max_width, exact=True)
                self._inbox.post((request, frame, rgb))

    def _open(self, path: Path) -> Video:
        if self._video is None or self._video_path != path:
            if self._video is not None:
                self._video.close()
                self._video = None
            self._video = open_video(path)
            self._video_path = path
        return self._video

    # -- GUI thread ------------------------------------------------------------------------------
    def _deliver(self, item: tuple[PreviewRequest, int, Any]) -> None:
        request, frame, rgb = item
        self._images[(str(request.path), frame, request.max_width)] = rgb_to_qimage(rgb)
        while len(self._images) > _MAX_CACHED:
            self._images.popitem(last=False)
        self.previewReady.emit(str(request.path), frame)
