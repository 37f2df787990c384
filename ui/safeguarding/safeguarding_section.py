"""The window's safeguarding: the Safeguarding menu, erasing a family, the reminder at start of
families due for erasure, and warnings about where the library is kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from attune_app.services import families
from attune_app.services.erasure import ErasureReport
from attune_app.services.retention import due_for_erasure
from attune_app.services.view_audit import record_view, unlock_matches
from attune_app.store import records
from attune_app.store.library import Library
from attune_app.store.location import storage_warnings
from ui.library.library_panel_widget import LibraryPanelWidget
from ui.reels.reel_section import ReelSection
from ui.safeguarding.consent_dialog import ConsentDialog
from ui.safeguarding.erase_family_dialog import EraseFamilyDialog
from ui.safeguarding.erasure_controller import ErasureController, ErasureHooks
from ui.safeguarding.idle_lock import DEFAULT_IDLE_MINUTES, IdleLockController
from ui.widgets.messages import show_error, show_info
from ui.window_parts import WindowParts


class SafeguardingSection(QObject):
    """Given the window's parts; `host`, the Qt main window the idle lock covers; the library
    `panel`; the `reels` (a review in progress, reels to refresh after an erasure);
    `refresh_library()`; and `forget_clip()`, which takes the open clip off the screen and out
    of memory. GUI thread only."""

    def __init__(
        self,
        parts: WindowParts,
        *,
        host: QMainWindow,
        panel: LibraryPanelWidget,
        reels: ReelSection,
        refresh_library: Callable[[], None],
        forget_clip: Callable[[], None],
        busy_reason: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__(parts.parent)
        self._parts = parts
        self._parent = parts.parent
        self._host = host
        self._panel = panel
        self._reels = reels
        self._refresh_library = refresh_library
        self._forget_clip = forget_clip
        self._busy_reason = busy_reason  # why an erasure cannot start now ("" when it can)
        self.erase_dialog: EraseFamilyDialog | None = None
        self.reminder: QMessageBox | None = None
        self.erasure = ErasureController(host, self._erasure_hooks())
        self.erase_action = QAction("&Erase a family…", parts.parent)
        self.erase_action.setStatusTip("Erase everything about a family, backups included")
        self.erase_action.triggered.connect(lambda _c=False: self.ask_erase())
        self.due_action = QAction("Families &due for erasure…", parts.parent)
        self.due_action.triggered.connect(lambda _c=False: self.remind_due(always=True))
        self.location_warning: QMessageBox | None = None
        self.consent_dialog: ConsentDialog | None = None
        self.consent_action = QAction("&Consent for the selected family…", parts.parent)
        self.consent_action.triggered.connect(lambda _c=False: self._consent_for_selected())
        panel.consentRequested.connect(self.ask_consent)
        self.idle_lock: IdleLockController | None = None
        self._in_review = False
        playback = reels.playback
        playback.itemStarted.connect(self._on_review_item)
        playback.finished.connect(self._review_ended)

    @property
    def _library(self) -> Library:
        return self._parts.library.library

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
                self._parent,
                "Where this library is kept",
                "\n\n".join(warnings),
            )
        self.remind_due()
        self.idle_lock = self._make_idle_lock()
        self.idle_lock.start()

    def _make_idle_lock(self) -> IdleLockController:
        reels, player = self._reels, self._parts.player
        minutes = QSettings().value("safeguarding/idle_lock_minutes", DEFAULT_IDLE_MINUTES)
        idle_ms = int(float(str(minutes)) * 60_000) if minutes else DEFAULT_IDLE_MINUTES * 60_000

        def pause() -> None:
            reels.playback.stop()
            player.pause()

        return IdleLockController(
            self._host,
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
        reel_id = self._reels.panel.reel_id()
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
        self.reminder = show_info(self._parent, "Due for erasure", text, more)
        return self.reminder

    # -- consent -------------------------------------------------------------------------
    def ask_consent(self, family_id: int) -> ConsentDialog:
        family = records.get(self._library.db, "families", family_id, records.family)
        self.consent_dialog = ConsentDialog(self._library, family, self._parent)
        self.consent_dialog.finished.connect(lambda _r: self._consent_changed())
        self.consent_dialog.open()
        return self.consent_dialog

    def _consent_for_selected(self) -> None:
        family_id = self._panel.family_id()
        if family_id is None:
            self._parts.show_message("Select a family in the library first.", 4000)
            return
        self.ask_consent(family_id)

    def _consent_changed(self) -> None:
        self._refresh_library()
        self._reels.show_items()

    # -- erasing ---------------------------------------------------------------------------
    def ask_erase(self, ref: str | None = None) -> EraseFamilyDialog:
        refs = [f.ref for f in families.list_families(self._library)]
        self.erase_dialog = EraseFamilyDialog(refs, ref, self._parent)
        dialog = self.erase_dialog
        dialog.accepted.connect(lambda: self.erase(dialog.family_ref(), dialog.confirmation()))
        dialog.open()
        return dialog

    def erase(self, ref: str, confirmation: str) -> bool:
        """Start erasing `ref` on a worker behind a modal progress dialog (ErasureController);
        False, the reason shown, when it cannot start."""
        if confirmation != ref:
            show_error(self._parent, "The family was not erased", "The reference typed differs.")
            return False
        return self.erasure.start(ref, confirmation)

    @property
    def last_erasure(self) -> ErasureReport | None:
        return self.erasure.last_erasure

    def _erasure_hooks(self) -> ErasureHooks:
        parts, reels = self._parts, self._reels

        def prepare(ref: str) -> int | None:
            reels.playback.stop()
            clip = parts.current_clip()
            if clip is None or self._family_of(clip.id) != ref:
                return None
            self._forget_clip()  # nothing of it stays on screen or in memory
            return clip.id

        def refresh() -> None:
            reels.panel.set_reels([], None)
            self._refresh_library()
            reels.refresh()
            parts.library.clipsChanged.emit()

        return ErasureHooks(
            library=lambda: self._library,
            busy_reason=self._busy_reason,
            prepare=prepare,
            reopen=lambda clip_id: parts.open_clip(clip_id, None),
            clear_undo=parts.library.undo_stack.clear,
            refresh=refresh,
            show_message=parts.show_message,
            idle_lock=lambda: self.idle_lock,
        )

    def _review_ended(self) -> None:
        self._in_review = False

    def _family_of(self, clip_id: int) -> str | None:
        row = self._library.db.execute(
            "SELECT f.ref FROM clips c JOIN sessions s ON s.id = c.session_id"
            " JOIN families f ON f.id = s.family_id WHERE c.id = ?",
            [clip_id],
        ).fetchone()
        return str(row[0]) if row else None
