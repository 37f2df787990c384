"""The window's way into review mode: Reel > Review with parent (F11)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton

from attune_app.services import review_sessions
from ui.review.review_mode import ReviewMode
from ui.widgets.messages import show_error
from ui.window_parts import WindowParts

ACTION_TEXT = "Review with parent (F11)"


class ReviewSection(QObject):
    """Given the window's parts, the reel chosen in the Reel panel (`reel_id()`) and
    `interrupt_reel()` (a reel playing in the window stops). The window puts `button` on its
    status bar."""

    def __init__(
        self,
        parts: WindowParts,
        *,
        reel_id: Callable[[], int | None],
        interrupt_reel: Callable[[], None],
    ) -> None:
        super().__init__(parts.parent)
        self._parts = parts
        self._reel_id = reel_id
        self._interrupt_reel = interrupt_reel
        self.mode: ReviewMode | None = None
        self.action = QAction("Re&view with parent…", parts.parent)
        self.action.setObjectName("review_with_parent")
        self.action.setShortcut(QKeySequence("F11"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setToolTip("Show the reel to the parent, full screen, with a presenter view")
        self.action.triggered.connect(lambda _checked=False: self.open_review())
        # In sight, not only in the menu: the way into the hour the whole practice turns on.
        self.button = QToolButton()
        self.button.setObjectName("ReviewWithParentButton")
        self.button.setText(ACTION_TEXT)
        self.button.setToolTip(self.action.toolTip())
        self.button.setAutoRaise(True)
        self.button.clicked.connect(lambda _checked=False: self.open_review())

    def open_review(self, reel_id: int | None = None) -> ReviewMode | None:
        parts = self._parts
        reel_id = reel_id or self._reel_id()
        if reel_id is None:
            parts.show_message("Choose a reel in the Reel panel first.", 4000)
            return None
        library = parts.library.library
        try:
            review_sessions.reel_family(library, reel_id)  # one family's film, or a message
        except Exception as error:  # shown to the practitioner; nothing opened
            show_error(parts.parent, "The review cannot start", str(error))
            return None
        if self.mode is not None:
            self.mode.close()
        self._interrupt_reel()
        parts.player.pause()
        self.mode = ReviewMode(library, reel_id, self)
        self.mode.closed.connect(self._on_closed)
        self.mode.start()
        return self.mode

    def _on_closed(self) -> None:
        self.mode = None
        self._parts.library.reelsChanged.emit(0)  # the reel now holds the parent's words

    def shutdown(self) -> None:
        if self.mode is not None:
            self.mode.close()
