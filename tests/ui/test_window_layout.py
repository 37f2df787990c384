"""The window's layout comes back as it was left; a first run or a damaged one gets the default."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from pytestqt.qtbot import QtBot

from attune_app.store.library import Library
from ui.app import build_window
from ui.main_window import MainWindow
from ui.window_layout import GEOMETRY_KEY, STATE_KEY, VERSION_KEY

LEFT, RIGHT = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea


def _open(qtbot: QtBot, library: Library) -> MainWindow:
    window = build_window(library)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _is_default(window: MainWindow) -> bool:
    return (
        window.dockWidgetArea(window.library_dock) == LEFT
        and window.dockWidgetArea(window.tag_dock) == RIGHT
        and not window.timeline_dock.isHidden()
        and not window.library_dock.isHidden()
    )


def test_layout_and_size_are_restored_at_the_next_start(qtbot: QtBot, library: Library) -> None:
    first = _open(qtbot, library)
    assert _is_default(first)
    first.addDockWidget(RIGHT, first.library_dock)
    first.timeline_dock.hide()
    first.resize(1200, 760)
    qtbot.wait(50)
    first.close()
    # Sizes are not compared: the offscreen screen is 800 px square and Qt fits windows to it.
    assert not QSettings().value(GEOMETRY_KEY).isEmpty()

    second = _open(qtbot, library)
    assert second.dockWidgetArea(second.library_dock) == RIGHT
    assert second.timeline_dock.isHidden()
    second.reset_layout()  # View > Reset layout
    assert _is_default(second)
    second.close()


def test_a_damaged_or_old_layout_falls_back_to_the_default(qtbot: QtBot, library: Library) -> None:
    settings = QSettings()
    settings.setValue(STATE_KEY, QByteArray(b"\x00\x00\x00\xffnot a layout at all"))
    settings.setValue(VERSION_KEY, 1)
    settings.sync()
    window = _open(qtbot, library)
    assert _is_default(window)
    window.close()

    settings.setValue(VERSION_KEY, 0)  # saved by an older Attune with other docks
    settings.sync()
    window = _open(qtbot, library)
    assert _is_default(window)
    window.close()


def test_the_window_opens_with_review_with_parent_focused(qtbot: QtBot, library: Library) -> None:
    """Not the library list: a focused list draws a frame around the clip it shows current."""
    window = _open(qtbot, library)
    qtbot.waitUntil(lambda: window.focusWidget() is not None)
    assert window.focusWidget() is window.review.button
    assert window.statusBar().findChildren(type(window.review.button))[0] is window.review.button
    window.close()
