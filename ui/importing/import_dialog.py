"""Asks which files to import and for which family and session date."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

VIDEO_FILTER = "Videos (*.mp4 *.mov *.m4v *.3gp *.mkv *.avi *.webm);;All files (*)"


class ImportDialog(QDialog):
    def __init__(
        self,
        paths: Sequence[Path],
        family_refs: Sequence[str],
        family_ref: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import clips")
        self.setMinimumWidth(520)
        self.files = QListWidget()
        self.files.setAccessibleName("Files to import")
        self.add_button = QPushButton("Add files…")
        self.family_combo = QComboBox()
        self.family_combo.setEditable(True)
        self.family_combo.addItems(list(family_refs))
        self.family_combo.setCurrentText(family_ref or (family_refs[0] if family_refs else ""))
        self.family_combo.lineEdit().setPlaceholderText("Family reference, e.g. F-0012")
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self._build()
        self.add_paths(paths)

    def _build(self) -> None:
        hint = QLabel(
            "Attune copies each file into the library, so the original can be deleted from the "
            "phone afterwards. Use the family's reference, never a name."
        )
        hint.setWordWrap(True)
        hint.setObjectName("Muted")
        form = QFormLayout()
        form.addRow("Family", self.family_combo)
        form.addRow("Filmed on", self.date_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Files"))
        layout.addWidget(self.files)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.add_button.clicked.connect(self._browse)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.family_combo.currentTextChanged.connect(lambda _t: self._update_ok())

    def _browse(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Choose videos to import", "", VIDEO_FILTER)
        self.add_paths([Path(n) for n in names])

    def add_paths(self, paths: Sequence[Path]) -> None:
        known = set(self.paths())
        for path in paths:
            if Path(path) not in known:
                self.files.addItem(str(path))
        self._update_ok()

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def family_ref(self) -> str:
        return self.family_combo.currentText().strip()

    def session_date(self) -> str:
        return str(self.date_edit.date().toString("yyyy-MM-dd"))

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.paths()) and bool(self.family_ref()))
