"""The window's import feature: the menu action, the dialog, the background run, the report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from attune_app.services import families
from attune_app.services.importing import (
    PreparedImport,
    commit_import,
    discard_import,
    prepare_import,
)
from attune_app.store.library import Library
from ui.importing.import_controller import (
    ImportCancelled,
    ImportController,
    ImportReport,
    ImportSteps,
)
from ui.importing.import_dialog import ImportDialog
from ui.importing.import_report_dialog import ImportReportDialog, report_summary
from ui.library.library_controller import LibraryController
from ui.library.library_panel_widget import LibraryPanelWidget
from ui.safeguarding.recording_consent_dialog import RecordingConsentDialog, with_recording_consent


def library_import_steps(
    library: Library, family_ref: str, session_date: str | None
) -> ImportSteps:
    """Copy, hash and probe on the worker; record through the library's own (GUI-thread)
    connection, so the import takes the same single writer as every other change."""
    media_dir = library.media_dir
    media_key = library.data_key.media_key if library.data_key is not None else None

    def prepare(
        path: Path, progress: Callable[[float], None], cancelled: Callable[[], bool]
    ) -> PreparedImport:
        try:
            return prepare_import(
                media_dir, path, progress=progress, is_cancelled=cancelled, media_key=media_key
            )
        except Exception:
            if cancelled():
                raise ImportCancelled() from None
            raise

    def commit(prepared: object) -> int:
        assert isinstance(prepared, PreparedImport)
        clip = commit_import(library, prepared, family_ref=family_ref, session_date=session_date)
        return clip.id

    def discard(prepared: object) -> None:
        assert isinstance(prepared, PreparedImport)
        discard_import(prepared)

    return ImportSteps(prepare, commit, discard)


class ImportSection(QObject):
    """Given what it works with: the library, the panel that shows progress, a parent for
    its dialogs, the status line, and `offer_clip(clip_id)` (the window opens a newly
    imported clip when none is open)."""

    def __init__(
        self,
        parent: QWidget,
        *,
        library: LibraryController,
        panel: LibraryPanelWidget,
        show_message: Callable[[str, int], None],
        offer_clip: Callable[[int], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._library = library
        self._panel = panel
        self._show_message = show_message
        self._offer_clip = offer_clip
        self.controller = ImportController(self)
        self.report_dialog: ImportReportDialog | None = None
        self.dialog: ImportDialog | None = None
        self.consent_dialog: RecordingConsentDialog | None = None
        self.last_report: ImportReport | None = None
        self.import_action = QAction("&Import clips…", parent)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setStatusTip("Copy videos from the phone or a folder into the library")
        self.import_action.triggered.connect(lambda _c=False: self.ask([], None))
        panel.importRequested.connect(self.ask)
        panel.importCancelRequested.connect(self.cancel)
        self.controller.progressed.connect(self._on_progress)
        self.controller.finished.connect(self._on_finished)

    def ask(self, paths: Sequence[str], family_id: int | None) -> None:
        """Show the import dialog (without blocking), pre-filled with dropped files."""
        if self.controller.is_running:
            self._show_message("An import is already running.", 4000)
            return
        library = self._library.library
        all_families = families.list_families(library)
        refs = [f.ref for f in all_families]
        chosen = next((f.ref for f in all_families if f.id == family_id), None)
        self.dialog = ImportDialog([Path(p) for p in paths], refs, chosen, self._parent)
        dialog = self.dialog
        dialog.accepted.connect(lambda: self._start_with_consent(dialog))
        dialog.open()
        if not paths:
            dialog.add_button.setFocus()

    def _start_with_consent(self, dialog: ImportDialog) -> None:
        """Start, once the family's recording consent is current (asked for when it is not)."""
        paths, ref, day = dialog.paths(), dialog.family_ref(), dialog.session_date()
        self.consent_dialog = with_recording_consent(
            self._library.library, ref, self._parent, lambda: self.start(paths, ref, day)
        )

    def start(self, paths: Sequence[Path], family_ref: str, session_date: str | None) -> bool:
        """Import in the background; the library panel shows progress and a Cancel button."""
        steps = library_import_steps(self._library.library, family_ref, session_date)
        started = self.controller.start(list(paths), steps)
        if started:
            self._panel.show_import_progress(0, "Starting the import…")
        return started

    def cancel(self) -> None:
        self.controller.cancel()
        self._panel.show_import_progress(None, "Cancelling the import…")

    def _on_progress(self, percent: int, text: str) -> None:
        if self.controller.is_running and text:
            self._panel.show_import_progress(percent, text)

    def _on_finished(self, report: ImportReport) -> None:
        self.last_report = report
        summary = report_summary(report)
        self._panel.show_import_progress(None, summary)
        self._show_message(summary, 8000)
        self._library.clipsChanged.emit()
        if report.imported:
            clip_id = report.imported[0].clip_id
            if clip_id is not None:
                self._offer_clip(clip_id)
        if report.failed:
            self.report_dialog = ImportReportDialog(report, self._parent)
            self.report_dialog.open()

    def shutdown(self) -> None:
        self.controller.shutdown()
