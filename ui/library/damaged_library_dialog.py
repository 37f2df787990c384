"""Shown at start when the library file is damaged: what happened, the good backups with their
dates, and one button to put the chosen backup in place (the damaged file is kept)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attune_app.store.backup import BackupInfo
from attune_app.store.damage import DamagedLibraryError


class DamagedLibraryDialog(QDialog):
    """GUI thread only. `chosen_backup()` after `exec()` returned Accepted."""

    def __init__(self, error: DamagedLibraryError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DamagedLibraryDialog")
        self.setWindowTitle("The library needs a backup")
        self.setMinimumWidth(560)
        db_path = error.folder / "library.sqlite"
        intro = QLabel(
            f"<b>Attune cannot use the library file</b><br>{db_path}<br><br>"
            f"It is damaged: {error.reason}.<br><br>"
            + (
                "Choose a backup to put in its place. Changes made after that backup are not "
                "in it. The damaged file is kept beside it, not deleted."
                if error.backups
                else "There is no good backup. Do not delete the folder; ask your IT support "
                "to recover the file."
            )
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backups = QListWidget()
        self.backups.setObjectName("BackupList")
        for info in error.backups:
            item = QListWidgetItem(_describe(info))
            item.setData(Qt.ItemDataRole.UserRole, info)
            self.backups.addItem(item)
        if error.backups:
            self.backups.setCurrentRow(0)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(
            "Restore this backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(bool(error.backups))
        buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.backups)
        layout.addWidget(buttons)
        self.backups.setVisible(bool(error.backups))

    def chosen_backup(self) -> BackupInfo | None:
        item = self.backups.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def _describe(info: BackupInfo) -> str:
    when = info.taken_at.astimezone().strftime("%A %d %B %Y, %H:%M")
    kind = {None: "automatic", "manual": "made by hand"}.get(info.label, info.label or "")
    return f"{when}  ({kind})"
