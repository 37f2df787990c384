"""The timeline's filmstrip: which frame each cell shows at the current zoom and scroll, and
loading their thumbnails, with bursts of zooming and scrolling coalesced into one request."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from ui.timeline.thumbnail_loader import ThumbnailLoader, ThumbnailSource
from ui.timeline.timeline_scale import TimelineScale

_REFRESH_MS = 30


class Filmstrip(QObject):
    """GUI thread only; thumbnails are decoded on the loader's thread."""

    changed = Signal()  # a thumbnail arrived: repaint

    def __init__(
        self,
        scale: TimelineScale,
        cell_h: float,
        device_pixel_ratio: Callable[[], float],
        *,
        synchronous: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._scale = scale  # the timeline's own, updated in place as it zooms and scrolls
        self._cell_h = cell_h
        self._device_pixel_ratio = device_pixel_ratio
        self._aspect = 16 / 9
        self.loader = ThumbnailLoader(synchronous=synchronous, parent=self)
        self.loader.thumbnailReady.connect(self._on_thumbnail)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(_REFRESH_MS)
        self._refresh.timeout.connect(self._request)

    def set_source(self, source: ThumbnailSource | None) -> None:
        self.loader.set_source(source)
        self.schedule()

    def schedule(self) -> None:
        """The view moved: ask for the cells' thumbnails soon."""
        self._refresh.start()

    def shutdown(self) -> None:
        self._refresh.stop()
        self.loader.shutdown()

    def cell_width(self) -> float:
        return self._cell_h * self._aspect

    def slots(self) -> list[tuple[float, int]]:
        """(x, frame) of each cell: cells tile the strip edge to edge, anchored to the
        content (not the view) so scrolling reuses the thumbnails already loaded."""
        width = self.cell_width()
        scale = self._scale
        first = int(scale.offset_px // width)
        last = int((scale.offset_px + scale.width_px) // width)
        slots = []
        for k in range(first, last + 1):
            frame = int(k * width / scale.px_per_frame)
            if frame >= scale.frame_count:
                break
            slots.append((k * width - scale.offset_px, frame))
        return slots

    def image(self, frame: int) -> QImage | None:
        """The cell's thumbnail, or the nearest one loaded while it is on its way."""
        return self.loader.image(frame) or self.loader.nearest(frame)

    def _request(self) -> None:
        frames = [frame for _x, frame in self.slots()]
        mid = self._scale.frame_at(self._scale.width_px / 2)
        frames.sort(key=lambda f: abs(f - mid))  # the middle of the view first
        width = round(self.cell_width() * self._device_pixel_ratio())
        self.loader.request(frames, max(width, 16))

    def _on_thumbnail(self, frame: int) -> None:
        image = self.loader.image(frame)
        if image is not None and image.height() > 0:
            aspect = image.width() / image.height()
            if abs(aspect - self._aspect) > 0.01:
                self._aspect = aspect  # portrait phone video: narrower thumbnails
                self.schedule()
        self.changed.emit()
