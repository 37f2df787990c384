"""Erase a family, after typing its reference again: what goes is said before anything does."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

WHAT_GOES = (
    "Everything Attune holds about this family is erased for good: their films, tags, notes, "
    "reel moments, the parent's reflections, comments, sessions and consents, the search index "
    "and cached pictures, and every backup is rewritten without them. Only a record that an "
    "erasure happened (when, by whom, how many items) stays in the audit trail.\n\n"
    "This cannot be undone."
)


class EraseFamilyDialog(QDialog):
    def __init__(
        self, refs: Sequence[str], chosen: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Erase a family")
        self.setMinimumWidth(480)
        self.family_combo = QComboBox()
        self.family_combo.addItems(list(refs))
        if chosen:
            self.family_combo.setCurrentText(chosen)
        self.warning = QLabel(WHAT_GOES)
        self.warning.setWordWrap(True)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setPlaceholderText("Type the family's reference")
        self.confirm_edit.setAccessibleName("Type the family's reference to confirm")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.erase_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.erase_button.setText("Erase this family")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        form = QFormLayout()
        form.addRow("Family", self.family_combo)
        form.addRow("To confirm, type its reference", self.confirm_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.confirm_edit.textChanged.connect(lambda _t: self._update())
        self.family_combo.currentTextChanged.connect(lambda _t: self._update())
        self._update()

    def family_ref(self) -> str:
        return self.family_combo.currentText()

    def confirmation(self) -> str:
        return self.confirm_edit.text()

    def _update(self) -> None:
        self.erase_button.setEnabled(
            bool(self.family_ref()) and self.confirmation() == self.family_ref()
        )
