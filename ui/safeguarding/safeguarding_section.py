"""The window's safeguarding: the Safeguarding menu, erasing a family, the reminder at start of
families due for erasure, and warnings about where the library is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from attune_app.services import families
from attune_app.services.erasure import (
    IRREVERSIBLE_STEP,
    ErasureCancelled,
    ErasureReport,
    ErasureStep,
)
from attune_app.services.retention import due_for_erasure
from attune_app.services.view_audit import record_view, unlock_matches
from attune_app.store import records
from attune_app.store.library import Library
from attune_app.store.location import storage_warnings
from ui.safeguarding.consent_dialog import ConsentDialog
from ui.safeguarding.erase_family_dialog import EraseFamilyDialog
from ui.safeguarding.erasure_job import ErasureJob
from ui.safeguarding.erasure_progress_dialog import ErasureProgressDialog
from ui.safeguarding.idle_lock import DEFAULT_IDLE_MINUTES, IdleLockController
from ui.widgets.messages import show_error, show_info

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class SafeguardingSection(QObject):
    """GUI thread only."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.erase_dialog: EraseFamilyDialog | None = None
        self.reminder: QMessageBox | None = None
        self.last_erasure: ErasureReport | None = None
        self.erasure_job = ErasureJob(self)
        self.erasure_job.stepStarted.connect(self._on_erasure_step)
        self.erasure_job.progressed.connect(self._on_erasure_progress)
        self.erasure_job.finished.connect(self._erasure_finished)
        self.erasure_dialog: ErasureProgressDialog | None = None
        self._reopen_clip: int | None = None
        window.installEventFilter(self)
        self.erase_action = QAction("&Erase a family…", window)
        self.erase_action.setStatusTip("Erase everything about a family, backups included")
        self.erase_action.triggered.connect(lambda _c=False: self.ask_erase())
        self.due_action = QAction("Families &due for erasure…", window)
        self.due_action.triggered.connect(lambda _c=False: self.remind_due(always=True))
        self.location_warning: QMessageBox | None = None
        self.consent_dialog: ConsentDialog | None = None
        self.consent_action = QAction("&Consent for the selected family…", window)
        self.consent_action.triggered.connect(lambda _c=False: self._consent_for_selected())
        window.library_panel.consentRequested.connect(self.ask_consent)
        self.idle_lock: IdleLockController | None = None
        self._in_review = False
        playback = window.reels.playback
        playback.itemStarted.connect(self._on_review_item)
        playback.finished.connect(self._review_ended)

    @property
    def _library(self) -> Library:
        return self._window.library.library

    def build_menu(self, menu: QMenu) -> None:
        menu.addAction(self.consent_action)
        menu.addSeparator()
        menu.addAction(self.due_action)
        menu.addSeparator()
        menu.addAction(self.erase_action)

    # -- at start --------------------------------------------------------------------------
    def start(self) -> None:
        """Reminders when the window opens (none when nothing calls for one)."""
        warnings = storage_warnings(self._library.path)
        if warnings:
            self.location_warning = show_error(
                self._window,
                "Where this library is kept",
                "\n\n".join(warnings),
            )
        self.remind_due()
        self.idle_lock = self._make_idle_lock()
        self.idle_lock.start()

    def _make_idle_lock(self) -> IdleLockController:
        window = self._window
        minutes = QSettings().value("safeguarding/idle_lock_minutes", DEFAULT_IDLE_MINUTES)
        idle_ms = int(float(str(minutes)) * 60_000) if minutes else DEFAULT_IDLE_MINUTES * 60_000

        def pause() -> None:
            window.reels.playback.stop()
            window.player.pause()

        return IdleLockController(
            window,
            confirm=lambda typed: unlock_matches(self._library, typed),
            audit=lambda action: record_view(self._library, action, None),
            on_lock=pause,
            idle_ms=idle_ms,
            passphrase=self._library.encrypted,
        )

    def shutdown(self) -> None:
        self.erasure_job.shutdown()
        if self.idle_lock is not None:
            self.idle_lock.stop()

    # -- views in the audit trail ---------------------------------------------------------
    def clip_shown(self, clip_id: int) -> None:
        record_view(self._library, "open_clip", clip_id)

    def _on_review_item(self, index: int) -> None:
        reel_id = self._window.reels.panel.reel_id()
        if not self._in_review and reel_id is not None:
            record_view(self._library, "start_review", reel_id, from_item=index)
        self._in_review = True

    def remind_due(self, *, always: bool = False) -> QMessageBox | None:
        """Say which families the retention policy says to erase now (at start: only if any)."""
        due = due_for_erasure(self._library)
        if not due and not always:
            return None
        if due:
            lines = "\n".join(f"• Family {d.family.ref}: due since {d.due_on}" for d in due)
            text = f"{len(due)} famil{'y is' if len(due) == 1 else 'ies are'} due for erasure."
            more = (
                f"{lines}\n\nThe library's retention policy says their films and notes should "
                "now be erased. Check with your service, then use Safeguarding › Erase a family."
            )
        else:
            text, more = "No family is due for erasure.", ""
        self.reminder = show_info(self._window, "Due for erasure", text, more)
        return self.reminder

    # -- consent -------------------------------------------------------------------------
    def ask_consent(self, family_id: int) -> ConsentDialog:
        family = records.get(self._library.db, "families", family_id, records.family)
        self.consent_dialog = ConsentDialog(self._library, family, self._window)
        self.consent_dialog.finished.connect(lambda _r: self._consent_changed())
        self.consent_dialog.open()
        return self.consent_dialog

    def _consent_for_selected(self) -> None:
        family_id = self._window.library_panel.family_id()
        if family_id is None:
            self._window.statusBar().showMessage("Select a family in the library first.", 4000)
            return
        self.ask_consent(family_id)

    def _consent_changed(self) -> None:
        self._window.refresh_library()
        self._window.reels.show_items()

    # -- erasing ---------------------------------------------------------------------------
    def ask_erase(self, ref: str | None = None) -> EraseFamilyDialog:
        refs = [f.ref for f in families.list_families(self._library)]
        self.erase_dialog = EraseFamilyDialog(refs, ref, self._window)
        dialog = self.erase_dialog
        dialog.accepted.connect(lambda: self.erase(dialog.family_ref(), dialog.confirmation()))
        dialog.open()
        return dialog

    def erase(self, ref: str, confirmation: str) -> bool:
        """Start erasing `ref` on a worker behind a modal progress dialog; False (and the
        reason shown) when it cannot start. Its end arrives in `_erasure_finished`."""
        window = self._window
        if confirmation != ref:
            show_error(window, "The family was not erased", "The reference typed differs.")
            return False
        busy = self._busy_reason()
        if busy:
            show_error(window, "The family was not erased", busy, "Then erase the family again.")
            return False
        window.reels.playback.stop()
        self._reopen_clip = None
        if window.clip is not None and self._family_of(window.clip.id) == ref:
            self._reopen_clip = window.clip.id  # opened again if the erasure is cancelled
            self._forget_open_clip()
        if self.idle_lock is not None:
            self.idle_lock.timer.stop()  # its audit entry would write beside the worker
        dialog = ErasureProgressDialog(ref, window)
        dialog.cancelRequested.connect(self._cancel_erasure)
        self.erasure_dialog = dialog
        # From here until `finished`, the library's connection is the worker's (see ErasureJob).
        self.erasure_job.start(self._library, ref, confirmation)
        dialog.open()
        return True

    def _busy_reason(self) -> str:
        """Why an erasure cannot start now ("" when it can): other work using the library."""
        window = self._window
        if self.erasure_job.is_running:
            return "Another erasure is under way."
        if window.imports.controller.is_running:
            return "Clips are being imported: wait for the import to finish, or cancel it."
        if window.exports.runner.is_busy:
            return "A reel is being exported: wait for the export to finish, or cancel it."
        if window.review.mode is not None:
            return "A review with the parent is open: end it first."
        return ""

    def _cancel_erasure(self) -> None:
        # Refused once the records step started; the dialog hears of that step at once.
        self.erasure_job.cancel()

    def _on_erasure_step(self, step: ErasureStep) -> None:
        if step.name == IRREVERSIBLE_STEP:
            self._window.library.undo_stack.clear()  # undo steps would name rows now gone
        if self.erasure_dialog is not None:
            self.erasure_dialog.show_step(step)

    def _on_erasure_progress(self, done: int, total: int) -> None:
        if self.erasure_dialog is not None:
            self.erasure_dialog.show_progress(done, total)

    def _erasure_finished(self, outcome: object) -> None:
        window, dialog = self._window, self.erasure_dialog
        if self.idle_lock is not None and not self.idle_lock.is_locked:
            self.idle_lock.timer.start(self.idle_lock.idle_ms)
        if isinstance(outcome, ErasureCancelled):
            if dialog is not None:
                dialog.show_stopped(
                    "Cancelled before anything was erased: the family, their "
                    "films and backups are all as they were."
                )
            if self._reopen_clip is not None:
                window.open_clip(self._reopen_clip)
            window.statusBar().showMessage("Erasure cancelled; nothing was erased.", 10000)
            return
        if isinstance(outcome, ErasureReport):
            self.last_erasure = outcome
            if dialog is not None:
                dialog.show_done(outcome)
            window.statusBar().showMessage(
                f"Family erased: {outcome.items} items; backups rewritten. "
                "Library › Check verifies nothing remains.",
                10000,
            )
        else:
            text = str(outcome) or type(outcome).__name__
            if dialog is not None:
                dialog.show_stopped(
                    f"The erasure stopped: {text}\n\nRun Library › Check, then erase the "
                    "family again: it goes on from what is left."
                )
        self._show_after_erasure()

    def _show_after_erasure(self) -> None:
        window = self._window
        window.reels.panel.set_reels([], None)
        window.refresh_library()
        window.reels.refresh()
        window.library.clipsChanged.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        closing = watched is self._window and event.type() == QEvent.Type.Close
        if closing and self.erasure_job.is_running:  # the library is the worker's till its end
            event.ignore()
            if self.erasure_dialog is not None:
                self.erasure_dialog.raise_()
            return True
        return super().eventFilter(watched, event)

    def _review_ended(self) -> None:
        self._in_review = False

    def _family_of(self, clip_id: int) -> str | None:
        row = self._library.db.execute(
            "SELECT f.ref FROM clips c JOIN sessions s ON s.id = c.session_id"
            " JOIN families f ON f.id = s.family_id WHERE c.id = ?",
            [clip_id],
        ).fetchone()
        return str(row[0]) if row else None

    def _forget_open_clip(self) -> None:
        """Nothing of the clip about to be erased stays on screen or in memory."""
        window = self._window
        window.player.close()
        window.clip = None
        window.tagging.set_clip(None, 25.0)
        window.tag_list.set_source(None, 25.0)
        window.timeline.set_tags([])
        window.clip_label.setText("No clip open")
        window.setWindowTitle("Attune")
