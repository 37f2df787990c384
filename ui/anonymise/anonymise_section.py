"""The Reel menu's way into the review step: *Review anonymisation…* for the chosen reel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from ui.anonymise.review_dialog import AnonymiseReviewDialog
from ui.widgets.messages import show_error

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class AnonymiseSection(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: AnonymiseReviewDialog | None = None
        self.review_action = QAction("Review &anonymisation…", window)
        self.review_action.setStatusTip(
            "Faces covered, sound muted: review a training reel and confirm it before export"
        )
        self.review_action.triggered.connect(lambda _checked=False: self.open_review())

    def open_review(self) -> AnonymiseReviewDialog | None:
        reel_id = self._window.reels.panel.reel_id()
        if reel_id is None:
            show_error(self._window, "Review anonymisation", "Choose a reel first.")
            return None
        try:
            self.dialog = AnonymiseReviewDialog(self._window.library, reel_id, self._window)
        except Exception as error:
            show_error(self._window, "Review anonymisation", str(error))
            return None
        self.dialog.open()
        return self.dialog
