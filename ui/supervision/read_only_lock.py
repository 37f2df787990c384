"""The workbench read-only while someone looks at a session that is not theirs: the tag editor
and every action that changes tags are disabled (the player, the list and the timeline stay)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ui.tagging.tag_actions import TagActions
from ui.tagging.tag_section import TagSection
from ui.tagging.tagging_controller import TaggingController


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


def tag_editing_lock(
    editor: QWidget, tag_actions: TagActions, tags: TagSection, tagging: TaggingController
) -> ReadOnlyLock:
    """The lock over the tag editor and every tag-changing action: marking, codes, note, save,
    discard, edit and delete (finding tags and moving between them stay)."""
    a = tag_actions
    edits = tags.edit_actions()[:2]
    actions = [*a.marking(), *a.codes, a.principles, a.edit_note, a.save, a.discard, *edits]
    return ReadOnlyLock(editor, actions, tagging.discard)
