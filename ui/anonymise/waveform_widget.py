"""The current item's sound as a waveform, with its muted ranges shaded."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget


class WaveformWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(48)
        self.setAccessibleName("Sound of this item")
        self._peaks = np.zeros(0, dtype=np.float32)
        self._span_s = (0.0, 1.0)
        self._muted: list[tuple[float, float]] = []
        self._cursor_s = 0.0

    def set_sound(self, peaks: np.ndarray, start_s: float, end_s: float) -> None:  # type: ignore[type-arg]
        self._peaks, self._span_s = peaks, (start_s, max(end_s, start_s + 1e-3))
        self.update()

    def set_marks(self, muted: list[tuple[float, float]], cursor_s: float) -> None:
        self._muted, self._cursor_s = muted, cursor_s
        self.update()

    def _x(self, t_s: float) -> float:
        start, end = self._span_s
        return (t_s - start) / (end - start) * self.width()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(35, 35, 40))
        for a, b in self._muted:
            painter.fillRect(
                QRectF(self._x(a), 0, self._x(b) - self._x(a), self.height()),
                QColor(170, 40, 40, 150),
            )
        mid, n = self.height() / 2, len(self._peaks)
        painter.setPen(QColor(120, 200, 255))
        for i, peak in enumerate(self._peaks):
            x = i * self.width() / max(n, 1)
            painter.drawLine(int(x), int(mid - peak * mid), int(x), int(mid + peak * mid))
        painter.setPen(QColor(255, 255, 255))
        x = int(self._x(self._cursor_s))
        painter.drawLine(x, 0, x, self.height())
        if n == 0:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "no sound")
