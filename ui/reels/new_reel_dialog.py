"""Asks for a new reel's name and what it is for (parent review, supervision or training)."""

from __future__ import annotations

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

PURPOSE_NAMES = {
    "parent_review": "Shared review with the parent",
    "supervision": "Supervision",
    "training": "Training (needs the family's training consent)",
}


class NewReelDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, name: str = "Moments to share") -> None:
        super().__init__(parent)
        self.setWindowTitle("New reel")
        self.setMinimumWidth(460)
        self.name_edit = QLineEdit(name)
        self.name_edit.setAccessibleName("Reel name")
        self.name_edit.selectAll()
        self.purpose_combo = QComboBox()
        self.purpose_combo.setAccessibleName("What the reel is for")
        for purpose, words in PURPOSE_NAMES.items():
            self.purpose_combo.addItem(words, purpose)
        hint = QLabel("Use the family's reference, never a name.")
        hint.setObjectName("Muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Make reel")
        form = QFormLayout()
        form.addRow("Name", self.name_edit)
        form.addRow("For", self.purpose_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._update_ok)

    def name(self) -> str:
        return self.name_edit.text().strip()

    def purpose(self) -> str:
        return str(self.purpose_combo.currentData())

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name()))
