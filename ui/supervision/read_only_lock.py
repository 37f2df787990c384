"""The workbench read-only while someone looks at a session that is not theirs: the tag editor
and every action that changes tags are disabled (the player, the list and the timeline stay)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget


class ReadOnlyLock:
    """Given the tag editor, the actions that change tags, and `discard()` (drops the tag
    being marked when the lock closes)."""

    def __init__(
        self, editor: QWidget, actions: Sequence[QAction], discard: Callable[[], None]
    ) -> None:
        self._editor = editor
        self._actions = list(actions)
        self._discard = discard
        self.locked = False

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self._editor.setEnabled(not locked)
        for action in self._actions:
            action.setEnabled(not locked)
        if locked:
            self._discard()
