"""The comparison timeline: each coder's lane, matched pairs joined, disagreements and events
only one coder marked highlighted, and the tolerance drawn around the first coder's events, so
a supervisor sees what the figures counted. GUI thread only.

Meaning never rests on colour alone: cues are triangles and responses dots (as on the main
timeline), a disagreement's link is dashed, an event without a partner has a ring, and the
legend names each.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QToolTip, QWidget

from attune_app.domain.timecode import format_seconds
from attune_app.services.agreement import PairComparison
from ui.agreement import comparison_layout as geo
from ui.timeline.timeline_painter import BG, DIM_TEXT, RULER_BG, TEXT, small_font

LANE_BG = QColor(48, 51, 56)
AGREE_COLOUR = QColor(130, 210, 150)
DISAGREE_COLOUR = QColor(245, 165, 70)
ONLY_COLOUR = QColor(245, 100, 100)
BAND_COLOUR = QColor(140, 170, 220, 60)
MARK_PX = 10.0
COLOURS = {geo.AGREE: AGREE_COLOUR, geo.DISAGREE: DISAGREE_COLOUR, geo.ONLY: ONLY_COLOUR}
TICK_STEPS_S = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600)


class ComparisonTimelineWidget(QWidget):
    frameChosen = Signal(int)  # a mark was clicked: show this frame

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setAccessibleName("Comparison timeline")
        self._pair: PairComparison | None = None
        self._families: tuple[str, ...] = ("cue", "response")
        self._duration_s = 0.0
        self._tolerance_s = 0.5
        self._px_per_s = 40.0
        self._label_of = lambda code: code.replace("_", " ")
        self._relayout()

    # -- state -----------------------------------------------------------------------------------
    def set_comparison(
        self,
        pair: PairComparison | None,
        duration_s: float,
        tolerance_s: float,
        label_of: object = None,
    ) -> None:
        self._pair, self._duration_s, self._tolerance_s = pair, duration_s, tolerance_s
        if callable(label_of):
            self._label_of = label_of  # type: ignore[assignment]
        self._relayout()

    def set_families(self, families: tuple[str, ...]) -> None:
        self._families = families
        self._relayout()

    @property
    def px_per_s(self) -> float:
        return self._px_per_s

    def set_px_per_s(self, px_per_s: float) -> None:
        self._px_per_s = min(max(px_per_s, 0.5), 400.0)
        self._relayout()

    def fit_width(self, width_px: float) -> None:
        usable = max(width_px - geo.LABEL_W - 44.0, 50.0)
        self.set_px_per_s(usable / max(self._duration_s, 0.1))

    @property
    def layout_now(self) -> geo.ComparisonLayout | None:
        return self._layout

    def _relayout(self) -> None:
        if self._pair is None:
            self._layout: geo.ComparisonLayout | None = None
            self.setMinimumSize(320, int(geo.lane_top(1) + geo.LANE_H + 28))
        else:
            self._layout = geo.layout(
                self._pair, self._families, self._duration_s, self._tolerance_s, self._px_per_s
            )
            self.setMinimumSize(int(self._layout.width), int(self._layout.height))
        self.resize(self.minimumSize())  # in a scroll area: its scroll range follows
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    # -- input -----------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        mark = self._mark_at(event.position())
        if mark is not None and event.button() == Qt.MouseButton.LeftButton:
            self.frameChosen.emit(mark.event.frame)
            return
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            mark = self._mark_at(QPointF(event.pos()))
            if mark is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(mark), self)
            return True
        return super().event(event)

    def _mark_at(self, point: QPointF) -> geo.Mark | None:
        if self._layout is None:
            return None
        return self._layout.mark_near(point.x(), point.y())

    def describe(self, mark: geo.Mark) -> str:
        assert self._pair is not None
        who = self._pair.a if mark.lane == 0 else self._pair.b
        other = self._pair.b if mark.lane == 0 else self._pair.a
        e = mark.event
        what = "Infant cue" if e.family == "cue" else "Parent response"
        lines = [
            f"{who}: {what} {self._label_of(e.code)}",
            f"{format_seconds(e.time_s)} (frame {e.frame})",
        ]
        if mark.status == geo.ONLY:
            lines.append(f"{other} marked nothing within ±{self._tolerance_s:g} s")
        else:
            partner = self._partner(mark)
            if partner is not None:
                verdict = "same code" if mark.status == geo.AGREE else "a different code"
                lines.append(
                    f"Paired with {other}'s {self._label_of(partner.event.code)} at "
                    f"{format_seconds(partner.event.time_s)}: {verdict}"
                )
        return "\n".join(lines)

    def _partner(self, mark: geo.Mark) -> geo.Mark | None:
        assert self._layout is not None
        for link in self._layout.links:
            if link.a == mark:
                return link.b
            if link.b == mark:
                return link.a
        return None

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), BG)
        self._paint_ruler(painter)
        self._paint_lanes(painter)
        if self._layout is not None:
            self._paint_bands(painter, self._layout)
            self._paint_links(painter, self._layout)
            self._paint_marks(painter, self._layout)
        self._paint_legend(painter)
        painter.end()

    def _paint_ruler(self, painter: QPainter) -> None:
        painter.fillRect(QRectF(0, 0, self.width(), geo.RULER_H), RULER_BG)
        step = next((s for s in TICK_STEPS_S if s * self._px_per_s >= 70), TICK_STEPS_S[-1])
        painter.setFont(small_font(self.font()))
        painter.setPen(DIM_TEXT)
        t = 0.0
        while t <= self._duration_s + 1e-9:
            x = geo.x_of(t, self._px_per_s)
            painter.drawLine(QPointF(x, geo.RULER_H - 6), QPointF(x, geo.RULER_H))
            painter.drawText(QPointF(x + 3, geo.RULER_H - 8), format_seconds(t, with_ms=step < 1))
            t += step

    def _paint_lanes(self, painter: QPainter) -> None:
        names = (self._pair.a, self._pair.b) if self._pair else ("Coder A", "Coder B")
        font = QFont(self.font())
        font.setBold(True)
        for lane, name in enumerate(names):
            top = geo.lane_top(lane)
            painter.fillRect(QRectF(0, top, self.width(), geo.LANE_H), LANE_BG)
            painter.setPen(TEXT)
            painter.setFont(font)
            painter.drawText(
                QRectF(8, top, geo.LABEL_W - 12, geo.LANE_H),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                painter.fontMetrics().elidedText(
                    name, Qt.TextElideMode.ElideRight, int(geo.LABEL_W - 12)
                ),
            )

    def _paint_bands(self, painter: QPainter, layout: geo.ComparisonLayout) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BAND_COLOUR)
        for band in layout.bands:
            painter.drawRect(QRectF(band.x0, band.y - 8, max(band.x1 - band.x0, 1.0), 16))

    def _paint_links(self, painter: QPainter, layout: geo.ComparisonLayout) -> None:
        for link in layout.links:
            pen = QPen(
                AGREE_COLOUR if link.agrees else DISAGREE_COLOUR, 1.6 if link.agrees else 2.2
            )
            if not link.agrees:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(
                QPointF(link.a.x, link.a.y + MARK_PX / 2), QPointF(link.b.x, link.b.y - MARK_PX / 2)
            )

    def _paint_marks(self, painter: QPainter, layout: geo.ComparisonLayout) -> None:
        painter.setFont(small_font(self.font(), 0.8))
        metrics = painter.fontMetrics()
        rows: dict[tuple[int, str], list[geo.Mark]] = {}
        for mark in layout.marks:
            rows.setdefault((mark.lane, mark.family), []).append(mark)
        for row in rows.values():
            row.sort(key=lambda m: m.x)
            for number, mark in enumerate(row):
                self._paint_mark(painter, mark)
                # the label fits in the room before the next mark of its row, or is cut short
                room = (row[number + 1].x if number + 1 < len(row) else self.width()) - mark.x
                room -= MARK_PX * 2.2
                if room >= 24:
                    label = metrics.elidedText(
                        self._label_of(mark.event.code), Qt.TextElideMode.ElideRight, int(room)
                    )
                    painter.setPen(TEXT if mark.status != geo.ONLY else ONLY_COLOUR)
                    painter.drawText(QPointF(mark.x + MARK_PX * 1.1, mark.y + 4), label)

    def _paint_mark(self, painter: QPainter, mark: geo.Mark) -> None:
        painter.setPen(QPen(BG, 1))
        painter.setBrush(COLOURS[mark.status])
        self._shape(painter, mark)
        if mark.status == geo.ONLY:  # a ring: seen without colour
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(ONLY_COLOUR, 2))
            painter.drawEllipse(QPointF(mark.x, mark.y), MARK_PX, MARK_PX)

    def _shape(self, painter: QPainter, mark: geo.Mark) -> None:
        r = MARK_PX / 2
        if mark.family == "cue":
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(mark.x, mark.y - r),
                        QPointF(mark.x + r, mark.y + r),
                        QPointF(mark.x - r, mark.y + r),
                    ]
                )
            )
        else:
            painter.drawEllipse(QPointF(mark.x, mark.y), r, r)

    def _paint_legend(self, painter: QPainter) -> None:
        painter.setFont(small_font(self.font()))
        painter.setPen(DIM_TEXT)
        y = geo.lane_top(1) + geo.LANE_H + 18
        text = (
            f"▲ infant cue   ● parent response   solid line: same code   dashed: different code"
            f"   ringed: only one coder marked it   shaded: ±{self._tolerance_s:g} s around "
            f"{self._pair.a if self._pair else 'the first coder'}'s events"
        )
        painter.drawText(QPointF(8, y), text)
