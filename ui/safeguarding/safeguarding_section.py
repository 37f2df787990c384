"""The window's safeguarding: the Safeguarding menu, erasing a family, the reminder at start of
families due for erasure, and warnings about where the library is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from attune_app.services import families
from attune_app.services.erasure import ErasureReport
from attune_app.services.retention import due_for_erasure
from attune_app.services.view_audit import record_view, unlock_matches
from attune_app.store import records
from attune_app.store.library import Library
from attune_app.store.location import storage_warnings
from ui.safeguarding.consent_dialog import ConsentDialog
from ui.safeguarding.erase_family_dialog import EraseFamilyDialog
from ui.safeguarding.erasure_controller import ErasureController, ErasureHooks
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
        self.erasure = ErasureController(window, self._erasure_hooks())
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
        self.erasure.shutdown()
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
        """Start erasing `ref` on a worker behind a modal progress dialog (ErasureController);
        False, the reason shown, when it cannot start."""
        if confirmation != ref:
            show_error(self._window, "The family was not erased", "The reference typed differs.")
            return False
        return self.erasure.start(ref, confirmation)

    @property
    def last_erasure(self) -> ErasureReport | None:
        return self.erasure.last_erasure

    def _erasure_hooks(self) -> ErasureHooks:
        window = self._window

        def prepare(ref: str) -> int | None:
            window.reels.playback.stop()
            if window.clip is None or self._family_of(window.clip.id) != ref:
                return None
            clip_id = window.clip.id
            self._forget_open_clip()
            return clip_id

        def refresh() -> None:
            window.reels.panel.set_reels([], None)
            window.refresh_library()
            window.reels.refresh()
            window.library.clipsChanged.emit()

        return ErasureHooks(
            library=lambda: self._library,
            busy_reason=self._busy_reason,
            prepare=prepare,
            reopen=window.open_clip,
            clear_undo=window.library.undo_stack.clear,
            refresh=refresh,
            show_message=window.statusBar().showMessage,
            idle_lock=lambda: self.idle_lock,
        )

    def _busy_reason(self) -> str:
        """Why an erasure cannot start now ("" when it can): other work using the library."""
        window = self._window
        if window.imports.controller.is_running:
            return "Clips are being imported: wait for the import to finish, or cancel it."
        if window.exports.runner.is_busy:
            return "A reel is being exported: wait for the export to finish, or cancel it."
        if window.review.mode is not None:
            return "A review with the parent is open: end it first."
        return ""

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
