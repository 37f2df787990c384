"""The workbench read-only while someone looks at a session that is not theirs: the tag editor
and every action that changes tags are disabled (the player, the list and the timeline stay)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class ReadOnlyLock:
    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.locked = False

    def _actions(self) -> list[QAction]:
        a = self._window.tag_actions
        edits = self._window.tags.edit_actions()
        return [*a.marking(), *a.codes, a.principles, a.edit_note, a.save, a.discard, *edits[:2]]

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self._window.tag_editor.setEnabled(not locked)
        for action in self._actions():
            action.setEnabled(not locked)
        if locked:
            self._window.tagging.discard()
