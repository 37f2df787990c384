"""TimelineWidget: scrub then exact seek, frame-exact tag edge drags, zoom, thumbnails."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from attune_app.media.synthetic import draw_index_frame, read_frame_index
from ui.timeline.tag_lanes import TimelineTag, pack_lanes
from ui.timeline.timeline_scale import TimelineScale
from ui.timeline.timeline_widget import TimelineWidget


@dataclass
class Tag:
    id: int
    in_frame: int
    out_frame: int
    cue_frame: int | None
    response_frame: int | None
    label: str


def thumbnail(frame: int, max_width: int) -> np.ndarray[Any, Any]:
    return draw_index_frame(frame, max_width, max_width * 9 // 16)


@pytest.fixture
def timeline(qtbot: QtBot) -> Iterator[TimelineWidget]:
    widget = TimelineWidget(synchronous_thumbnails=True)
    qtbot.addWidget(widget)
    widget.resize(900, widget.height())
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_video(300, 30.0, thumbnail)
    yield widget
    widget.shutdown()


def point(timeline: TimelineWidget, frame: int, y: float) -> QPoint:
    return QPointF(timeline.x_for_frame(frame), y).toPoint()


def test_scrub_previews_every_frame_then_seeks_exactly_on_release(
    qtbot: QtBot, timeline: TimelineWidget
) -> None:
    timeline.scale.zoom(8, 0)  # 24 px a frame: every frame has its own pixels
    previews: list[int] = []
    seeks: list[int] = []
    timeline.scrubPreview.connect(previews.append)
    timeline.seekRequested.connect(seeks.append)
    y = 30  # on the filmstrip
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=point(timeline, 3, y))
    for frame in (4, 5, 6, 9):
        qtbot.mouseMove(timeline, point(timeline, frame, y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=point(timeline, 9, y))
    assert previews == [3, 4, 5, 6, 9]
    assert seeks == [9]
    assert timeline.playhead == 9


def test_tag_edges_drag_frame_by_frame(qtbot: QtBot, timeline: TimelineWidget) -> None:
    timeline.scale.zoom(8, 0)
    timeline.set_tags([Tag(7, 10, 20, 12, 15, "looks, smiles back")])
    dragged: list[tuple[int, str, int]] = []
    released: list[tuple[int, str, int]] = []
    clicked: list[int] = []
    timeline.tagEdgeDragged.connect(lambda *args: dragged.append(args))
    timeline.tagEdgeReleased.connect(lambda *args: released.append(args))
    timeline.tagClicked.connect(clicked.append)
    lane_y = timeline.lane_rect(0).center().y()
    out_edge = QPointF(timeline.scale.x_of(21), lane_y).toPoint()  # right edge of frame 20
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=out_edge)
    for frame in (21, 22, 23):
        qtbot.mouseMove(timeline, point(timeline, frame, lane_y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=point(timeline, 23, lane_y))
    assert dragged == [(7, "out", 21), (7, "out", 22), (7, "out", 23)]
    assert released == [(7, "out", 23)]
    assert clicked == [7]
    # The in edge cannot pass the out edge: it stops at a one-frame still.
    in_edge = QPointF(timeline.scale.x_of(10), lane_y).toPoint()
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=in_edge)
    qtbot.mouseMove(timeline, point(timeline, 30, lane_y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=point(timeline, 30, lane_y))
    assert released[-1] == (7, "in", 23)


def test_clicking_a_tag_selects_it_without_seeking(qtbot: QtBot, timeline: TimelineWidget) -> None:
    timeline.set_tags([Tag(3, 100, 160, None, None, "waits, gives a turn")])
    clicked: list[int] = []
    seeks: list[int] = []
    timeline.tagClicked.connect(clicked.append)
    timeline.seekRequested.connect(seeks.append)
    qtbot.mouseClick(
        timeline,
        Qt.MouseButton.LeftButton,
        pos=point(timeline, 130, timeline.lane_rect(0).center().y()),
    )
    assert clicked == [3] and seeks == []


def test_thumbnails_show_their_frames(qtbot: QtBot, timeline: TimelineWidget) -> None:
    qtbot.waitUntil(lambda: timeline.thumbnails.image(0) is not None)
    image = timeline.thumbnails.image(0)
    assert image is not None
    from ui.player.video_view import VideoViewWidget

    view = VideoViewWidget()
    qtbot.addWidget(view)
    ptr = image.convertToFormat(image.Format.Format_RGB888)
    rgb = np.frombuffer(ptr.constBits(), np.uint8).reshape(ptr.height(), ptr.bytesPerLine())
    rgb = rgb[:, : ptr.width() * 3].reshape(ptr.height(), ptr.width(), 3)
    assert read_frame_index(rgb) == 0


def test_zoom_keeps_the_frame_under_the_pointer(timeline: TimelineWidget) -> None:
    before = timeline.scale.frame_at(450)
    timeline.zoom_in()
    timeline.zoom_in()
    assert timeline.scale.px_per_frame > 900 / 300
    timeline.set_playhead(before)
    timeline.zoom_fit()
    assert timeline.scale.px_per_frame == pytest.approx(3.0)


@given(
    frame_count=st.integers(1, 20_000),
    width=st.integers(100, 4000),
    zoom=st.floats(1, 100),
    frame=st.integers(0, 19_999),
)
def test_scale_maps_each_frame_to_its_own_pixels(
    frame_count: int, width: int, zoom: float, frame: int
) -> None:
    scale = TimelineScale(frame_count=frame_count)
    scale.resize(width)
    scale.zoom(zoom, width / 2)
    frame = min(frame, frame_count - 1)
    if scale.px_per_frame >= 1:
        scale.ensure_visible(frame)
        assert scale.frame_at(scale.x_of(frame + 0.5)) == frame
    assert 0 <= scale.frame_at(-50) <= scale.frame_at(width + 50) <= frame_count - 1


def test_overlapping_tags_get_their_own_lanes() -> None:
    tags = [
        TimelineTag(1, 0, 10, None, None, "a"),
        TimelineTag(2, 5, 15, None, None, "b"),
        TimelineTag(3, 11, 20, None, None, "c"),
    ]
    assert pack_lanes(tags) == {1: 0, 2: 1, 3: 0}


def test_dragging_past_the_edge_scrolls_a_zoomed_view(
    qtbot: QtBot, timeline: TimelineWidget
) -> None:
    timeline.scale.zoom(8, 0)
    last_visible = timeline.scale.visible_frames()[1]
    previews: list[int] = []
    timeline.scrubPreview.connect(previews.append)
    y = 30
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=point(timeline, 5, y))
    for _ in range(5):
        qtbot.mouseMove(timeline, QPoint(timeline.width() + 40, y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(timeline.width() - 1, y))
    assert timeline.scale.offset_px > 0
    assert max(previews) > last_visible
