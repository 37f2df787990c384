"""A small, calm window shown while something slow happens before the main window opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout, QWidget


class PreparingDialog(QDialog):
    """A title, a line of explanation and a progress bar; it cannot be closed by accident."""

    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PreparingDialog")
        self.setWindowTitle("Attune")
        self.setMinimumWidth(440)
        self.title = QLabel(title)
        self.title.setObjectName("PanelTitle")
        self.explanation = QLabel(explanation)
        self.explanation.setObjectName("Muted")
        self.explanation.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 24)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addWidget(self.progress)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._closable = False

    def set_fraction(self, fraction: float) -> None:
        self.progress.setValue(round(100 * min(max(fraction, 0.0), 1.0)))

    def finish(self) -> None:
        """Close for good (the work is done or failed)."""
        self._closable = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The work runs to its end; closing early would only leave the user with nothing.
        if self._closable:
            super().closeEvent(event)
        else:
            event.ignore()

    def reject(self) -> None:  # Esc
        if self._closable:
            super().reject()
