"""Where things are on the timeline: the lanes, each tag's span, labels and marks, and what
lies under the pointer. No painting and no events; the `TimelineWidget` asks it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from ui.timeline import timeline_painter as tp
from ui.timeline.tag_label_layout import LabelRequest, PlacedLabel, place_labels
from ui.timeline.tag_lanes import Edge, TimelineTag, pack_lanes
from ui.timeline.timeline_scale import TimelineScale

RULER_H, STRIP_H, GAP = 24, 56, 6
LABEL_ROW_H, LABEL_ROWS, SPAN_H = 18, 2, 26
LANE_H = LABEL_ROWS * LABEL_ROW_H + SPAN_H + 4  # labels above the span, a gap below it
MIN_LANE_H = LABEL_ROW_H + 18 + 4  # many overlapping tags in a short dock: one label row
_EDGE_GRAB_PX = 6  # how near an edge the pointer must be to grab it


class TimelineGeometry:
    """The tags on the timeline and their places, for a widget of `width()` x `height()`."""

    def __init__(
        self, scale: TimelineScale, width: Callable[[], int], height: Callable[[], int]
    ) -> None:
        self.scale = scale
        self._width = width
        self._height = height
        self.tags: dict[int, TimelineTag] = {}
        self.lanes: dict[int, int] = {}
        self.lane_count = 1

    def set_tags(self, tags: Iterable[TimelineTag]) -> None:
        plain = list(tags)
        self.tags = {tag.id: tag for tag in plain}
        self.lanes = pack_lanes(plain)
        self.lane_count = max([*self.lanes.values(), 0]) + 1

    # -- heights ---------------------------------------------------------------------------

    def full_height(self) -> int:
        return RULER_H + STRIP_H + GAP + max(self.lane_count, 1) * LANE_H + GAP

    def minimum_height(self) -> int:
        # Not a fixed height: in a short dock the lanes squeeze rather than the dock refusing
        # to shrink, and many overlapping tags never push the window taller.
        lanes = min(max(self.lane_count, 1), 3)
        return RULER_H + STRIP_H + 2 * GAP + lanes * MIN_LANE_H

    def label_rows(self) -> int:
        return LABEL_ROWS if self.lane_height() >= LANE_H - 2 else 1

    def lane_height(self) -> float:
        room = self._height() - (RULER_H + STRIP_H + 2 * GAP)
        return float(min(LANE_H, max(MIN_LANE_H, room / max(self.lane_count, 1))))

    # -- places ----------------------------------------------------------------------------

    def lane_rect(self, lane: int) -> QRectF:
        """The strip of a lane where its tags' spans are drawn (labels are above it)."""
        lane_h = self.lane_height()
        top = RULER_H + STRIP_H + GAP + lane * lane_h + self.label_rows() * LABEL_ROW_H
        return QRectF(0, top, self._width(), lane_h - 4 - self.label_rows() * LABEL_ROW_H)

    def tag_rect(self, tag: TimelineTag) -> QRectF:
        lane = self.lane_rect(self.lanes.get(tag.id, 0))
        x0, x1 = self.scale.x_of(tag.in_frame), self.scale.x_of(tag.out_frame + 1)
        if x1 - x0 < 4:  # a still (one frame) stays visible and grabbable when zoomed out
            mid = (x0 + x1) / 2
            x0, x1 = mid - 2, mid + 2
        return QRectF(x0, lane.top(), x1 - x0, lane.height())

    def label_rect(self, label: PlacedLabel) -> QRectF:
        """Row 0 sits right above the span, row 1 above that."""
        bar = self.lane_rect(self.lanes.get(label.tag_id, 0))
        top = bar.top() - (label.row + 1) * LABEL_ROW_H
        return QRectF(label.x, top, label.width + 2, LABEL_ROW_H)

    def labels(self, font: QFont) -> list[PlacedLabel]:
        """The labels drawn now, each tag's full label or an abbreviation that fits."""
        bold = QFont(font)
        bold.setBold(True)
        # Measured as bold (the selected tag's label), so no label outgrows its room.
        metrics = QFontMetricsF(bold)
        by_lane: dict[int, list[LabelRequest]] = {}
        for tag in self.tags.values():
            rect = self.tag_rect(tag)
            request = LabelRequest(tag.id, rect.left(), rect.right(), tag.label_texts())
            by_lane.setdefault(self.lanes.get(tag.id, 0), []).append(request)
        placed: list[PlacedLabel] = []
        for requests in by_lane.values():
            placed += place_labels(
                requests,
                lambda text: metrics.horizontalAdvance(text) + 2,
                view_width=self._width(),
                rows=self.label_rows(),
                elide=lambda text, room: metrics.elidedText(
                    text, Qt.TextElideMode.ElideRight, room - 2
                ),
            )
        return placed

    def mark_xs(self, tag: TimelineTag) -> tuple[float | None, float | None]:
        def x(frame: int | None) -> float | None:
            return None if frame is None else self.scale.x_of(frame + 0.5)

        return x(tag.cue_frame), x(tag.response_frame)

    def mark_rects(self, tag_id: int) -> list[QRectF]:
        """Where the tag's cue (first) and response marks are drawn."""
        tag = self.tags[tag_id]
        return tp.mark_rects(self.tag_rect(tag), *self.mark_xs(tag))

    # -- hits ------------------------------------------------------------------------------

    def hit_edge(self, pos: QPointF) -> tuple[int, Edge] | None:
        best: tuple[float, int, Edge] | None = None
        for tag in self.tags.values():
            rect = self.tag_rect(tag)
            if not rect.top() <= pos.y() <= rect.bottom():
                continue
            for edge, x in (("in", rect.left()), ("out", rect.right())):
                distance = abs(pos.x() - x)
                if distance <= _EDGE_GRAB_PX and (best is None or distance < best[0]):
                    best = (distance, tag.id, edge)  # type: ignore[assignment]
        return (best[1], best[2]) if best else None

    def hit_tag(self, pos: QPointF) -> int | None:
        for tag in self.tags.values():
            if self.tag_rect(tag).contains(pos):
                return tag.id
        return None

    def hit_label(self, pos: QPointF, font: QFont) -> int | None:
        return next(
            (lab.tag_id for lab in self.labels(font) if self.label_rect(lab).contains(pos)), None
        )
