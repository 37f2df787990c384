"""Manual boxes on the review frame: drag inside to move, drag a handle to resize (with a
minimum size), arrows nudge; each drag one undo step (a keyframe on this frame), consecutive
nudges one step; all written to the store as they are made."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from attune_app.anonymise.boxes import Rect
from attune_app.anonymise.editing import add_box, set_box_key
from attune_app.anonymise.state import load
from attune_app.store.library import Library
from tests.export.reel_media import make_training_reel
from ui.anonymise.frame_view_widget import MIN_BOX_PX
from ui.anonymise.review_dialog import AnonymiseReviewDialog
from ui.library.library_controller import LibraryController
from ui.player.playback_clock import no_audio_clock_factory
from ui.player.player_controller import PlayerController

START = Rect(40, 60, 120, 140)


@pytest.fixture
def dialog(qtbot, library: Library, tmp_path: Path):  # type: ignore[no-untyped-def]
    clip_id, reel_id = make_training_reel(library, tmp_path)
    box = add_box(library, reel_id, clip_id, 6, START)
    made = AnonymiseReviewDialog(
        LibraryController(library),
        reel_id,
        make_player=lambda owner: PlayerController(owner, clock_factory=no_audio_clock_factory),
    )
    qtbot.addWidget(made)
    made.resize(1100, 720)
    made.show()
    made.slider.setValue(2)  # frame 6 of the clip (the first item starts at 4)
    qtbot.waitUntil(
        lambda: made.shown == (clip_id, 6) and made.view.box_rect(box.id) == START, timeout=10_000
    )
    made.box_id, made.clip_id = box.id, clip_id
    yield made
    made.reject()


def _rect(library: Library, dialog, frame: int) -> Rect | None:  # type: ignore[no-untyped-def]
    box = next(b for b in load(library, dialog.reel_id).boxes if b.id == dialog.box_id)
    return box.rect_at(frame)


def _widget_point(dialog, x: int, y: int) -> QPoint:  # type: ignore[no-untyped-def]
    """Where source pixel (x, y) is on the frame view."""
    view = dialog.view
    return view.widget_rect(Rect(x, y, x + 1, y + 1)).topLeft()


def _drag(qtbot, view, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 5):  # a few moves on the way, as a hand makes them
        qtbot.mouseMove(view, start + (end - start) * step / 4)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)


def test_drag_inside_moves_the_box_and_one_undo_restores_it(
    qtbot, dialog, library: Library
) -> None:  # type: ignore[no-untyped-def]
    view, stack = dialog.view, dialog.controller.undo_stack
    depth = stack.count()
    _drag(qtbot, view, _widget_point(dialog, 80, 100), _widget_point(dialog, 130, 90))
    assert view.selected == dialog.box_id
    assert _rect(library, dialog, 6) == Rect(90, 50, 170, 130)  # moved by (50, -10), same size
    assert stack.count() == depth + 1 and stack.undoText() == "Move face box"
    assert dialog.covers.currentItem().data(Qt.ItemDataRole.UserRole) == ("box", dialog.box_id)
    stack.undo()
    assert _rect(library, dialog, 6) == START


def test_drag_a_handle_resizes_with_a_keyframe_here(qtbot, dialog, library: Library) -> None:  # type: ignore[no-untyped-def]
    view, stack = dialog.view, dialog.controller.undo_stack
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_widget_point(dialog, 80, 100))
    assert view.selected == dialog.box_id
    corner = view.handle_points(START)["bottom-right"]
    _drag(qtbot, view, corner, _widget_point(dialog, 200, 180))
    assert _rect(library, dialog, 6) == Rect(40, 60, 200, 180)
    assert stack.undoText() == "Resize face box"
    stack.undo()
    assert _rect(library, dialog, 6) == START

    qtbot.waitUntil(lambda: view.box_rect(dialog.box_id) == START, timeout=10_000)
    left = view.handle_points(START)["left"]  # past the right edge: kept at the minimum size
    _drag(qtbot, view, left, _widget_point(dialog, 300, 100))
    assert _rect(library, dialog, 6) == Rect(120 - MIN_BOX_PX, 60, 120, 140)
    stack.undo()


def test_a_drag_between_keyframes_adds_one_here(qtbot, dialog, library: Library) -> None:  # type: ignore[no-untyped-def]
    set_box_key(library, dialog.box_id, 12, Rect(60, 60, 140, 140))
    dialog.reload()
    dialog.slider.setValue(5)  # frame 9, halfway: interpolated to (50, 60, 130, 140)
    qtbot.waitUntil(lambda: dialog.shown == (dialog.clip_id, 9), timeout=10_000)
    assert dialog.view.box_rect(dialog.box_id) == Rect(50, 60, 130, 140)
    _drag(qtbot, dialog.view, _widget_point(dialog, 90, 100), _widget_point(dialog, 90, 120))
    assert _rect(library, dialog, 9) == Rect(50, 80, 130, 160)
    assert _rect(library, dialog, 6) == START and _rect(library, dialog, 12) == Rect(
        60, 60, 140, 140
    )
    assert _rect(library, dialog, 8) == Rect(47, 73, 127, 153)  # 6..9 now leads to the new key
    dialog.controller.undo_stack.undo()
    keys = next(b for b in load(library, dialog.reel_id).boxes if b.id == dialog.box_id).keys
    assert [k.frame for k in keys] == [6, 12]


def test_handles_show_the_right_cursor(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    view = dialog.view
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_widget_point(dialog, 80, 100))
    points = view.handle_points(START)
    for name, shape in (
        ("top-left", Qt.CursorShape.SizeFDiagCursor),
        ("top-right", Qt.CursorShape.SizeBDiagCursor),
        ("top", Qt.CursorShape.SizeVerCursor),
        ("left", Qt.CursorShape.SizeHorCursor),
    ):
        qtbot.mouseMove(view, points[name])
        assert view.cursor().shape() == shape, name
    qtbot.mouseMove(view, _widget_point(dialog, 80, 100))
    assert view.cursor().shape() == Qt.CursorShape.SizeAllCursor
    qtbot.mouseMove(view, _widget_point(dialog, 250, 30))
    assert view.cursor().shape() == Qt.CursorShape.CrossCursor


def test_nudges_merge_into_one_undo_step(qtbot, dialog, library: Library) -> None:  # type: ignore[no-untyped-def]
    view, stack = dialog.view, dialog.controller.undo_stack
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_widget_point(dialog, 80, 100))
    depth = stack.count()
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert _rect(library, dialog, 6) == Rect(43, 70, 123, 150)  # written as it is made
    assert dialog.shown == (dialog.clip_id, 6)  # the arrows nudged, they did not step frames
    assert stack.count() == depth + 1 and stack.undoText() == "Nudge face box"
    stack.undo()
    assert _rect(library, dialog, 6) == START
    stack.redo()
    assert _rect(library, dialog, 6) == Rect(43, 70, 123, 150)
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # lets the box go: the arrows step frames again
    assert view.selected is None and dialog.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: dialog.shown == (dialog.clip_id, 7), timeout=10_000)
