"""The merged window on the demo library: every menu command once, no two commands on the same
keys (Qt fires neither of an ambiguous pair), and Help > Keyboard shortcuts lists the new ones."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from attune_app.services.demo import ensure_demo_library
from attune_app.store.library import Library
from ui.app import build_window, make_application
from ui.widgets.shortcuts_dialog import shortcut_rows


def _menu_actions(window: object) -> list[tuple[str, QAction]]:
    found: list[tuple[str, QAction]] = []

    def walk(menu: object, title: str) -> None:
        for action in menu.actions():  # type: ignore[attr-defined]
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu(), title)
            else:
                found.append((title, action))

    for top in window.menuBar().actions():  # type: ignore[attr-defined]
        if top.menu() is not None:
            walk(top.menu(), top.text().replace("&", ""))
    return found


def test_every_command_once_and_every_key_once(qtbot: QtBot, tmp_path: Path) -> None:
    with Library.open(ensure_demo_library(tmp_path / "demo-library")) as library:
        window = build_window(library, demo=True)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.clip is not None, timeout=15_000)
        in_menus = _menu_actions(window)
        names = Counter((menu, a.text().replace("&", "")) for menu, a in in_menus)
        assert [n for n, count in names.items() if count > 1] == []
        keys: Counter[str] = Counter()
        for action in window.findChildren(QAction):
            keys.update({k.toString() for k in action.shortcuts()})
        for shortcut in window.findChildren(QShortcut):
            keys.update({shortcut.key().toString()})
        assert [k for k, count in keys.items() if count > 1 and k] == []
        listed = {command for _, command, _ in shortcut_rows(window.menuBar())}
        for new in ("Save still…", "Review with parent…", "Export reel…", "Supervision"):
            assert new in listed
        window.close()


def test_the_merged_window_fits_a_laptop_screen(qtbot: QtBot, tmp_path: Path) -> None:
    """Each feature's dock fitted alone; together (the library's Consent… button, the reel's
    sound row) they made the window wider than a 1366-pixel laptop screen."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, style = app.font(), app.styleSheet()
    make_application()  # the app's own font and style sheet, as `attune gui` runs
    try:
        with Library.open(ensure_demo_library(tmp_path / "demo-library")) as library:
            window = build_window(library, demo=True)
            qtbot.addWidget(window)
            window.show()
            qtbot.waitUntil(lambda: window.clip is not None, timeout=15_000)
            assert window.minimumSizeHint().width() <= 1366
            window.supervision.show()  # tabbed with the library, the supervisor's view
            qtbot.wait(50)
            assert window.minimumSizeHint().width() <= 1366
            window.resize(1366, 768)
            qtbot.wait(50)
            editor = window.reels.editor_view.widget()  # the Moment dock scrolls, never clips
            assert editor.minimumSizeHint().width() <= window.moment_dock.width()
            window.close()
    finally:
        app.setFont(font)
        app.setStyleSheet(style)
