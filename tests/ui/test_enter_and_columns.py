"""Enter saves a tag only from the tagging context; the tag list's columns all stay in view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from test_main_window import wait_for_frame, window  # noqa: F401 (the window fixture)

from attune_app.domain.models import Clip
from attune_app.services import tags as tag_service
from attune_app.store.library import Library
from ui.main_window import MainWindow
from ui.tagging.tag_list_model import COLUMNS


def _enter(qtbot: QtBot, win: MainWindow) -> None:
    QTest.keyClick(win.focusWidget() or win, Qt.Key.Key_Return)


def test_enter_in_the_tree_or_search_box_does_not_save(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    library: Library,
    clip: Clip,
) -> None:
    window.player.seek(4)
    wait_for_frame(qtbot, window, 4)
    window.tagging.set_in()
    for widget in (window.library_panel.tree, window.tag_list.search_edit):
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        _enter(qtbot, window)
        assert tag_service.list_tags(library, clip.id) == [], widget.accessibleName()
    window.tag_editor.note_edit.setFocus()
    qtbot.waitUntil(window.tag_editor.note_edit.hasFocus)
    _enter(qtbot, window)
    [tag] = tag_service.list_tags(library, clip.id)
    assert tag.in_frame == 4


def test_every_tag_list_column_is_in_view(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    library: Library,
    clip: Clip,
) -> None:
    tag_service.add_tag(
        library,
        clip.id,
        in_frame=2,
        out_frame=40,
        cue_frame=3,
        cue_code="looks_at_parent",
        response_frame=9,
        response_code="names",
        note="A long note about how mum named what the baby was looking at",
    )
    window.library.tagsChanged.emit(clip.id)
    window.tags_dock.raise_()
    qtbot.wait(50)
    table = window.tag_list.table
    header = table.horizontalHeader()
    right_edge = table.viewport().width()
    for column, name in enumerate(COLUMNS):
        if table.isColumnHidden(column):
            continue
        end = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert end <= right_edge, f"{name} ends at {end}, past {right_edge}"
    length = COLUMNS.index("Length")
    text = window.tag_list.model.index(0, length).data()
    assert header.sectionSize(length) >= table.fontMetrics().horizontalAdvance(text)
