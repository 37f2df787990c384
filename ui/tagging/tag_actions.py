"""The Tag menu: every tagging key is a QAction, so the shortcuts can be found in the menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from ui.tagging.tag_draft import PRINCIPLE
from ui.tagging.tagging_controller import KEY_COUNT, ROLE_TITLES, TaggingController


def _action(
    parent: QObject,
    text: str,
    shortcuts: list[str] | str,
    slot: Callable[[], object],
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    keys = [shortcuts] if isinstance(shortcuts, str) else shortcuts
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


class TagActions(QObject):
    """Holds the Tag menu's actions; the number-key actions are renamed for the current codes."""

    def __init__(self, controller: TaggingController, parent: QObject) -> None:
        super().__init__(parent)
        c = controller
        self._controller = controller
        self.set_in = _action(parent, "Set &in", "I", c.set_in, "Start the tag here")
        self.set_out = _action(parent, "Set &out", "O", c.set_out, "End the tag here")
        self.mark_cue = _action(
            parent, "Mark infant &cue", "C", c.mark_cue, "The baby's cue starts at this frame"
        )
        self.mark_response = _action(
            parent,
            "Mark parent &response",
            "R",
            c.mark_response,
            "The parent's response starts at this frame",
        )
        self.principles = _action(
            parent,
            "Number keys: &principles",
            "P",
            lambda: c.set_code_role(PRINCIPLE),
            "Number keys apply principle codes",
        )
        self.edit_note = _action(parent, "Edit &note", "N", c.edit_note)
        self.save = _action(parent, "&Save tag", ["Return", "Enter"], c.save)
        self.discard = _action(parent, "Clear tag", "Esc", c.discard, "Forget the unsaved tag")
        self.codes = [
            _action(parent, f"Code {(i + 1) % KEY_COUNT}", str((i + 1) % KEY_COUNT), _apply(c, i))
            for i in range(KEY_COUNT)
        ]
        controller.draftChanged.connect(lambda _draft: self._name_codes())
        self._name_codes()

    def marking(self) -> list[QAction]:
        return [self.set_in, self.set_out, self.mark_cue, self.mark_response]

    def _name_codes(self) -> None:
        choices = self._controller.key_codes()
        role = ROLE_TITLES.get(self._controller.code_role, "")
        for slot, action in enumerate(self.codes):
            key = (slot + 1) % KEY_COUNT
            if slot < len(choices):
                action.setText(f"{key}  {role}: {choices[slot].label}")
                action.setEnabled(True)
            else:
                action.setText(f"{key}  (no code)")
                action.setEnabled(False)


def _apply(controller: TaggingController, slot: int) -> Callable[[], None]:
    return lambda: controller.apply_code(slot)
