"""Two trim handles over a stretch of the clip around the item, frame-exact.

The bar shows the item and a margin either side (not the whole clip: over ten minutes a pixel
would be dozens of frames), so a drag lands on single frames. Left/Right move the chosen handle
by one frame (Shift: ten); the window re-centres when a drag ends.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

HANDLE_W = 8
MARGIN_FACTOR = 1.0  # the window shows the item plus its own length either side...
MIN_MARGIN_FRAMES = 50  # ...and at least this many frames


class TrimBarWidget(QWidget):
    trimDragged = Signal(int, int)  # in, out while a handle moves (frames)
    trimFinished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Trim handles: drag, or Left and Right to move one frame")
        self.setToolTip(
            "Drag a handle to trim. Click a handle, then Left/Right moves it one frame "
            "(Shift: ten)."
        )
        self._last_frame = 0
        self._in = self._out = 0
        self._lo = self._hi = 0
        self._active = "in"
        self._dragging: str | None = None

    def sizeHint(self) -> QSize:
        return QSize(240, 30)

    # -- state -----------------------------------------------------------------------------------
    def set_range(self, in_frame: int, out_frame: int, frame_count: int) -> None:
        self._last_frame = max(0, frame_count - 1)
        self._in, self._out = in_frame, out_frame
        if self._dragging is None:
            self._recentre()
        self.update()

    def trim(self) -> tuple[int, int]:
        return self._in, self._out

    def window(self) -> tuple[int, int]:
        return self._lo, self._hi

    @property
    def active_handle(self) -> str:
        return self._active

    def _recentre(self) -> None:
        length = self._out - self._in + 1
        margin = max(MIN_MARGIN_FRAMES, round(length * MARGIN_FACTOR))
        self._lo = max(0, self._in - margin)
        self._hi = min(self._last_frame, self._out + margin)

    # -- geometry --------------------------------------------------------------------------------
    def _track(self) -> QRectF:
        return QRectF(HANDLE_W, 6, max(1, self.width() - 2 * HANDLE_W), self.height() - 12)

    def x_of(self, frame: int) -> float:
        track = self._track()
        span = max(1, self._hi - self._lo + 1)
        return track.left() + (frame - self._lo + 0.5) / span * track.width()

    def frame_at(self, x: float) -> int:
        track = self._track()
        span = max(1, self._hi - self._lo + 1)
        frame = self._lo + int((x - track.left()) / track.width() * span)
        return max(self._lo, min(self._hi, frame))

    # -- input -----------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        near_in, near_out = abs(x - self.x_of(self._in)), abs(x - self.x_of(self._out))
        if near_in == near_out:  # a one-frame item: left of it takes the in handle
            self._active = "in" if x <= self.x_of(self._in) else "out"
        else:  # the nearer handle, which a click on the bar also moves there
            self._active = "in" if near_in < near_out else "out"
        self._dragging = self._active
        self._move_active(self.frame_at(x))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging is not None:
            self._move_active(self.frame_at(event.position().x()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging is None:
            return
        self._dragging = None
        self._recentre()
        self.update()
        self.trimFinished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = 10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
        if event.key() == Qt.Key.Key_Left:
            self._nudge(-step)
        elif event.key() == Qt.Key.Key_Right:
            self._nudge(step)
        else:
            super().keyPressEvent(event)

    def _nudge(self, delta: int) -> None:
        current = self._in if self._active == "in" else self._out
        self._move_active(max(0, min(self._last_frame, current + delta)))
        if self._dragging is None:
            self._recentre()
            self.update()
            self.trimFinished.emit()

    def _move_active(self, frame: int) -> None:
        if self._active == "in":
            new_in, new_out = min(frame, self._out), self._out
        else:
            new_in, new_out = self._in, max(frame, self._in)
        if (new_in, new_out) == (self._in, self._out):
            return
        self._in, self._out = new_in, new_out
        self.update()
        self.trimDragged.emit(new_in, new_out)

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = self._track()
        palette = self.palette()
        painter.fillRect(track, palette.mid())
        x_in, x_out = self.x_of(self._in), self.x_of(self._out)
        kept = QRectF(QPointF(x_in, track.top()), QPointF(x_out, track.bottom()))
        painter.fillRect(kept, QColor(74, 144, 164))
        for name, x in (("in", x_in), ("out", x_out)):
            colour = palette.highlight() if name == self._active else palette.buttonText()
            painter.setPen(QPen(palette.shadow().color(), 1))
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(x - HANDLE_W / 2, 1, HANDLE_W, self.height() - 2), 2, 2)
        if self.hasFocus():
            painter.setPen(QPen(palette.highlight().color(), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
