"""The Reel menu's way into the review step: *Review anonymisation…* for the chosen reel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ui.anonymise.review_dialog import AnonymiseReviewDialog
from ui.library.library_controller import LibraryController
from ui.widgets.messages import show_error


class AnonymiseSection(QObject):
    """Given a parent for its dialog and action, the library, and the reel chosen in the Reel
    panel (`reel_id()`)."""

    def __init__(
        self,
        parent: QWidget,
        *,
        library: LibraryController,
        reel_id: Callable[[], int | None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._library = library
        self._reel_id = reel_id
        self.dialog: AnonymiseReviewDialog | None = None
        self.review_action = QAction("Review &anonymisation…", parent)
        self.review_action.setStatusTip(
            "Faces covered, sound muted: review a training reel and confirm it before export"
        )
        self.review_action.triggered.connect(lambda _checked=False: self.open_review())

    def open_review(self) -> AnonymiseReviewDialog | None:
        reel_id = self._reel_id()
        if reel_id is None:
            show_error(self._parent, "Review anonymisation", "Choose a reel first.")
            return None
        try:
            self.dialog = AnonymiseReviewDialog(self._library, reel_id, self._parent)
        except Exception as error:
            show_error(self._parent, "Review anonymisation", str(error))
            return None
        self.dialog.open()
        return self.dialog
