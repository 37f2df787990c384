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
    QFont,
    QFontMetricsF,
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
from ui.timeline.tag_label_layout import LabelRequest, PlacedLabel, place_labels
from ui.timeline.tag_lanes import Edge, TimelineTag, pack_lanes
from ui.timeline.thumbnail_loader import ThumbnailLoader, ThumbnailSource
from ui.timeline.timeline_scale import TimelineScale

RULER_H, STRIP_H, GAP = 24, 56, 6
LABEL_ROW_H, LABEL_ROWS, SPAN_H = 18, 2, 26
LANE_H = LABEL_ROWS * LABEL_ROW_H + SPAN_H + 4  # labels above the span, a gap below it
MIN_LANE_H = LABEL_ROW_H + 18 + 4  # many overlapping tags in a short dock: one label row
_EDGE_GRAB_PX = 6  # how near an edge the pointer must be to grab it
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
        self._tags: dict[int, TimelineTag] = {}
        self._lanes: dict[int, int] = {}
        self._lane_count = 1
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
        plain = [TimelineTag.from_any(tag) for tag in tags]
        self._tags = {tag.id: tag for tag in plain}
        self._lanes = pack_lanes(plain)
        self._lane_count = max([*self._lanes.values(), 0]) + 1
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
        return dict(self._tags)

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
        lane_h = self._lane_height()
        top = RULER_H + STRIP_H + GAP + lane * lane_h + self._label_rows() * LABEL_ROW_H
        return QRectF(0, top, self.width(), lane_h - 4 - self._label_rows() * LABEL_ROW_H)

    def label_rect(self, label: PlacedLabel) -> QRectF:
        """Row 0 sits right above the span, row 1 above that."""
        bar = self.lane_rect(self._lanes.get(label.tag_id, 0))
        top = bar.top() - (label.row + 1) * LABEL_ROW_H
        return QRectF(label.x, top, label.width + 2, LABEL_ROW_H)

    def labels(self) -> list[PlacedLabel]:
        """The labels drawn now, each tag's full label or an abbreviation that fits."""
        bold = QFont(self.font())
        bold.setBold(True)
        # Measured as bold (the selected tag's label), so no label outgrows its room.
        metrics = QFontMetricsF(bold)
        by_lane: dict[int, list[LabelRequest]] = {}
        for tag in self._tags.values():
            rect = self._tag_rect(tag)
            request = LabelRequest(tag.id, rect.left(), rect.right(), tag.label_texts())
            by_lane.setdefault(self._lanes.get(tag.id, 0), []).append(request)
        placed: list[PlacedLabel] = []
        for requests in by_lane.values():
            placed += place_labels(
                requests,
                lambda text: metrics.horizontalAdvance(text) + 2,
                view_width=self.width(),
                rows=self._label_rows(),
                elide=lambda text, room: metrics.elidedText(
                    text, Qt.TextElideMode.ElideRight, room - 2
                ),
            )
        return placed

    def mark_rects(self, tag_id: int) -> list[QRectF]:
        """Where the tag's cue (first) and response marks are drawn."""
        tag = self._tags[tag_id]
        return tp.mark_rects(self._tag_rect(tag), *self._mark_xs(tag))

    def _mark_xs(self, tag: TimelineTag) -> tuple[float | None, float | None]:
        def x(frame: int | None) -> float | None:
            return None if frame is None else self.scale.x_of(frame + 0.5)

        return x(tag.cue_frame), x(tag.response_frame)

    def _label_rows(self) -> int:
        return LABEL_ROWS if self._lane_height() >= LANE_H - 2 else 1

    def _lane_height(self) -> float:
        room = self.height() - (RULER_H + STRIP_H + 2 * GAP)
        return float(min(LANE_H, max(MIN_LANE_H, room / max(self._lane_count, 1))))

    def sizeHint(self) -> QSize:
        return QSize(800, self._height())

    # --- geometry ------------------------------------------------------------------------

    def _height(self) -> int:
        return RULER_H + STRIP_H + GAP + max(self._lane_count, 1) * LANE_H + GAP

    def _update_height(self) -> None:
        # Not a fixed height: in a short dock the lanes squeeze rather than the dock refusing
        # to shrink, and many overlapping tags never push the window taller.
        lanes = min(max(self._lane_count, 1), 3)
        self.setMinimumHeight(RULER_H + STRIP_H + 2 * GAP + lanes * MIN_LANE_H)
        self.updateGeometry()

    def _anchor_x(self) -> float:
        x = self.scale.x_of(self._playhead)
        return x if 0 <= x <= self.width() else self.width() / 2

    def _zoom(self, factor: float, anchor_x: float) -> None:
        self.scale.zoom(factor, anchor_x)
        self._strip.schedule()
        self.update()

    def _tag_rect(self, tag: TimelineTag) -> QRectF:
        lane = self.lane_rect(self._lanes.get(tag.id, 0))
        x0, x1 = self.scale.x_of(tag.in_frame), self.scale.x_of(tag.out_frame + 1)
        if x1 - x0 < 4:  # a still (one frame) stays visible and grabbable when zoomed out
            mid = (x0 + x1) / 2
            x0, x1 = mid - 2, mid + 2
        return QRectF(x0, lane.top(), x1 - x0, lane.height())

    def _hit_edge(self, pos: QPointF) -> tuple[int, Edge] | None:
        best: tuple[float, int, Edge] | None = None
        for tag in self._tags.values():
            rect = self._tag_rect(tag)
            if not rect.top() <= pos.y() <= rect.bottom():
                continue
            for edge, x in (("in", rect.left()), ("out", rect.right())):
                distance = abs(pos.x() - x)
                if distance <= _EDGE_GRAB_PX and (best is None or distance < best[0]):
                    best = (distance, tag.id, edge)  # type: ignore[assignment]
        return (best[1], best[2]) if best else None

    def _hit_tag(self, pos: QPointF) -> int | None:
        for tag in self._tags.values():
            if self._tag_rect(tag).contains(pos):
                return tag.id
        return None

    # --- mouse ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        edge = self._hit_edge(pos)
        if edge is not None:
            tag_id, which = edge
            tag = self._tags[tag_id]
            frame = tag.in_frame if which == "in" else tag.out_frame
            self._drag = _Drag("edge", frame, tag_id, which)
            self.tagClicked.emit(tag_id)
            return
        clicked = self._hit_tag(pos)
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
        tag = self._tags[self._drag.tag_id].with_edge(self._drag.edge, frame)
        moved = tag.in_frame if self._drag.edge == "in" else tag.out_frame
        if moved != self._drag.frame:
            self._drag.frame = moved
            self._tags[tag.id] = tag  # drawn at once; the window's undo command follows
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
        edge = self._hit_edge(pos)
        shape = Qt.CursorShape.SizeHorCursor if edge else Qt.CursorShape.ArrowCursor
        self.setCursor(shape)
        tip = self.tip_at(pos)
        if tip:
            QToolTip.showText(self.mapToGlobal(pos.toPoint()), tip, self)
        else:
            QToolTip.hideText()

    def tip_at(self, pos: QPointF) -> str:
        """The whole tag under the pointer (its span or its label), else nothing."""
        tag_id = self._hit_tag(pos)
        if tag_id is None:
            tag_id = next(
                (lab.tag_id for lab in self.labels() if self.label_rect(lab).contains(pos)), None
            )
        return "" if tag_id is None else tp.span_tip(self._tags[tag_id], self._time)

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
        for tag in sorted(self._tags.values(), key=lambda t: t.id == self._selected):
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
        rect = self._tag_rect(tag)
        if rect.right() < 0 or rect.left() > self.width():
            return
        tp.paint_span(painter, rect, tag.id == self._selected)
        tp.paint_marks(painter, rect, *self._mark_xs(tag))
