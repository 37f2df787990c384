"""The zoomable timeline: ruler, filmstrip, tag spans with their labels, cue and response
marks, the in/out range and the playhead.

It owns no position: it reports what the user does (scrub, seek, drag a tag edge, click a tag)
and the window feeds back the playhead, tags and range. Dragging emits `scrubPreview` at once
for every frame crossed and `seekRequested` with the exact frame on release.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from attune_app.domain.timecode import format_seconds
from ui.timeline import timeline_painter as tp
from ui.timeline.filmstrip import Filmstrip
from ui.timeline.tag_label_layout import PlacedLabel
from ui.timeline.tag_lanes import Edge, TimelineTag
from ui.timeline.thumbnail_loader import ThumbnailLoader, ThumbnailSource
from ui.timeline.timeline_geometry import RULER_H, STRIP_H, TimelineGeometry
from ui.timeline.timeline_scale import TimelineScale

_ZOOM_STEP = 1.5


@dataclass
class _Drag:
    kind: str  # "scrub" or "edge"
    frame: int
    tag_id: int = -1
    edge: Edge = "in"


class TimelineWidget(QWidget):
    scrubPreview = Signal(int)
    seekRequested = Signal(int)
    tagEdgeDragged = Signal(int, str, int)
    tagEdgeReleased = Signal(int, str, int)
    tagClicked = Signal(int)

    def __init__(
        self, parent: QWidget | None = None, *, synchronous_thumbnails: bool = False
    ) -> None:
        super().__init__(parent)
        self.scale = TimelineScale()
        self._fps = 30.0
        self._geo = TimelineGeometry(self.scale, self.width, self.height)  # tags and places
        self._selected: int | None = None
        self._playhead = 0
        self._in_out: tuple[int | None, int | None] = (None, None)
        self._drag: _Drag | None = None
        self._strip = Filmstrip(
            self.scale,
            STRIP_H - 6,
            self.devicePixelRatioF,
            synchronous=synchronous_thumbnails,
            parent=self,
        )
        self._strip.changed.connect(self.update)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the window's actions
        self._update_height()

    # --- public API (GUI thread) -----------------------------------------------------------

    def set_video(
        self, frame_count: int, fps: float, thumbnail_source: ThumbnailSource | None
    ) -> None:
        """`thumbnail_source(frame, max_width) -> RGB` runs on the timeline's worker thread."""
        self.scale.frame_count = max(int(frame_count), 1)
        self._fps = fps if fps > 0 else 30.0
        self.scale.resize(self.width())
        self.scale.fit()
        self._playhead = 0
        self._strip.set_source(thumbnail_source)
        self.update()

    def set_tags(self, tags: Iterable[Any]) -> None:
        self._geo.set_tags(TimelineTag.from_any(tag) for tag in tags)
        self._update_height()
        self.update()

    def set_selected_tag(self, tag_id: int | None) -> None:
        self._selected = tag_id
        self.update()

    def set_playhead(self, frame: int) -> None:
        self._playhead = int(frame)
        if self._drag is None:
            before = self.scale.offset_px
            self.scale.ensure_visible(self._playhead)
            if before != self.scale.offset_px:
                self._strip.schedule()
        self.update()

    def set_in_out(self, in_frame: int | None, out_frame: int | None) -> None:
        self._in_out = (in_frame, out_frame)
        self.update()

    def zoom_in(self) -> None:
        self._zoom(_ZOOM_STEP, self._anchor_x())

    def zoom_out(self) -> None:
        self._zoom(1 / _ZOOM_STEP, self._anchor_x())

    def zoom_fit(self) -> None:
        self.scale.fit()
        self._strip.schedule()
        self.update()

    def shutdown(self) -> None:
        """Stop the thumbnail thread; call when the window closes."""
        self._strip.shutdown()

    @property
    def playhead(self) -> int:
        return self._playhead

    @property
    def tags(self) -> dict[int, TimelineTag]:
        return dict(self._geo.tags)

    @property
    def thumbnails(self) -> ThumbnailLoader:
        return self._strip.loader

    def x_for_frame(self, frame: int) -> float:
        """The middle of `frame`'s pixels, where a click lands on it."""
        return self.scale.x_of(frame + 0.5)

    def zoom_to_frames(self, first: int, last: int, margin: float = 0.25) -> None:
        """Show frames first..last across the view, with a margin either side."""
        length = max(last - first + 1, 1)
        self.scale.px_per_frame = self.scale.width_px / (length * (1 + 2 * margin))
        self.scale.offset_px = (first - length * margin) * self.scale.px_per_frame
        self.scale.clamp()
        self._strip.schedule()
        self.update()

    def lane_rect(self, lane: int) -> QRectF:
        """The strip of a lane where its tags' spans are drawn (labels are above it)."""
        return self._geo.lane_rect(lane)

    def label_rect(self, label: PlacedLabel) -> QRectF:
        """Row 0 sits right above the span, row 1 above that."""
        return self._geo.label_rect(label)

    def labels(self) -> list[PlacedLabel]:
        """The labels drawn now, each tag's full label or an abbreviation that fits."""
        return self._geo.labels(self.font())

    def mark_rects(self, tag_id: int) -> list[QRectF]:
        """Where the tag's cue (first) and response marks are drawn."""
        return self._geo.mark_rects(tag_id)

    def sizeHint(self) -> QSize:
        return QSize(800, self._height())

    # --- geometry ------------------------------------------------------------------------

    def _height(self) -> int:
        return self._geo.full_height()

    def _update_height(self) -> None:
        self.setMinimumHeight(self._geo.minimum_height())
        self.updateGeometry()

    def _anchor_x(self) -> float:
        x = self.scale.x_of(self._playhead)
        return x if 0 <= x <= self.width() else self.width() / 2

    def _zoom(self, factor: float, anchor_x: float) -> None:
        self.scale.zoom(factor, anchor_x)
        self._strip.schedule()
        self.update()

    # --- mouse ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        edge = self._geo.hit_edge(pos)
        if edge is not None:
            tag_id, which = edge
            tag = self._geo.tags[tag_id]
            frame = tag.in_frame if which == "in" else tag.out_frame
            self._drag = _Drag("edge", frame, tag_id, which)
            self.tagClicked.emit(tag_id)
            return
        clicked = self._geo.hit_tag(pos)
        if clicked is not None:
            self.tagClicked.emit(clicked)
            return
        frame = self.scale.frame_at(pos.x())
        self._drag = _Drag("scrub", frame)
        self._playhead = frame
        self.scrubPreview.emit(frame)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag is None:
            self._update_hover(pos)
            return
        self._scroll_while_dragging(pos.x())
        frame = self.scale.frame_at(pos.x())
        if self._drag.kind == "scrub":
            if frame != self._drag.frame:
                self._drag.frame = self._playhead = frame
                self.scrubPreview.emit(frame)
                self.update()
            return
        tag = self._geo.tags[self._drag.tag_id].with_edge(self._drag.edge, frame)
        moved = tag.in_frame if self._drag.edge == "in" else tag.out_frame
        if moved != self._drag.frame:
            self._drag.frame = moved
            self._geo.tags[tag.id] = tag  # drawn at once; the window's undo command follows
            self.tagEdgeDragged.emit(tag.id, self._drag.edge, moved)
            self.update()

    def _scroll_while_dragging(self, x: float) -> None:
        """Dragging past either end of a zoomed-in view pages it along with the pointer."""
        overshoot = x if x < 0 else max(x - self.width(), 0.0)
        if overshoot:
            self.scale.scroll(overshoot)
            self._strip.schedule()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if drag.kind == "scrub":
            self.seekRequested.emit(drag.frame)
        else:
            self.tagEdgeReleased.emit(drag.tag_id, drag.edge, drag.frame)
        self.update()

    def _update_hover(self, pos: QPointF) -> None:
        edge = self._geo.hit_edge(pos)
        shape = Qt.CursorShape.SizeHorCursor if edge else Qt.CursorShape.ArrowCursor
        self.setCursor(shape)
        tip = self.tip_at(pos)
        if tip:
            QToolTip.showText(self.mapToGlobal(pos.toPoint()), tip, self)
        else:
            QToolTip.hideText()

    def tip_at(self, pos: QPointF) -> str:
        """The whole tag under the pointer (its span or its label), else nothing."""
        tag_id = self._geo.hit_tag(pos)
        if tag_id is None:
            tag_id = self._geo.hit_label(pos, self.font())
        return "" if tag_id is None else tp.span_tip(self._geo.tags[tag_id], self._time)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = delta.y() / 120
            self._zoom(_ZOOM_STEP**steps, event.position().x())
        else:
            amount = delta.x() if delta.x() else delta.y()
            self.scale.scroll(-amount)
            self._strip.schedule()
            self.update()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.scale.resize(event.size().width())
        self._strip.schedule()
        super().resizeEvent(event)

    # --- painting ------------------------------------------------------------------------

    def _time(self, frame: int) -> str:
        return format_seconds(frame / self._fps)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), tp.BG)
        painter.setFont(tp.small_font(self.font()))
        step_s = self._ruler_step_s(90)
        tp.paint_ruler(painter, self.width(), RULER_H, self.scale, self._fps, step_s)
        tp.paint_legend(painter, self.width(), RULER_H)
        painter.setFont(self.font())
        tp.paint_strip(
            painter,
            self._strip.slots(),
            RULER_H + 2,
            self._strip.cell_width(),
            STRIP_H - 6,
            self._strip.image,
        )
        self._paint_range(painter)
        for tag in sorted(self._geo.tags.values(), key=lambda t: t.id == self._selected):
            self._paint_tag(painter, tag)
        for label in self.labels():
            rect = self.label_rect(label)
            tp.paint_label(painter, label, rect, label.tag_id == self._selected)
        tp.paint_playhead(painter, self.scale.x_of(self._playhead + 0.5), self.height())
        painter.end()

    def _ruler_step_s(self, min_px: float) -> float:
        """A round tick spacing in seconds (whole seconds read evenly; frames when deep)."""
        px_per_s = self.scale.px_per_frame * self._fps
        frame_s = 1 / self._fps
        for step_s in (frame_s, 2 * frame_s, 5 * frame_s, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300):
            if step_s * px_per_s >= min_px:
                return step_s
        return 600.0

    def _paint_range(self, painter: QPainter) -> None:
        in_frame, out_frame = self._in_out
        if in_frame is None and out_frame is None:
            return
        lo = in_frame if in_frame is not None else 0
        hi = out_frame if out_frame is not None else self.scale.frame_count - 1
        painter.setFont(tp.small_font(self.font()))
        tp.paint_range(painter, self.scale.x_of(lo), self.scale.x_of(hi + 1), RULER_H + STRIP_H)
        painter.setFont(self.font())

    def _paint_tag(self, painter: QPainter, tag: TimelineTag) -> None:
        rect = self._geo.tag_rect(tag)
        if rect.right() < 0 or rect.left() > self.width():
            return
        tp.paint_span(painter, rect, tag.id == self._selected)
        tp.paint_marks(painter, rect, *self._geo.mark_xs(tag))
