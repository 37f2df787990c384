"""Review mode: opens the windows on the right screens, wires keys and buttons to the review,
moves everything to the screen that is left when one is unplugged (without stopping), and
ends with a short summary to confirm.

Keys (both windows): Space plays or freezes (at the end of a moment: the next one), Right
next, Left back, Enter again, S slower, F2 shows or hides the practitioner's strip on one
screen, Esc leaves (after the summary). In the parent's words box the keys type.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from attune_app.domain.review_session import ReviewSummary
from attune_app.store.library import Library
from ui.review.clip_players import PlayerFactory
from ui.review.presenter_panel import PresenterPanelWidget
from ui.review.review_controller import ReviewController
from ui.review.review_windows import ParentWindow, PresenterWindow
from ui.review.screens import (
    QtScreens,
    ScreenPlan,
    ScreenSlot,
    plan_screens,
    remember_parent_screen,
    remembered_parent_screen,
)
from ui.review.summary_dialog import ReviewSummaryDialog

KEYS = (
    ("play", "Space"),
    ("next", "Right"),
    ("back", "Left"),
    ("again", "Return"),
    ("again", "Enter"),
    ("slower", "S"),
)


class ScreenSource(Protocol):
    changed: SignalInstance

    def slots(self) -> list[ScreenSlot]: ...


class ReviewMode(QObject):
    """GUI thread only. `closed` once both windows are gone (ended or left)."""

    closed = Signal()

    def __init__(
        self,
        library: Library,
        reel_id: int,
        parent: QObject | None = None,
        *,
        screens: ScreenSource | None = None,
        make_player: PlayerFactory | None = None,
        full_screen: bool = True,
    ) -> None:
        super().__init__(parent)
        self.controller = ReviewController(library, reel_id, self, make_player=make_player)
        self.screens: ScreenSource = screens or QtScreens(self)
        self.full_screen = full_screen
        self.parent_window = ParentWindow()
        self.presenter_window = PresenterWindow()
        self.panel = PresenterPanelWidget()
        self.plan: ScreenPlan | None = None
        self.summary_dialog: ReviewSummaryDialog | None = None
        self._ending = False
        self._connect()
        for window in (self.parent_window, self.presenter_window):
            self._add_keys(window)
            window.on_close = self._close_requested

    # -- wiring ------------------------------------------------------------------------------
    def _connect(self) -> None:
        c, view, presenter = self.controller, self.parent_window.view, self.presenter_window
        c.pictureShown.connect(view.show_picture)
        c.pictureShown.connect(presenter.show_picture)
        c.parentChanged.connect(view.show_item)
        c.parentChanged.connect(presenter.show_item)
        c.presenterChanged.connect(self.panel.show_notes)
        c.stateChanged.connect(view.controls.show_state)
        c.stateChanged.connect(presenter.controls.show_state)
        c.wordsSaved.connect(lambda _id: self.panel.show_saved())
        view.controls.pressed.connect(self.press)
        presenter.controls.pressed.connect(self.press)
        self.panel.wordsEdited.connect(c.write_words)
        self.panel.presentChanged.connect(c.set_present)
        self.panel.endRequested.connect(self.ask_end)
        self.panel.swapRequested.connect(self.swap_screens)
        self.screens.changed.connect(self.arrange)

    def _add_keys(self, window: QWidget) -> None:
        for name, key in KEYS:
            self._key(window, key, lambda n=name: self.press(n))
        self._key(window, "F2", self.toggle_strip)
        self._key(window, "Esc", self._escape)

    def _key(self, window: QWidget, key: str, slot: object) -> None:
        action = QAction(window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        window.addAction(action)

    # -- running -----------------------------------------------------------------------------
    def start(self) -> None:
        self.arrange()
        self.controller.start()
        if self.controller.review is not None:
            self.panel.set_present(self.controller.review.present)

    def press(self, name: str) -> None:
        c = self.controller
        if name == "next" and c.at_last_item:
            self.ask_end()
            return
        {
            "play": c.play_or_freeze,
            "next": c.next,
            "back": c.back,
            "again": c.again,
            "slower": c.slower,
        }[name]()

    def toggle_strip(self) -> None:
        """One screen: show or hide the practitioner's strip (it sits beside the picture)."""
        if self.plan is not None and self.plan.presenter is None:
            strip = self.parent_window.strip
            strip.setVisible(not strip.isVisible())
            if strip.isVisible():
                self.panel.words.setFocus()  # ready to write; Esc gives the keys back

    def _escape(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QPlainTextEdit):
            focus.clearFocus()  # first Esc leaves the words box, the next one the review
            return
        self.ask_end()

    # -- screens -----------------------------------------------------------------------------
    def arrange(self) -> None:
        """Place the windows for the screens there are now; playback goes on meanwhile."""
        slots = self.screens.slots()
        if not slots:
            return
        self.plan = plan_screens(slots, remembered_parent_screen())
        self._place(self.parent_window, self.plan.parent)
        if self.plan.presenter is None:
            self.presenter_window.hide()
            self.parent_window.hold_panel(self.panel)
        else:
            self.parent_window.strip.hide()
            self.presenter_window.hold_panel(self.panel)
            self._place(self.presenter_window, self.plan.presenter, full=False)

    def swap_screens(self) -> None:
        if self.plan is not None and self.plan.presenter is not None:
            remember_parent_screen(self.plan.presenter.name)
            self.arrange()

    def _place(self, window: QWidget, slot: ScreenSlot, full: bool = True) -> None:
        if slot.screen is not None:
            window.setScreen(slot.screen)
        window.setGeometry(slot.geometry)
        if full and self.full_screen:
            window.showFullScreen()
        elif full:
            window.show()
        else:
            window.showMaximized() if self.full_screen else window.show()

    # -- ending ------------------------------------------------------------------------------
    def ask_end(self) -> ReviewSummaryDialog:
        """The short summary, on the practitioner's screen; confirming ends the review."""
        if self.summary_dialog is not None:
            return self.summary_dialog
        host = self.presenter_window if self.presenter_window.isVisible() else self.parent_window
        dialog = ReviewSummaryDialog(self.controller.summary(), host)
        dialog.accepted.connect(self._end)
        dialog.finished.connect(lambda _r: self._forget_dialog(dialog))
        self.summary_dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog: ReviewSummaryDialog) -> None:
        if self.summary_dialog is dialog:
            self.summary_dialog = None
        dialog.deleteLater()

    def _end(self) -> ReviewSummary:
        summary = self.controller.end()
        self.close()
        return summary

    def _close_requested(self) -> bool:
        """A window's close button: ask for the summary first, unless ending already."""
        if self._ending:
            return False
        self.ask_end()
        return True

    def close(self) -> None:
        """Leave review mode: stop playback and workers, close both windows."""
        if self._ending:
            return
        self._ending = True
        self.controller.shutdown()
        self.presenter_window.close()
        self.parent_window.close()
        self.presenter_window.deleteLater()
        self.parent_window.deleteLater()
        self.closed.emit()
