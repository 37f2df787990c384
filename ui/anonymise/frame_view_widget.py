"""The frame as it will be exported, with the boxes outlined; drag on it to draw a box."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from attune_app.anonymise.boxes import Rect


class FrameViewWidget(QWidget):
    boxDrawn = Signal(object)  # Rect in source pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Frame as exported")
        self._image: QImage | None = None
        self._outlines: list[tuple[Rect, bool]] = []  # rect, kept visible
        self._drag: tuple[QPoint, QPoint] | None = None

    def show_frame(self, rgb: np.ndarray, outlines: list[tuple[Rect, bool]]) -> None:  # type: ignore[type-arg]
        height, width = rgb.shape[:2]
        data = np.ascontiguousarray(rgb)
        self._image = QImage(
            data.data, width, height, 3 * width, QImage.Format.Format_RGB888
        ).copy()
        self._outlines = outlines
        self.update()

    def _target(self) -> QRect:
        if self._image is None:
            return QRect()
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRect(
            (self.width() - size.width()) // 2,
            (self.height() - size.height()) // 2,
            size.width(),
            size.height(),
        )

    def _to_source(self, point: QPoint) -> tuple[int, int]:
        target, image = self._target(), self._image
        assert image is not None
        x = (point.x() - target.x()) * image.width() / max(target.width(), 1)
        y = (point.y() - target.y()) * image.height() / max(target.height(), 1)
        return (min(max(round(x), 0), image.width()), min(max(round(y), 0), image.height()))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(20, 20, 20))
        if self._image is None:
            return
        target = self._target()
        painter.drawImage(target, self._image)
        sx = target.width() / self._image.width()
        sy = target.height() / self._image.height()
        for rect, kept in self._outlines:
            painter.setPen(QPen(QColor(80, 200, 120) if kept else QColor(255, 200, 0), 2))
            painter.drawRect(
                QRect(
                    target.x() + round(rect.x0 * sx),
                    target.y() + round(rect.y0 * sy),
                    round(rect.width * sx),
                    round(rect.height * sy),
                )
            )
        if self._drag is not None:
            painter.setPen(QPen(QColor(0, 170, 255), 2, Qt.PenStyle.DashLine))
            painter.drawRect(QRect(*self._drag).normalized())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._image is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag = (event.position().toPoint(), event.position().toPoint())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = (self._drag[0], event.position().toPoint())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        (x0, y0), (x1, y1) = self._to_source(self._drag[0]), self._to_source(self._drag[1])
        self._drag = None
        self.update()
        if abs(x1 - x0) >= 4 and abs(y1 - y0) >= 4:
            self.boxDrawn.emit(Rect(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
