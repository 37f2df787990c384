"""Drawing the timeline's parts: ruler, filmstrip, in/out range, tag spans, their labels,
cue and response marks, the legend and the playhead. GUI thread only.

Meaning never rests on colour alone: cue and response marks are different shapes (▲ and ●,
named in the legend), the in/out range is labelled, a selected tag has a thick outline and a
bold label.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPolygonF

from attune_app.domain.timecode import format_seconds
from ui.timeline.tag_label_layout import PlacedLabel
from ui.timeline.tag_lanes import TimelineTag
from ui.timeline.timeline_scale import TimelineScale

BG = QColor(38, 40, 44)
RULER_BG = QColor(50, 52, 57)
TEXT = QColor(232, 232, 232)
DIM_TEXT = QColor(160, 164, 170)
TAG_FILL = QColor(62, 96, 130)
TAG_SELECTED = QColor(36, 84, 140)  # darker, so white text keeps its contrast
RANGE = QColor(240, 200, 90)
PLAYHEAD = QColor(255, 90, 70)
CUE = QColor(255, 214, 120)
RESPONSE = QColor(140, 230, 160)
MARK_PX = 9  # size of a cue triangle or a response dot
CUE_SYMBOL, RESPONSE_SYMBOL = "▲", "●"
LEGEND = f"{CUE_SYMBOL} infant cue   {RESPONSE_SYMBOL} parent response"


def small_font(base: QFont, factor: float = 0.85, floor_pt: float = 7.5) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(base.pointSizeF() * factor, floor_pt))
    return font


def paint_ruler(
    painter: QPainter, width: float, height: float, scale: TimelineScale, fps: float, step_s: float
) -> None:
    """Ticks and times; a time that would run under the legend is left out, not cut."""
    painter.fillRect(QRectF(0, 0, width, height), RULER_BG)
    text_limit = width - legend_width(painter) - 4
    first, last = scale.visible_frames()
    k = int(first / fps // step_s)
    while (t_s := k * step_s) * fps <= last + 1:
        x = scale.x_of(t_s * fps)
        painter.setPen(DIM_TEXT)
        painter.drawLine(QPointF(x, height - 7), QPointF(x, height))
        text = format_seconds(t_s, with_ms=step_s < 1)
        if x + 3 + painter.fontMetrics().horizontalAdvance(text) < text_limit:
            painter.setPen(TEXT)
            painter.drawText(QPointF(x + 3, height - 9), text)
        k += 1


def paint_legend(painter: QPainter, width: float, height: float) -> None:
    """The marks' key, at the ruler's right end over a solid box (it reads over ticks)."""
    metrics = painter.fontMetrics()
    box_w = metrics.horizontalAdvance(LEGEND) + 12
    box = QRectF(width - box_w, 0, box_w, height)
    painter.fillRect(box, RULER_BG)
    x = box.left() + 6
    baseline = height - 7
    for symbol, colour, words in (
        (CUE_SYMBOL, CUE, " infant cue   "),
        (RESPONSE_SYMBOL, RESPONSE, " parent response"),
    ):
        painter.setPen(colour)
        painter.drawText(QPointF(x, baseline), symbol)
        x += metrics.horizontalAdvance(symbol)
        painter.setPen(TEXT)
        painter.drawText(QPointF(x, baseline), words)
        x += metrics.horizontalAdvance(words)


def legend_width(painter: QPainter) -> float:
    return painter.fontMetrics().horizontalAdvance(LEGEND) + 12


def paint_strip(
    painter: QPainter,
    slots: list[tuple[float, int]],
    top: float,
    cell_w: float,
    cell_h: float,
    image_of: Callable[[int], QImage | None],
) -> None:
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    for x, frame in slots:
        target = QRectF(x, top, cell_w - 1, cell_h)
        image = image_of(frame)
        if image is None:
            painter.fillRect(target, QColor(60, 62, 68))
        else:
            painter.drawImage(target, image)


def paint_range(painter: QPainter, x0: float, x1: float, bottom: float) -> None:
    shade = QColor(RANGE)
    shade.setAlpha(50)
    painter.fillRect(QRectF(x0, 0, x1 - x0, bottom), shade)
    painter.setPen(QPen(RANGE, 2))
    painter.drawLine(QPointF(x0, 0), QPointF(x0, bottom))
    painter.drawLine(QPointF(x1, 0), QPointF(x1, bottom))
    # Labelled on the ruler's lower edge, so the range reads without its colour.
    metrics = painter.fontMetrics()
    label_top = 24 - 13
    in_w = metrics.horizontalAdvance("in") + 6
    painter.fillRect(QRectF(x0, label_top, in_w, 13), BG)
    painter.drawText(QPointF(x0 + 3, 22), "in")
    out_w = metrics.horizontalAdvance("out") + 6
    painter.fillRect(QRectF(x1 - out_w, label_top, out_w, 13), BG)
    painter.drawText(QPointF(x1 - out_w + 2, 22), "out")


def paint_span(painter: QPainter, rect: QRectF, selected: bool) -> None:
    painter.fillRect(rect, TAG_SELECTED if selected else TAG_FILL)
    # Selection is shown by a thick white outline too, not by colour alone.
    painter.setPen(QPen(QColor(255, 255, 255), 3 if selected else 1))
    painter.drawRect(rect)


def mark_rects(rect: QRectF, cue_x: float | None, response_x: float | None) -> list[QRectF]:
    """Cue marks sit in the span's upper half and responses in its lower half, so a quick
    answer (two frames a pixel apart at fit zoom) still shows as two separate shapes."""
    size = min(MARK_PX, rect.height() / 2 - 1)
    rects = []
    if cue_x is not None:
        rects.append(QRectF(cue_x - size / 2, rect.top() + 1, size, size))
    if response_x is not None:
        rects.append(QRectF(response_x - size / 2, rect.bottom() - size - 1, size, size))
    return rects


def paint_marks(
    painter: QPainter, rect: QRectF, cue_x: float | None, response_x: float | None
) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    rects = mark_rects(rect, cue_x, response_x)
    if cue_x is not None:
        box = rects.pop(0)
        painter.setPen(QPen(CUE, 2))
        painter.drawLine(QPointF(cue_x, box.bottom()), QPointF(cue_x, rect.center().y()))
        painter.setPen(QPen(QColor(30, 30, 30), 1))
        painter.setBrush(CUE)
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(box.left(), box.bottom()),
                    QPointF(box.right(), box.bottom()),
                    QPointF(box.center().x(), box.top()),
                ]
            )
        )
    if response_x is not None:
        box = rects.pop(0)
        painter.setPen(QPen(RESPONSE, 2))
        painter.drawLine(QPointF(response_x, rect.center().y()), QPointF(response_x, box.top()))
        painter.setPen(QPen(QColor(30, 30, 30), 1))
        painter.setBrush(RESPONSE)
        painter.drawEllipse(box)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def paint_label(painter: QPainter, label: PlacedLabel, rect: QRectF, selected: bool) -> None:
    font = QFont(painter.font())
    font.setBold(selected)  # selection reads in the text too, not by colour alone
    painter.save()
    painter.setFont(font)
    painter.setPen(TEXT)
    align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
    painter.drawText(rect, align, label.text)
    painter.restore()


def paint_playhead(painter: QPainter, x: float, height: float) -> None:
    painter.setPen(QPen(PLAYHEAD, 2))
    painter.drawLine(QPointF(x, 0), QPointF(x, height))
    handle = QPolygonF([QPointF(x - 6, 0), QPointF(x + 6, 0), QPointF(x, 8)])
    painter.setBrush(PLAYHEAD)
    painter.drawPolygon(handle)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def span_tip(tag: TimelineTag, time_of: Callable[[int], str]) -> str:
    """The tooltip of a span: the whole tag, or its label and frames when none was given."""
    if tag.tooltip:
        return tag.tooltip
    lines = [tag.label or f"tag {tag.id}", f"{time_of(tag.in_frame)} – {time_of(tag.out_frame)}"]
    if tag.cue_frame is not None:
        lines.append(f"{CUE_SYMBOL} cue at {time_of(tag.cue_frame)} (frame {tag.cue_frame})")
    if tag.response_frame is not None:
        frame = tag.response_frame
        lines.append(f"{RESPONSE_SYMBOL} response at {time_of(frame)} (frame {frame})")
    return "\n".join(lines)
