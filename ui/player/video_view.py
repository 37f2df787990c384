"""Shows decoded frames at their aspect ratio, letterboxed, sharp on high-DPI screens."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


def rgb_to_qimage(rgb: np.ndarray[Any, Any]) -> QImage:
    """Wrap an (h, w, 3) uint8 RGB array as a QImage that owns a copy of the pixels."""
    return _wrap(np.ascontiguousarray(rgb, dtype=np.uint8)).copy()


def _wrap(rgb: np.ndarray[Any, Any]) -> QImage:
    """A QImage over the array's memory, no copy: the caller keeps the array alive."""
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, rgb.strides[0], QImage.Format.Format_RGB888)


def letterbox(image_w: int, image_h: int, area_w: float, area_h: float) -> QRectF:
    """The largest rect of the image's aspect that fits the area, centred."""
    if image_w <= 0 or image_h <= 0 or area_w <= 0 or area_h <= 0:
        return QRectF()
    scale = min(area_w / image_w, area_h / image_h)
    w, h = image_w * scale, image_h * scale
    return QRectF((area_w - w) / 2, (area_h - h) / 2, w, h)


class VideoViewWidget(QWidget):
    """Paints the current frame; GUI thread only. Connect `show_frame` to
    `PlayerController.frameShown` and `show_preview` to `previewShown`."""

    def __init__(self, parent: QWidget | None = None, *, show_readout: bool = True) -> None:
        super().__init__(parent)
        self._image = QImage()
        self._pixels: np.ndarray[Any, Any] | None = None  # the memory self._image points into
        self._frame = -1
        self._is_preview = False
        self._readout = ""
        self.show_readout = show_readout
        self.background = QColor(18, 18, 18)  # around the picture (review mode: its surround)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(160, 90)

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    @property
    def current_frame(self) -> int:
        """The index of the exact frame on screen; -1 when showing a preview or nothing."""
        return -1 if self._is_preview else self._frame

    def set_show_readout(self, show: bool) -> None:
        """Draw the frame number over the picture (a micro-analysis aid, off in front of a
        parent)."""
        self.show_readout = show
        self.update()

    def current_image(self) -> QImage:
        return self._image

    def current_rgb(self) -> np.ndarray[Any, Any]:
        """The pixels on screen as an (h, w, 3) array, for tests and checks."""
        image = self._image.convertToFormat(QImage.Format.Format_RGB888)
        ptr = image.constBits()
        array = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())
        return array[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()

    def show_frame(self, frame: int, rgb: np.ndarray[Any, Any]) -> None:
        self._set_pixels(rgb)
        self._frame, self._is_preview = frame, False
        self._readout = f"frame {frame}"
        self.update()

    def show_preview(self, frame: int, rgb: np.ndarray[Any, Any]) -> None:
        self._set_pixels(rgb)
        self._frame, self._is_preview = frame, True
        self._readout = f"≈ frame {frame}"  # a stand-in until the exact frame is decoded
        self.update()

    def clear(self) -> None:
        self._image, self._pixels, self._frame, self._readout = QImage(), None, -1, ""
        self.update()

    def _set_pixels(self, rgb: np.ndarray[Any, Any]) -> None:
        # Wrap rather than copy: the engine hands out read-only frames that stay valid while
        # referenced, and a 1080p copy costs ~3 ms of the GUI thread per frame.
        self._pixels = np.ascontiguousarray(rgb, dtype=np.uint8)
        self._image = _wrap(self._pixels)

    def image_rect(self) -> QRectF:
        return letterbox(self._image.width(), self._image.height(), self.width(), self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background)
        if not self._image.isNull():
            # Drawing into a logical rect lets Qt map the image to device pixels, so on a 2x
            # screen a 1080p frame uses the real pixels instead of being upscaled from half.
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.image_rect(), self._image)
        if self.show_readout and self._readout:
            self._paint_readout(painter)
        painter.end()

    def _paint_readout(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        box = QRectF(8, 8, metrics.horizontalAdvance(self._readout) + 12, metrics.height() + 6)
        painter.fillRect(box, QColor(0, 0, 0, 150))
        painter.setPen(QColor(235, 235, 235))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self._readout)
