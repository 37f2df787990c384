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

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from attune_app.domain.timecode import format_seconds
from ui.timeline.tag_lanes import Edge, TimelineTag, pack_lanes
from ui.timeline.thumbnail_loader import ThumbnailLoader, ThumbnailSource
from ui.timeline.timeline_scale import TimelineScale

RULER_H, STRIP_H, LANE_H, GAP = 24, 56, 42, 6
MIN_LANE_H = 24  # lanes squeeze down to this when many tags overlap in a short dock
_EDGE_GRAB_PX = 6  # how near an edge the pointer must be to grab it
_ZOOM_STEP = 1.5

_BG = QColor(38, 40, 44)
_RULER_BG = QColor(50, 52, 57)
_TEXT = QColor(225, 225, 225)
_DIM_TEXT = QColor(160, 164, 170)
_TAG_FILL = QColor(62, 96, 130)
_TAG_SELECTED = QColor(36, 84, 140)  # darker, so white text keeps its contrast
_RANGE = QColor(240, 200, 90)
_PLAYHEAD = QColor(255, 90, 70)
_CUE = QColor(255, 214, 120)
_RESPONSE = QColor(140, 230, 160)


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
        self._thumb_aspect = 16 / 9
        self._thumbs = ThumbnailLoader(synchronous=synchronous_thumbnails, parent=self)
        self._thumbs.thumbnailReady.connect(self._on_thumbnail)
        self._thumb_refresh = QTimer(self)
        self._thumb_refresh.setSingleShot(True)
        self._thumb_refresh.setInterval(30)  # coalesce zoom/scroll bursts into one request
        self._thumb_refresh.timeout.connect(self._request_thumbnails)
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
        self._thumbs.set_source(thumbnail_source)
        self._schedule_thumbnails()
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
                self._schedule_thumbnails()
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
        self._schedule_thumbnails()
        self.update()

    def shutdown(self) -> None:
        """Stop the thumbnail thread; call when the window closes."""
        self._thumb_refresh.stop()
        self._thumbs.shutdown()

    @property
    def playhead(self) -> int:
        return self._playhead

    @property
    def tags(self) -> dict[int, TimelineTag]:
        return dict(self._tags)

    @property
    def thumbnails(self) -> ThumbnailLoader:
        return self._thumbs

    def x_for_frame(self, frame: int) -> float:
        """The middle of `frame`'s pixels, where a click lands on it."""
        return self.scale.x_of(frame + 0.5)

    def lane_rect(self, lane: int) -> QRectF:
        lane_h = self._lane_height()
        top = RULER_H + STRIP_H + GAP + lane * lane_h
        return QRectF(0, top, self.width(), lane_h - 4)

    def _lane_height(self) -> float:
        room = self.height() - (RULER_H + STRIP_H + 2 * GAP)
        return min(LANE_H, max(MIN_LANE_H, room / max(self._lane_count, 1)))

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
        self._schedule_thumbnails()
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
            self._schedule_thumbnails()

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
        tip = self._mark_tip(pos)
        if tip:
            QToolTip.showText(self.mapToGlobal(pos.toPoint()), tip, self)

    def _mark_tip(self, pos: QPointF) -> str:
        for tag in self._tags.values():
            rect = self._tag_rect(tag)
            if not rect.adjusted(-4, 0, 4, 0).contains(pos):
                continue
            for name, frame in (("Cue", tag.cue_frame), ("Response", tag.response_frame)):
                if frame is not None and abs(self.scale.x_of(frame + 0.5) - pos.x()) <= 4:
                    return f"{name} of “{tag.label}”: {self._time(frame)} (frame {frame})"
        return ""

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = delta.y() / 120
            self._zoom(_ZOOM_STEP**steps, event.position().x())
        else:
            amount = delta.x() if delta.x() else delta.y()
            self.scale.scroll(-amount)
            self._schedule_thumbnails()
            self.update()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.scale.resize(event.size().width())
        self._schedule_thumbnails()
        super().resizeEvent(event)

    # --- thumbnails ----------------------------------------------------------------------

    def _thumb_width(self) -> float:
        return (STRIP_H - 6) * self._thumb_aspect

    def _thumb_slots(self) -> list[tuple[float, int]]:
        """(x, frame) of each filmstrip cell: cells tile the strip edge to edge, anchored to
        the content (not the view) so scrolling reuses the thumbnails already loaded."""
        width = self._thumb_width()
        first = int(self.scale.offset_px // width)
        last = int((self.scale.offset_px + self.scale.width_px) // width)
        slots = []
        for k in range(first, last + 1):
            frame = int(k * width / self.scale.px_per_frame)
            if frame >= self.scale.frame_count:
                break
            slots.append((k * width - self.scale.offset_px, frame))
        return slots

    def _thumb_frames(self) -> list[int]:
        return [frame for _x, frame in self._thumb_slots()]

    def _schedule_thumbnails(self) -> None:
        self._thumb_refresh.start()

    def _request_thumbnails(self) -> None:
        frames = self._thumb_frames()
        mid = self.scale.frame_at(self.width() / 2)
        frames.sort(key=lambda f: abs(f - mid))  # the middle of the view first
        width = round(self._thumb_width() * self.devicePixelRatioF())
        self._thumbs.request(frames, max(width, 16))

    def _on_thumbnail(self, frame: int) -> None:
        image = self._thumbs.image(frame)
        if image is not None and image.height() > 0:
            aspect = image.width() / image.height()
            if abs(aspect - self._thumb_aspect) > 0.01:
                self._thumb_aspect = aspect  # portrait phone video: narrower thumbnails
                self._schedule_thumbnails()
        self.update()

    # --- painting ------------------------------------------------------------------------

    def _time(self, frame: int) -> str:
        return format_seconds(frame / self._fps)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), _BG)
        self._paint_ruler(painter)
        self._paint_strip(painter)
        self._paint_range(painter)
        for tag in sorted(self._tags.values(), key=lambda t: t.id == self._selected):
            self._paint_tag(painter, tag)
        self._paint_playhead(painter)
        painter.end()

    def _ruler_step_s(self, min_px: float) -> float:
        """A round tick spacing in seconds (whole seconds read evenly; frames when deep)."""
        px_per_s = self.scale.px_per_frame * self._fps
        frame_s = 1 / self._fps
        for step_s in (frame_s, 2 * frame_s, 5 * frame_s, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300):
            if step_s * px_per_s >= min_px:
                return step_s
        return 600.0

    def _paint_ruler(self, painter: QPainter) -> None:
        painter.fillRect(QRectF(0, 0, self.width(), RULER_H), _RULER_BG)
        step_s = self._ruler_step_s(90)
        first, last = self.scale.visible_frames()
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.5))
        painter.setFont(font)
        k = int(first / self._fps // step_s)
        while (t_s := k * step_s) * self._fps <= last + 1:
            x = self.scale.x_of(t_s * self._fps)
            painter.setPen(_DIM_TEXT)
            painter.drawLine(QPointF(x, RULER_H - 7), QPointF(x, RULER_H))
            painter.setPen(_TEXT)
            painter.drawText(QPointF(x + 3, RULER_H - 9), format_seconds(t_s, with_ms=step_s < 1))
            k += 1

    def _paint_strip(self, painter: QPainter) -> None:
        top = RULER_H + 2
        width = self._thumb_width()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for x, frame in self._thumb_slots():
            target = QRectF(x, top, width - 1, STRIP_H - 6)
            image = self._thumbs.image(frame) or self._thumbs.nearest(frame)
            if image is None:
                painter.fillRect(target, QColor(60, 62, 68))
            else:
                painter.drawImage(target, image)

    def _paint_range(self, painter: QPainter) -> None:
        in_frame, out_frame = self._in_out
        if in_frame is None and out_frame is None:
            return
        lo = in_frame if in_frame is not None else 0
        hi = out_frame if out_frame is not None else self.scale.frame_count - 1
        x0, x1 = self.scale.x_of(lo), self.scale.x_of(hi + 1)
        shade = QColor(_RANGE)
        shade.setAlpha(50)
        painter.fillRect(QRectF(x0, 0, x1 - x0, RULER_H + STRIP_H), shade)
        painter.setPen(QPen(_RANGE, 2))
        painter.drawLine(QPointF(x0, 0), QPointF(x0, RULER_H + STRIP_H))
        painter.drawLine(QPointF(x1, 0), QPointF(x1, RULER_H + STRIP_H))
        # Labelled on the ruler's lower edge, so the range reads without its colour.
        metrics = painter.fontMetrics()
        painter.fillRect(QRectF(x0, RULER_H - 12, metrics.horizontalAdvance("in") + 6, 12), _BG)
        painter.drawText(QPointF(x0 + 3, RULER_H - 2), "in")
        out_w = metrics.horizontalAdvance("out") + 6
        painter.fillRect(QRectF(x1 - out_w, RULER_H - 12, out_w, 12), _BG)
        painter.drawText(QPointF(x1 - out_w + 2, RULER_H - 2), "out")

    def _paint_tag(self, painter: QPainter, tag: TimelineTag) -> None:
        rect = self._tag_rect(tag)
        if rect.right() < 0 or rect.left() > self.width():
            return
        selected = tag.id == self._selected
        painter.fillRect(rect, _TAG_SELECTED if selected else _TAG_FILL)
        # Selection is shown by a thick white outline too, not by colour alone.
        painter.setPen(QPen(QColor(255, 255, 255), 3 if selected else 1))
        painter.drawRect(rect)
        # Cue names go left of their line and responses right, so a quick answer (marks a
        # few pixels apart) still reads as two words.
        self._paint_mark(painter, rect, tag.cue_frame, "cue", _CUE, left=True)
        self._paint_mark(painter, rect, tag.response_frame, "resp", _RESPONSE, left=False)
        text = tag.label or f"tag {tag.id}"
        if tag.in_frame == tag.out_frame:
            text = f"{text} (still)"
        visible = rect.intersected(QRectF(0, rect.top(), self.width(), rect.height()))
        painter.setPen(_TEXT)
        font = QFont(self.font())
        font.setBold(selected)  # selection reads in the text too, not by colour alone
        painter.setFont(font)
        metrics = painter.fontMetrics()
        # The label takes the upper half; the cue/resp names use the lower half. Squeezed
        # lanes drop the names and give the label the whole height.
        text_h = rect.height() / 2 if rect.height() >= 30 else rect.height() - 2
        room = QRectF(visible.left() + 6, rect.top() + 1, visible.width() - 12, text_h)
        if room.width() >= metrics.horizontalAdvance("…") + 4:
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(room.width()))
            align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            painter.drawText(room, align, elided)
        painter.setFont(self.font())

    def _paint_mark(
        self,
        painter: QPainter,
        rect: QRectF,
        frame: int | None,
        name: str,
        colour: QColor,
        *,
        left: bool,
    ) -> None:
        if frame is None:
            return
        x = self.scale.x_of(frame + 0.5)
        painter.setPen(QPen(colour, 2))
        # Lower half only, so the mark never strikes through the label above it.
        painter.drawLine(QPointF(x, rect.center().y()), QPointF(x, rect.bottom()))
        bottom = rect.bottom()
        triangle = QPolygonF(
            [QPointF(x - 5, bottom), QPointF(x + 5, bottom), QPointF(x, bottom - 7)]
        )
        painter.setBrush(colour)
        painter.drawPolygon(triangle)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        font = QFont(painter.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.75, 6.5))
        old = painter.font()
        painter.setFont(font)
        text_x = x - 4 - painter.fontMetrics().horizontalAdvance(name) if left else x + 4
        if rect.height() >= 30:
            painter.drawText(QPointF(text_x, bottom - 3), name)
        painter.setFont(old)

    def _paint_playhead(self, painter: QPainter) -> None:
        x = self.scale.x_of(self._playhead + 0.5)
        painter.setPen(QPen(_PLAYHEAD, 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        handle = QPolygonF([QPointF(x - 6, 0), QPointF(x + 6, 0), QPointF(x, 8)])
        painter.setBrush(_PLAYHEAD)
        painter.drawPolygon(handle)
        painter.setBrush(Qt.BrushStyle.NoBrush)
