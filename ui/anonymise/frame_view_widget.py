"""The frame on show in the review dialog, covered as it will be exported, with the outlines
of what is covered. Boxes drawn by hand can be picked, moved (drag inside), resized (drag a
corner or edge handle) and nudged with the arrow keys (Shift: 10 px); a drag on the picture
elsewhere draws a new box. The widget only reports finished gestures; the dialog turns each
into one undo step."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from attune_app.anonymise.boxes import Rect

MIN_BOX_PX = 8  # source pixels: smaller than this covers nothing a face could be
HANDLE_PX = 9  # widget pixels: the square drawn at each corner and edge middle
_GRAB_PX = 7  # how near a handle a press must be to take it
_SELECTED = QColor(0, 170, 255)
# handle -> which edges it moves (left, top, right, bottom)
_HANDLES: dict[str, tuple[bool, bool, bool, bool]] = {
    "top-left": (True, True, False, False),
    "top": (False, True, False, False),
    "top-right": (False, True, True, False),
    "right": (False, False, True, False),
    "bottom-right": (False, False, True, True),
    "bottom": (False, False, False, True),
    "bottom-left": (True, False, False, True),
    "left": (True, False, False, False),
}
_CURSORS = {
    "top-left": Qt.CursorShape.SizeFDiagCursor,
    "bottom-right": Qt.CursorShape.SizeFDiagCursor,
    "top-right": Qt.CursorShape.SizeBDiagCursor,
    "bottom-left": Qt.CursorShape.SizeBDiagCursor,
    "top": Qt.CursorShape.SizeVerCursor,
    "bottom": Qt.CursorShape.SizeVerCursor,
    "left": Qt.CursorShape.SizeHorCursor,
    "right": Qt.CursorShape.SizeHorCursor,
    "move": Qt.CursorShape.SizeAllCursor,
}
_ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


@dataclass(frozen=True)
class _Drag:
    mode: str  # "draw", "move" or a handle name
    start: tuple[int, int]  # source pixels
    start_widget: QPoint
    original: Rect | None  # the box before the drag (move and resize)


def moved(rect: Rect, dx: int, dy: int, width: int, height: int) -> Rect:
    """`rect` shifted by (dx, dy) and kept inside a width x height picture, its size kept."""
    dx = min(max(dx, -rect.x0), width - rect.x1)
    dy = min(max(dy, -rect.y0), height - rect.y1)
    return Rect(rect.x0 + dx, rect.y0 + dy, rect.x1 + dx, rect.y1 + dy)


def resized(rect: Rect, handle: str, x: int, y: int, width: int, height: int) -> Rect:
    """`rect` with the edges `handle` holds dragged to (x, y): never smaller than MIN_BOX_PX
    and never past the picture."""
    left, top, right, bottom = _HANDLES[handle]
    x0, y0, x1, y1 = rect.x0, rect.y0, rect.x1, rect.y1
    if left:
        x0 = min(max(x, 0), x1 - MIN_BOX_PX)
    if right:
        x1 = max(min(x, width), x0 + MIN_BOX_PX)
    if top:
        y0 = min(max(y, 0), y1 - MIN_BOX_PX)
    if bottom:
        y1 = max(min(y, height), y0 + MIN_BOX_PX)
    return Rect(x0, y0, x1, y1)


class FrameViewWidget(QWidget):
    boxDrawn = Signal(object)  # Rect in source pixels: a new box
    boxSelected = Signal(object)  # box id, or None when none is
    boxEdited = Signal(int, object)  # box id, its new Rect: a finished move or resize
    boxNudged = Signal(int, object)  # box id, its new Rect: an arrow key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # the cursor says what a press would do
        self.setAccessibleName("Frame as exported")
        self._image: QImage | None = None
        self._outlines: list[tuple[Rect, bool]] = []  # rect, kept visible
        self._boxes: dict[int, Rect] = {}  # the manual boxes on this frame, by id
        self.selected: int | None = None
        self._drag: _Drag | None = None
        self._live: Rect | None = None  # the box (or new box) as the drag has it now

    # -- what is shown ----------------------------------------------------------------------
    def show_frame(
        self,
        rgb: np.ndarray,  # type: ignore[type-arg]
        outlines: list[tuple[Rect, bool]],
        boxes: dict[int, Rect] | None = None,
    ) -> None:
        height, width = rgb.shape[:2]
        data = np.ascontiguousarray(rgb)
        self._image = QImage(
            data.data, width, height, 3 * width, QImage.Format.Format_RGB888
        ).copy()
        self._outlines = outlines
        self._boxes = dict(boxes or {})
        self.update()

    def set_selected(self, box_id: int | None) -> None:
        """Select a box (from the list beside the frame); no signal."""
        if box_id != self.selected:
            self.selected = box_id
            self.update()

    def box_rect(self, box_id: int) -> Rect | None:
        return self._boxes.get(box_id)

    def widget_rect(self, rect: Rect) -> QRect:
        """Where a source-pixel rect is on the widget."""
        target, image = self._target(), self._image
        assert image is not None
        sx, sy = target.width() / image.width(), target.height() / image.height()
        return QRect(
            target.x() + round(rect.x0 * sx),
            target.y() + round(rect.y0 * sy),
            round(rect.width * sx),
            round(rect.height * sy),
        )

    def handle_points(self, rect: Rect) -> dict[str, QPoint]:
        """The centre of each handle of `rect`, in widget pixels."""
        r = self.widget_rect(rect)
        left, top = r.x(), r.y()
        right, bottom = r.x() + r.width(), r.y() + r.height()
        mid_x, mid_y = (left + right) // 2, (top + bottom) // 2
        return {
            "top-left": QPoint(left, top),
            "top": QPoint(mid_x, top),
            "top-right": QPoint(right, top),
            "right": QPoint(right, mid_y),
            "bottom-right": QPoint(right, bottom),
            "bottom": QPoint(mid_x, bottom),
            "bottom-left": QPoint(left, bottom),
            "left": QPoint(left, mid_y),
        }

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

    # -- what a press would do --------------------------------------------------------------
    def _hit(self, point: QPoint) -> tuple[str, int | None]:
        """("top-left" etc., id) on a handle of the selected box, ("move", id) inside a box
        (the selected one first, then the last drawn), else ("draw", None)."""
        if self._image is None:
            return "draw", None
        if self.selected is not None and self.selected in self._boxes:
            for name, centre in self.handle_points(self._boxes[self.selected]).items():
                if (point - centre).manhattanLength() <= _GRAB_PX:
                    return name, self.selected
        x, y = self._to_source(point)
        order = [self.selected] if self.selected in self._boxes else []
        order += [i for i in reversed(list(self._boxes)) if i != self.selected]
        for box_id in order:
            assert box_id is not None
            if self._boxes[box_id].contains(x, y):
                return "move", box_id
        return "draw", None

    def _update_cursor(self, point: QPoint) -> None:
        mode, _box = self._hit(point)
        self.setCursor(_CURSORS.get(mode, Qt.CursorShape.CrossCursor))

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(20, 20, 20))
        if self._image is None:
            return
        painter.drawImage(self._target(), self._image)
        dragged = self._drag.original if self._drag is not None else None
        for rect, kept in self._outlines:
            if rect == dragged or (
                self.selected in self._boxes and rect == self._boxes[self.selected]
            ):
                continue  # drawn below, as selected or as the drag has it
            painter.setPen(QPen(QColor(80, 200, 120) if kept else QColor(255, 200, 0), 2))
            painter.drawRect(self.widget_rect(rect))
        shown = self._live
        if shown is None and self.selected in self._boxes:
            shown = self._boxes[self.selected]  # type: ignore[index]
        if shown is None:
            return
        drawing = self._drag is not None and self._drag.mode == "draw"
        painter.setPen(
            QPen(_SELECTED, 2, Qt.PenStyle.DashLine if drawing else Qt.PenStyle.SolidLine)
        )
        painter.drawRect(self.widget_rect(shown))
        if not drawing:
            painter.setPen(QPen(QColor(20, 20, 20), 1))
            painter.setBrush(QColor(255, 255, 255))
            half = HANDLE_PX // 2
            for centre in self.handle_points(shown).values():
                painter.drawRect(QRect(centre.x() - half, centre.y() - half, HANDLE_PX, HANDLE_PX))

    # -- mouse ------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._image is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        mode, box_id = self._hit(point)
        if box_id != self.selected:
            self.selected = box_id
            self.boxSelected.emit(box_id)
        original = self._boxes.get(box_id) if box_id is not None else None
        self._drag = _Drag(mode, self._to_source(point), point, original)
        self._live = original
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self._drag is None:
            self._update_cursor(point)
            return
        self._live = self._dragged_to(point)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None:
            return
        rect = self._dragged_to(event.position().toPoint())
        self._drag, self._live = None, None
        self.update()
        if drag.mode == "draw":
            if rect is not None:
                self.boxDrawn.emit(rect)
        elif rect is not None and rect != drag.original and self.selected is not None:
            self._boxes[self.selected] = rect  # shown at once; the store follows
            self.boxEdited.emit(self.selected, rect)

    def _dragged_to(self, point: QPoint) -> Rect | None:
        drag, image = self._drag, self._image
        assert drag is not None and image is not None
        x, y = self._to_source(point)
        width, height = image.width(), image.height()
        if drag.mode == "draw":
            x0, y0 = drag.start
            if abs(x - x0) < 4 or abs(y - y0) < 4:
                return None
            return Rect(min(x0, x), min(y0, y), max(x0, x), max(y0, y))
        assert drag.original is not None
        if drag.mode == "move":
            return moved(drag.original, x - drag.start[0], y - drag.start[1], width, height)
        return resized(drag.original, drag.mode, x, y, width, height)

    # -- keys -------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # with a box selected the arrows nudge it (not the dialog's frame stepping) and
        # Escape lets it go (not close the dialog)
        if event.type() == QEvent.Type.ShortcutOverride and self.selected in self._boxes:
            key = event.key()  # type: ignore[attr-defined]
            if key in _ARROWS or key == Qt.Key.Key_Escape:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if self.selected not in self._boxes or self._image is None:
            super().keyPressEvent(event)
            return
        box_id = self.selected
        assert box_id is not None
        if key == Qt.Key.Key_Escape:
            self.selected = None
            self.boxSelected.emit(None)
            self.update()
            return
        if key not in _ARROWS:
            super().keyPressEvent(event)
            return
        step = 10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
        dx, dy = _ARROWS[key]
        rect = self._boxes[box_id]
        new = moved(rect, dx * step, dy * step, self._image.width(), self._image.height())
        if new != rect:
            self._boxes[box_id] = new
            self.update()
            self.boxNudged.emit(box_id, new)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()
