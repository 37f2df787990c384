"""The reel editor: every edit is written at once, undoable and redoable (checked in the store);
consecutive edits of one field merge; trims are frame-exact with previews of the exact frames."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWidget

from attune_app.domain.models import Clip, ReelItem
from attune_app.media.synthetic import read_frame_index
from attune_app.services import reels as reel_service
from attune_app.services.reel_timing import running_times
from attune_app.store.library import Library
from ui.library.library_controller import LibraryController
from ui.reels.reel_commands import MoveReelItemCommand
from ui.reels.reel_editor_controller import ReelEditorController, running_time_text
from ui.reels.reel_item_editor_widget import ReelItemEditorWidget
from ui.reels.reel_panel_widget import ReelPanelWidget


@dataclass
class Editor:
    """The reel panel, the item editor and their controller, wired as the window wires them."""

    library: Library
    controller: LibraryController
    panel: ReelPanelWidget
    widget: ReelItemEditorWidget
    editing: ReelEditorController
    clip: Clip
    frame: list[int] = field(default_factory=lambda: [0])
    marked: list[tuple[int, int]] = field(default_factory=lambda: [(0, 0)])

    def refresh(self) -> None:
        reels = reel_service.list_reels(self.library)
        self.panel.set_reels(reels, self.panel.reel_id())
        reel_id = self.panel.reel_id()
        items = reel_service.list_reel_items(self.library, reel_id) if reel_id else []
        self.panel.set_items(items, lambda i: f"{i.id}")
        self.editing.refresh()

    def items(self) -> list[ReelItem]:
        reel_id = self.panel.reel_id()
        assert reel_id is not None
        return reel_service.list_reel_items(self.library, reel_id)

    def item(self, row: int = 0) -> ReelItem:
        return self.items()[row]

    def choose(self, row: int) -> None:
        self.panel.select_row(row)


@pytest.fixture
def editor(
    qtbot: object, library: Library, library_controller: LibraryController, clip: Clip
) -> Iterator[Editor]:
    host = QWidget()
    panel = ReelPanelWidget(host)
    widget = ReelItemEditorWidget(host)
    state = Editor(library, library_controller, panel, widget, None, clip)  # type: ignore[arg-type]
    state.editing = ReelEditorController(
        library_controller,
        panel,
        widget,
        current_clip=lambda: clip,
        current_frame=lambda: state.frame[0],
        marked_range=lambda: state.marked[0],
        synchronous_previews=True,
    )
    library_controller.reelsChanged.connect(lambda _id: state.refresh())
    reel = reel_service.create_reel(library, "Moments", "parent_review")
    reel_service.add_range_to_reel(library, reel.id, clip.id, 10, 29)  # 20 frames at 25 fps
    state.refresh()
    state.choose(0)
    layout = QVBoxLayout(host)
    layout.addWidget(panel)
    layout.addWidget(widget)
    host.resize(480, 900)
    host.show()
    yield state
    state.editing.shutdown()
    host.close()


def _undo_redo(state: Editor, before: object, after: object, read: object) -> None:
    """Undo gives `before` back in the store, redo `after`; one step each."""
    assert callable(read)
    stack = state.controller.undo_stack
    assert read() == after
    stack.undo()
    assert read() == before
    stack.redo()
    assert read() == after


def test_typing_a_caption_is_written_at_once_and_undone_in_one_step(
    editor: Editor, qtbot: object
) -> None:
    stack = editor.controller.undo_stack
    edit = editor.widget.caption_edit
    edit.setFocus()
    qtbot.keyClicks(edit, "You waited")  # type: ignore[attr-defined]
    assert editor.item().caption == "You waited"
    assert edit.text() == "You waited"
    assert stack.count() == 1  # ten keystrokes, one undo step
    _undo_redo(editor, "", "You waited", lambda: editor.item().caption)


def test_the_question_is_kept_apart_from_the_caption(editor: Editor) -> None:
    editor.widget.prompt_edit.textEdited.emit("What do you notice?")
    assert (editor.item().prompt, editor.item().caption) == ("What do you notice?", "")
    _undo_redo(editor, "", "What do you notice?", lambda: editor.item().prompt)


def test_speed_changes_the_running_time(editor: Editor) -> None:
    combo = editor.widget.speed_combo
    assert editor.panel.running_label.text() == running_time_text(0.8)
    combo.setCurrentIndex(combo.findData(0.5))
    combo.activated.emit(combo.currentIndex())
    assert editor.item().speed == 0.5
    assert editor.panel.running_label.text() == "Running time 0:01.6"
    assert "plays 1.6 s" in editor.widget.heading.text()
    assert "silent anyway" not in editor.widget.silent_note.text()  # 0.5 is not below 0.5
    _undo_redo(editor, 1.0, 0.5, lambda: editor.item().speed)
    assert editor.panel.running_label.text() == "Running time 0:01.6"


def test_a_freeze_frame_hold_before_the_moment(editor: Editor) -> None:
    w = editor.widget
    w.hold_check.click()
    assert editor.item().hold_ms == 2000  # the editor's suggested two seconds
    w.hold_seconds.setValue(3.5)
    assert editor.item().hold_ms == 3500
    w.hold_frame_spin.setValue(15)
    w.hold_place.setCurrentIndex(w.hold_place.findData("start"))
    w.hold_place.activated.emit(w.hold_place.currentIndex())
    item = editor.item()
    assert (item.hold_frame, item.hold_at, item.hold_ms) == (15, "start", 3500)
    total_s, _ = running_times(editor.library, item.reel_id)
    assert total_s == pytest.approx(3.5 + 0.8)
    assert editor.panel.running_label.text() == "Running time 0:04.3"
    stack = editor.controller.undo_stack
    assert stack.count() == 3  # switching the hold on and setting its seconds: one step
    stack.undo()
    assert editor.item().hold_at == "end"
    stack.undo()
    assert editor.item().hold_frame is None
    stack.undo()
    assert editor.item().hold_ms == 0
    for _ in range(3):
        stack.redo()
    assert editor.item() == item


def test_mute_and_the_reels_mute_below_speed(editor: Editor) -> None:
    editor.widget.muted_check.click()
    assert editor.item().muted is True
    _undo_redo(editor, False, True, lambda: editor.item().muted)
    combo = editor.panel.mute_combo
    for speed in (0.75, 1.0):  # two choices in a row: one undo step
        combo.setCurrentIndex(combo.findData(speed))
        combo.activated.emit(combo.currentIndex())
    reel_id = editor.item().reel_id
    assert reel_service.get_reel(editor.library, reel_id).mute_below_speed == 1.0
    editor.controller.undo_stack.undo()
    assert reel_service.get_reel(editor.library, reel_id).mute_below_speed == 0.5
    editor.controller.undo_stack.redo()
    assert combo.currentData() == 1.0


def test_dragging_a_trim_handle_is_frame_exact_and_one_undo_step(
    editor: Editor, qtbot: object
) -> None:
    bar = editor.widget.trim_bar
    lo, hi = bar.window()
    assert (lo, hi) == (0, 59)  # the item (10..29) and a margin, within the clip's 60 frames
    assert (
        editor.widget.span_label.text() == "From 0:00.400 to 0:01.200 in the clip (0.8 s of video)"
    )
    y = bar.height() / 2
    start = QPointF(bar.x_of(10), y)
    bar.mousePressEvent(_mouse(start, press=True))
    for frame in (8, 6, 4):
        bar.mouseMoveEvent(_mouse(QPointF(bar.x_of(frame), y)))
    assert bar.frame_at(bar.x_of(4)) == 4
    bar.mouseReleaseEvent(_mouse(QPointF(bar.x_of(4), y)))
    assert (editor.item().in_frame, editor.item().out_frame) == (4, 29)
    assert editor.controller.undo_stack.count() == 1
    _undo_redo(editor, (10, 29), (4, 29), lambda: (editor.item().in_frame, editor.item().out_frame))
    # Keys: Right moves the chosen handle one frame, Shift+Right ten.
    bar.setFocus()
    qtbot.keyClick(bar, Qt.Key.Key_Right)  # type: ignore[attr-defined]
    assert editor.item().in_frame == 5
    bar.mousePressEvent(_mouse(QPointF(bar.x_of(29), y), press=True))
    bar.mouseReleaseEvent(_mouse(QPointF(bar.x_of(29), y)))
    assert bar.active_handle == "out"
    qtbot.keyClick(bar, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # type: ignore[attr-defined]
    assert (editor.item().in_frame, editor.item().out_frame) == (5, 39)


def test_trim_spin_boxes_and_set_to_the_current_frame(editor: Editor) -> None:
    w = editor.widget
    w.out_spin.setValue(40)
    assert editor.item().out_frame == 40
    editor.frame[0] = 12
    w.in_here.click()
    assert editor.item().in_frame == 12
    editor.frame[0] = 50
    w.in_here.click()  # past the end: the moment becomes a still at frame 50
    assert (editor.item().in_frame, editor.item().out_frame) == (50, 50)
    assert "Still" in w.heading.text()
    editor.controller.undo_stack.undo()
    assert (editor.item().in_frame, editor.item().out_frame) == (12, 40)
    w.hold_check.click()
    editor.frame[0] = 20
    w.hold_here.click()
    assert editor.item().hold_frame == 20


def test_previews_show_the_exact_first_and_last_frames(editor: Editor, qtbot: object) -> None:
    def shown() -> tuple[int | None, int | None]:
        labels = (editor.widget.first_preview, editor.widget.last_preview)
        return tuple(_index_of(label.pixmap().toImage()) for label in labels)  # type: ignore[return-value]

    qtbot.waitUntil(lambda: shown() == (10, 29), timeout=10_000)  # type: ignore[attr-defined]
    editor.widget.in_spin.setValue(17)
    qtbot.waitUntil(lambda: shown() == (17, 29), timeout=10_000)  # type: ignore[attr-defined]


def test_add_a_range_and_a_title_card_between_items(editor: Editor) -> None:
    editor.marked[0] = (40, 49)
    assert editor.editing.add_range()
    assert [(i.in_frame, i.out_frame) for i in editor.items()] == [(10, 29), (40, 49)]
    assert editor.panel.items.currentRow() == 1
    editor.choose(0)
    assert editor.editing.add_title()
    kinds = [i.kind for i in editor.items()]
    assert kinds == ["clip", "title", "clip"]
    assert editor.panel.items.currentRow() == 1
    title_edit = editor.widget.title_edit
    title_edit.textEdited.emit("Our visit")
    editor.widget.title_seconds.setValue(4.0)
    title = editor.item(1)
    assert (title.title_text, title.title_ms) == ("Our visit", 4000)
    title_edit.textEdited.emit("   ")  # emptied while retyping: nothing written yet
    assert editor.item(1).title_text == "Our visit"
    assert editor.panel.running_label.text() == running_time_text(0.8 + 4.0 + 0.4)
    stack = editor.controller.undo_stack
    stack.undo()
    stack.undo()
    assert editor.item(1).title_text == "What do you notice?"
    stack.undo()
    assert [i.kind for i in editor.items()] == ["clip", "clip"]
    stack.undo()
    assert len(editor.items()) == 1
    for _ in range(4):
        stack.redo()
    assert [(i.id, i.kind) for i in editor.items()] == [(1, "clip"), (3, "title"), (2, "clip")]
    assert editor.item(1).title_ms == 4000


def test_drag_to_reorder_and_undo(editor: Editor) -> None:
    for span in ((30, 35), (40, 45)):
        editor.marked[0] = span
        editor.choose(len(editor.items()) - 1)
        editor.editing.add_range()
    first, second, third = (i.id for i in editor.items())
    editor.panel.moveRequested.connect(
        lambda item, row: editor.controller.push(MoveReelItemCommand(editor.controller, item, row))
    )
    view = editor.panel.items
    editor.choose(0)
    last = view.visualItemRect(view.item(2))
    _drop(view, QPoint(last.center().x(), last.bottom() - 2))  # below the last row
    assert [i.id for i in editor.items()] == [second, third, first]
    editor.choose(2)
    top = view.visualItemRect(view.item(0))
    _drop(view, QPoint(top.center().x(), top.top() + 2))  # above the first row
    assert [i.id for i in editor.items()] == [first, second, third]
    editor.controller.undo_stack.undo()
    assert [i.id for i in editor.items()] == [second, third, first]
    editor.controller.undo_stack.undo()
    assert [i.id for i in editor.items()] == [first, second, third]


def _drop(view: QListWidget, point: QPoint) -> None:
    mime = QMimeData()
    event = QDropEvent(
        QPointF(point),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)


def test_deleting_a_reel_is_undoable(editor: Editor) -> None:
    reel_id = editor.item().reel_id
    editor.editing.change_current({"caption": "Lovely"})
    items = editor.items()
    assert editor.editing.delete_reel(reel_id)
    assert reel_service.list_reels(editor.library) == []
    assert editor.panel.reel_id() is None and editor.panel.running_label.text() == ""
    editor.controller.undo_stack.undo()
    assert [r.id for r in reel_service.list_reels(editor.library)] == [reel_id]
    assert reel_service.list_reel_items(editor.library, reel_id) == items
    editor.controller.undo_stack.redo()
    assert reel_service.list_reels(editor.library) == []


def _mouse(point: QPointF, *, press: bool = False) -> object:
    from PySide6.QtGui import QMouseEvent

    kind = QMouseEvent.Type.MouseButtonPress if press else QMouseEvent.Type.MouseMove
    return QMouseEvent(
        kind,
        point,
        point,
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def _index_of(image: QImage) -> int | None:
    if image.isNull():
        return None
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = rgb.width(), rgb.height()
    data = np.frombuffer(rgb.constBits(), np.uint8).reshape(height, rgb.bytesPerLine())
    return read_frame_index(data[:, : width * 3].reshape(height, width, 3).copy())


def test_in_the_window_shift_a_adds_the_marked_range_and_delete_undoes(
    qtbot: object, library: Library, clip: Clip
) -> None:
    from window_clips import open_clip_now

    from ui.app import build_window

    win = build_window(library)
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    win.show()
    open_clip_now(qtbot, win, clip.id)
    reel_id = win.reels.new_reel("Visit two")
    assert reel_id is not None
    win.player.seek(12)
    win.tagging.set_in()
    win.player.seek(20)
    win.tagging.set_out()
    qtbot.waitUntil(lambda: win.player.current_frame == 20, timeout=10_000)  # type: ignore[attr-defined]
    assert win.reels.add_range_action.shortcut().toString() == "Shift+A"
    win.reels.add_range_action.trigger()
    [item] = reel_service.list_reel_items(library, reel_id)
    assert (item.clip_id, item.in_frame, item.out_frame) == (clip.id, 12, 20)
    assert win.reels.panel.running_label.text() == "Running time 0:00.4"
    assert "Add in/out &range to reel" in [a.text() for a in win.reels.actions()]
    assert win.reels.delete_reel(reel_id)
    assert reel_service.list_reels(library) == []
    win.library.undo_stack.undo()
    assert reel_service.list_reel_items(library, reel_id) == [item]
    assert win.reels.panel.reel_id() == reel_id
    # Clicking a moment brings its editor to the front; marking a tag brings the tag editor.
    view = win.reels.panel.items
    win.reel_dock.raise_()
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(view.item(0)).center()
    )  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not win.moment_dock.visibleRegion().isEmpty(), timeout=5_000)  # type: ignore[attr-defined]
    assert win.tag_dock.visibleRegion().isEmpty()
    win.tagging.set_in()
    qtbot.waitUntil(lambda: not win.tag_dock.visibleRegion().isEmpty(), timeout=5_000)  # type: ignore[attr-defined]
    win.close()


def test_save_still_from_the_player_with_and_without_the_caption(
    qtbot: object, library: Library, clip: Clip, tmp_path: object
) -> None:
    from pathlib import Path

    from PIL import Image
    from window_clips import open_clip_now

    from attune_app.store.audit import entries_for
    from ui.app import build_window

    win = build_window(library)
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    win.show()
    open_clip_now(qtbot, win, clip.id)
    reel = reel_service.create_reel(library, "Visit", "parent_review")
    reel_service.add_range_to_reel(library, reel.id, clip.id, 20, 30, caption="You waited")
    win.reels.refresh()
    win.reels.panel.select_row(0)
    win.player.seek(23)
    qtbot.waitUntil(lambda: win.player.current_frame == 23, timeout=10_000)  # type: ignore[attr-defined]
    assert "Save &still…" in [a.text() for a in win.reels.file_actions()]
    assert win.reels.stills.caption_here() == "You waited"
    pictures = {}
    for name, captioned in (("plain", False), ("captioned", True)):
        target = Path(str(tmp_path)) / name  # no suffix: .png is added
        with qtbot.waitSignal(win.reels.stills.saved, timeout=10_000):  # type: ignore[attr-defined]
            assert win.reels.stills.save(target, with_caption=captioned)
        with Image.open(target.with_suffix(".png")) as image:
            pictures[name] = np.asarray(image.convert("RGB")).copy()
    assert pictures["plain"].shape == (192, 320, 3)  # full size, not the view's size
    assert read_frame_index(pictures["plain"]) == 23
    assert read_frame_index(pictures["captioned"]) == 23
    assert not np.array_equal(pictures["plain"], pictures["captioned"])
    actions = [e for e in entries_for(library.db, "clip", clip.id) if e.action == "export_still"]
    assert [e.details for e in actions] == [
        {"frame": 23, "with_caption": False},
        {"frame": 23, "with_caption": True},
    ]
    win.player.seek(40)  # outside the moment: no caption to burn in
    qtbot.waitUntil(lambda: win.player.current_frame == 40, timeout=10_000)  # type: ignore[attr-defined]
    assert win.reels.stills.caption_here() == ""
    win.close()


def test_print_handout_from_the_reel_menu(
    qtbot: object, library: Library, clip: Clip, tmp_path: object
) -> None:
    from pathlib import Path

    from pypdf import PdfReader

    from attune_app.store.audit import entries_for
    from ui.app import build_window
    from ui.reels.handout_maker import HandoutDialog

    win = build_window(library)
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    win.show()
    reel = reel_service.create_reel(library, "Visit F-TEST", "parent_review")
    reel_service.add_range_to_reel(library, reel.id, clip.id, 20, 30, caption="You waited")
    win.reels.refresh()
    assert "Print &handout…" in [a.text() for a in win.reels.actions()]
    dialog = win.reels.handouts.ask()
    assert isinstance(dialog, HandoutDialog)
    assert not dialog.with_words()  # the parent's words only when ticked
    assert dialog.paper() in ("a4", "letter")
    dialog.reject()
    target = Path(str(tmp_path)) / "take-home"
    with qtbot.waitSignal(win.reels.handouts.made, timeout=20_000) as made:  # type: ignore[attr-defined]
        assert win.reels.handouts.make(target, paper="letter", with_words=False)
    assert made.args == [f"{target}.pdf"]
    reader = PdfReader(f"{target}.pdf")
    text = reader.pages[0].extract_text()
    assert "You waited" in text and "F-TEST" not in text
    assert float(reader.pages[0].mediabox.width) == 612
    [entry] = [e for e in entries_for(library.db, "reel", reel.id) if e.action == "export_handout"]
    assert entry.details == {"paper": "letter", "with_words": False, "stills": 1}
    win.close()


def test_making_a_reel_is_undoable(qtbot: object, library: Library) -> None:
    from ui.app import build_window

    win = build_window(library)
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    reel_id = win.reels.new_reel("Visit three", "supervision")
    assert reel_id is not None and win.reels.panel.reel_id() == reel_id
    assert win.library.undo_stack.undoText() == "New reel"
    win.library.undo_stack.undo()
    assert reel_service.list_reels(library) == []
    assert win.reels.panel.reel_id() is None
    win.library.undo_stack.redo()
    [reel] = reel_service.list_reels(library)
    assert (reel.id, reel.name, reel.purpose) == (reel_id, "Visit three", "supervision")
    assert win.reels.new_reel("   ") is None  # refused with a message, no undo step
    assert win.library.undo_stack.count() == 1
    win.close()
