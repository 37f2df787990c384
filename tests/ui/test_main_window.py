"""The main window end to end: open a library, step frames, tag with the keyboard, undo, reels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from window_clips import write_index_clip

from attune_app.domain.models import Clip
from attune_app.media.synthetic import read_frame_index
from attune_app.services import reels as reel_service
from attune_app.services import tags as tag_service
from attune_app.store.library import Library
from ui.app import build_window
from ui.main_window import MainWindow

WAIT_MS = 15_000


@pytest.fixture
def window(qtbot: QtBot, library: Library, clip: Clip) -> Iterator[MainWindow]:
    win = build_window(library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    assert win.open_clip(clip.id)
    wait_for_frame(qtbot, win, 0)
    yield win
    win.close()


def wait_for_frame(qtbot: QtBot, win: MainWindow, frame: int) -> None:
    """Wait until the view shows exactly `frame`, then check the decoded pixels say so too."""
    qtbot.waitUntil(lambda: win.video.current_frame == frame, timeout=WAIT_MS)
    assert read_frame_index(win.video.current_rgb()) == frame


def press(qtbot: QtBot, win: MainWindow, key: Qt.Key | str, times: int = 1, **kw: object) -> None:
    modifier = kw.get("modifier", Qt.KeyboardModifier.NoModifier)
    target = win.focusWidget() or win
    for _ in range(times):
        if isinstance(key, str):
            QTest.keyClicks(target, key, modifier)  # type: ignore[arg-type]
        else:
            QTest.keyClick(target, key, modifier)  # type: ignore[arg-type]


def test_library_panel_shows_family_consent_and_clip(window: MainWindow, clip: Clip) -> None:
    model = window.library_panel.model
    family = model.item(0, 0)
    name, *consent = family.text().splitlines()
    assert name == "Family F-TEST"
    assert consent == ["✓ Consent:", "      recording"]  # in words, not colour alone
    clip_item = model.find("clip", clip.id)
    assert clip_item is not None
    assert clip_item.text().splitlines()[0] == clip.original_name
    assert window.windowTitle() == f"Attune — {clip.original_name}"


def test_stepping_shows_the_frame_asked_for(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_Right, 3)
    wait_for_frame(qtbot, window, 3)
    press(qtbot, window, Qt.Key.Key_Left)
    wait_for_frame(qtbot, window, 2)
    window.player.seek(41)
    wait_for_frame(qtbot, window, 41)
    press(qtbot, window, Qt.Key.Key_Left, 2)  # backwards across a keyframe boundary
    wait_for_frame(qtbot, window, 39)


def test_make_a_tag_with_the_keyboard_only(
    qtbot: QtBot, window: MainWindow, library: Library, clip: Clip
) -> None:
    press(qtbot, window, Qt.Key.Key_Right, 5)
    wait_for_frame(qtbot, window, 5)
    press(qtbot, window, "i")
    press(qtbot, window, Qt.Key.Key_Right, 3)
    wait_for_frame(qtbot, window, 8)
    press(qtbot, window, "c")
    press(qtbot, window, "2")  # cue codes after C: 2 = Smiles
    press(qtbot, window, Qt.Key.Key_Right, 12)
    wait_for_frame(qtbot, window, 20)
    press(qtbot, window, "r")
    assert "0.48 s (12 frames)" in window.tag_editor._values["latency"].text()
    press(qtbot, window, "1")  # response codes after R: 1 = Looks back
    press(qtbot, window, "n")
    assert window.tag_editor.note_edit.hasFocus()
    press(qtbot, window, "Mum smiles back")
    press(qtbot, window, Qt.Key.Key_Return)

    [tag] = tag_service.list_tags(library, clip.id)
    assert (tag.in_frame, tag.cue_frame, tag.response_frame, tag.out_frame) == (5, 8, 20, 20)
    assert (tag.cue_code, tag.response_code, tag.note) == (
        "smiles",
        "looks_back",
        "Mum smiles back",
    )
    assert window.tag_list.model.rowCount() == 1


def test_undo_and_redo_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, library: Library, clip: Clip
) -> None:
    window.setFocus()
    press(qtbot, window, "c")
    press(qtbot, window, Qt.Key.Key_Right, 4)
    wait_for_frame(qtbot, window, 4)
    press(qtbot, window, "r")
    press(qtbot, window, Qt.Key.Key_Return)
    [tag] = tag_service.list_tags(library, clip.id)
    window.tag_list.select_tag(tag.id)
    window.setFocus()
    press(qtbot, window, Qt.Key.Key_Delete)
    assert tag_service.list_tags(library, clip.id) == []
    undo = Qt.KeyboardModifier.ControlModifier
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, window, Qt.Key.Key_Z, modifier=undo)
    assert [t.id for t in tag_service.list_tags(library, clip.id)] == [tag.id]
    press(qtbot, window, Qt.Key.Key_Z, modifier=undo)
    assert tag_service.list_tags(library, clip.id) == []
    press(qtbot, window, Qt.Key.Key_Z, modifier=redo)
    assert tag_service.list_tags(library, clip.id) == [tag]
    press(qtbot, window, Qt.Key.Key_Z, modifier=redo)
    assert tag_service.list_tags(library, clip.id) == []
    assert window.tag_list.model.rowCount() == 0


def test_filters_and_jumps(qtbot: QtBot, window: MainWindow, library: Library, clip: Clip) -> None:
    first = tag_service.add_tag(library, clip.id, in_frame=10, out_frame=12, cue_code="smiles")
    second = tag_service.add_tag(library, clip.id, in_frame=30, out_frame=33, note="duck toy")
    window.library.tagsChanged.emit(clip.id)
    assert window.tag_list.model.rowCount() == 2
    combo = window.tag_list.code_combo
    combo.setCurrentIndex(combo.findData("smiles"))
    assert [t.id for t in window.tag_list.model.tags()] == [first.id]
    combo.setCurrentIndex(0)
    window.tag_list.search_edit.setText("duck")
    qtbot.waitUntil(lambda: window.tag_list.model.rowCount() == 1, timeout=WAIT_MS)
    assert window.tag_list.model.tags()[0].id == second.id
    window.tag_list.search_edit.clear()
    qtbot.waitUntil(lambda: window.tag_list.model.rowCount() == 2, timeout=WAIT_MS)
    window.setFocus()
    press(qtbot, window, "]")
    wait_for_frame(qtbot, window, 10)
    press(qtbot, window, "]")
    wait_for_frame(qtbot, window, 30)
    press(qtbot, window, "[")
    wait_for_frame(qtbot, window, 10)
    assert window.tag_list.selected_tag_ids() == [first.id]


def test_reel_add_and_reorder_from_the_window(
    window: MainWindow, library: Library, clip: Clip
) -> None:
    tags = [
        tag_service.add_tag(library, clip.id, in_frame=a, out_frame=b)
        for a, b in ((2, 6), (20, 24), (40, 44))
    ]
    window.library.tagsChanged.emit(clip.id)
    window.tag_list.select_tags([t.id for t in tags])
    window.reels.add_selected_tags()
    [reel] = reel_service.list_reels(library)
    items = reel_service.list_reel_items(library, reel.id)
    assert [i.source_tag_id for i in items] == [t.id for t in tags]
    assert window.reels.panel.items.count() == 3
    window.reels.panel.select_row(2)
    window.reels.panel.up_button.click()
    order = [i.source_tag_id for i in reel_service.list_reel_items(library, reel.id)]
    assert order == [tags[0].id, tags[2].id, tags[1].id]
    assert window.reels.panel.current_item().source_tag_id == tags[2].id  # type: ignore[union-attr]
    window.library.undo_stack.undo()
    order = [i.source_tag_id for i in reel_service.list_reel_items(library, reel.id)]
    assert order == [t.id for t in tags]


def test_import_reports_the_broken_file_while_the_good_one_imports(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    broken = tmp_path / "notes-renamed.mp4"
    broken.write_text("not a video at all")
    good = write_index_clip(tmp_path / "second-visit.mp4", frames=30)
    with qtbot.waitSignal(window.imports.controller.finished, timeout=60_000):
        assert window.imports.start([broken, good], "F-NEW", "2026-04-01")
    qtbot.waitUntil(lambda: window.imports.report_dialog is not None, timeout=WAIT_MS)
    dialog = window.imports.report_dialog
    assert dialog is not None and dialog.isVisible()
    assert "notes-renamed.mp4" in dialog.details.toPlainText()
    report = window.imports.last_report
    assert report is not None and [o.path.name for o in report.imported] == ["second-visit.mp4"]
    assert not window.library_panel.progress.isVisible()
    tree = window.library_panel.model
    assert [tree.item(r, 0).text().splitlines()[0] for r in range(tree.rowCount())] == [
        "Family F-NEW",
        "Family F-TEST",
    ]
    dialog.close()


def test_every_tagging_key_is_a_menu_action(window: MainWindow) -> None:
    from ui.widgets.shortcuts_dialog import shortcut_rows

    rows = {(menu, keys) for menu, _command, keys in shortcut_rows(window.menuBar())}
    for key in ("I", "O", "C", "R", "N", "P", "[", "]", "1", "0", "Return", "Ctrl+Z", "Space"):
        assert any(key in keys.split(", ") for _menu, keys in rows), key
    assert ("Reel", "A") in rows
