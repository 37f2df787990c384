"""Keeps Enter and Return for the widget that has focus instead of the window's shortcut.

"Save tag" is a window-wide Enter shortcut for micro-analysis; in the library tree Enter must
open the clip and in a search box it must do nothing more than search. Accepting the
ShortcutOverride event is Qt's way for a widget to claim a key before any shortcut sees it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterKeyGuardController(QObject):
    """Install on widgets where Enter means something local (GUI thread)."""

    def guard(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and event.key() in _ENTER_KEYS:
            event.accept()  # the widget gets the key press; the shortcut does not fire
        return False
