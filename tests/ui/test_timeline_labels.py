"""The timeline reads without hovering: every tag's label (whole or a readable abbreviation)
is drawn, labels and marks never overlap, and the tooltip holds the whole tag."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from ui.timeline.tag_label_layout import MIN_ELIDED_CHARS, abbreviations
from ui.timeline.tag_lanes import TimelineTag
from ui.timeline.timeline_widget import TimelineWidget

FPS = 25.0
# The demo's five moments on a 60 s clip: (start s, length s, cue, response, latency s).
MOMENTS = [
    (3.2, 3.6, "Looks at parent", "Looks back", 0.6),
    (9.0, 3.5, "Smiles", "Smiles back", 0.48),
    (16.0, 3.8, "Vocalises", "Imitates or mirrors", 0.8),
    (24.0, 4.0, "Reaches", "Names or comments", 1.0),
    (32.0, 3.4, "Looks at parent", "Waits and gives a turn", 0.4),
]


def _tags() -> list[TimelineTag]:
    tags = []
    for number, (start_s, length_s, cue, response, latency_s) in enumerate(MOMENTS, start=1):
        in_frame = round(start_s * FPS)
        cue_frame = in_frame + 10
        texts = abbreviations(cue, response)
        tags.append(
            TimelineTag(
                number,
                in_frame,
                in_frame + round(length_s * FPS),
                cue_frame,
                cue_frame + round(latency_s * FPS),
                texts[0],
                texts=texts,
                tooltip=f"{texts[0]}\nLatency: {latency_s:.2f} s\nNote: moment {number}",
            )
        )
    return tags


@pytest.fixture
def timeline(qtbot: QtBot) -> Iterator[TimelineWidget]:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(660, widget.sizeHint().height())  # the timeline's width in a 1440x900 window
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_video(1500, FPS, None)  # 60 s, fit zoom
    widget.set_tags(_tags())
    yield widget
    widget.shutdown()


def test_every_tag_is_named_at_fit_zoom_without_overlaps(timeline: TimelineWidget) -> None:
    labels = {label.tag_id: label for label in timeline.labels()}
    tags = timeline.tags
    assert set(labels) == set(tags)  # every tag is named, none only by colour or a hover
    for tag_id, label in labels.items():
        full_or_abbreviated = label.text in tags[tag_id].label_texts()
        readable_elision = label.text.endswith("…") and len(label.text) > MIN_ELIDED_CHARS
        assert full_or_abbreviated or readable_elision, label.text
        assert len(label.text.rstrip("…")) >= MIN_ELIDED_CHARS  # never "L…"
    rects = [timeline.label_rect(label) for label in labels.values()]
    for i, a in enumerate(rects):
        assert a.left() >= 0 and a.right() <= timeline.width() + 2
        for b in rects[i + 1 :]:
            assert not a.intersects(b)
    spans = [timeline.lane_rect(0)]
    assert not any(rect.intersects(spans[0]) for rect in rects)  # labels sit above the spans


def test_cue_and_response_marks_are_separate_shapes(timeline: TimelineWidget) -> None:
    for tag_id in timeline.tags:
        cue, response = timeline.mark_rects(tag_id)
        assert not cue.intersects(response)  # 0.4 s apart is ~4 px at fit zoom
        span = timeline.lane_rect(0)
        assert span.contains(cue) and span.contains(response)


def test_zoomed_in_a_tag_shows_its_whole_label(timeline: TimelineWidget) -> None:
    tag = timeline.tags[3]
    timeline.zoom_to_frames(tag.in_frame, tag.out_frame)
    [label] = [lab for lab in timeline.labels() if lab.tag_id == 3]
    assert label.text == "Vocalises → Imitates or mirrors"


def test_tooltip_holds_the_whole_tag(timeline: TimelineWidget) -> None:
    tag = timeline.tags[2]
    span = timeline.lane_rect(0)
    middle = QPointF(timeline.x_for_frame((tag.in_frame + tag.out_frame) // 2), span.center().y())
    tip = timeline.tip_at(middle)
    assert "Smiles → Smiles back" in tip and "Latency: 0.48 s" in tip and "moment 2" in tip
    label = next(lab for lab in timeline.labels() if lab.tag_id == 4)
    assert "moment 4" in timeline.tip_at(timeline.label_rect(label).center())
    assert timeline.tip_at(QPointF(timeline.width() - 5, span.center().y())) == ""


def test_labels_are_drawn(qtbot: QtBot, timeline: TimelineWidget) -> None:
    """The label rows carry bright text pixels where the layout put labels."""
    image = timeline.grab().toImage()
    label = timeline.labels()[0]
    rect = timeline.label_rect(label).toRect()
    bright = sum(
        1
        for x in range(rect.left(), rect.right())
        for y in range(rect.top(), rect.bottom())
        if image.pixelColor(x, y).lightness() > 180
    )
    assert bright > 20


def test_abbreviations_keep_words() -> None:
    assert abbreviations("Smiles", "Smiles back") == (
        "Smiles → Smiles back",
        "Smiles → Smiles",
        "Smiles",
    )
    assert abbreviations("Looks at parent", "") == ("Looks at parent", "Looks")
