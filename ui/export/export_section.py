"""The window's export feature: Reel › Export…, the dialog, the jobs and their panel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMessageBox

from attune_app.export.reel_export import (
    ExportRefusedError,
    default_file_name,
    prepare_export,
    record_export,
    render_export,
)
from attune_app.export.renderer import RenderResult
from attune_app.services.reels import get_reel
from attune_app.store.errors import LibraryError
from attune_app.store.library import Library
from ui.export.export_dialog import ExportDialog
from ui.export.export_jobs import DONE, FAILED, ExportJobRunner
from ui.export.export_panel_widget import ExportPanelWidget
from ui.window_parts import WindowParts


class ExportSection(QObject):
    """Given the window's parts and the reel chosen in the Reel panel (`reel_id()`). The
    window places `dock` (the job list) among its docks."""

    def __init__(self, parts: WindowParts, *, reel_id: Callable[[], int | None]) -> None:
        super().__init__(parts.parent)
        self._parts = parts
        self._parent = parts.parent
        self._reel_id = reel_id
        self.runner = ExportJobRunner(self)
        self.panel = ExportPanelWidget(self.runner)
        self.dialog: ExportDialog | None = None
        self.message: QMessageBox | None = None
        self.export_action = QAction("&Export reel…", parts.parent)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setStatusTip("Write the current reel as one MP4 video")
        self.export_action.triggered.connect(lambda _c=False: self.ask())
        self.dock = QDockWidget("Exports", parts.parent)
        self.dock.setObjectName("ExportsDock")
        self.dock.setWidget(self.panel)
        self.runner.jobFinished.connect(self._on_finished)

    @property
    def _library(self) -> Library:
        return self._parts.library.library

    def ask(self) -> ExportDialog | None:
        """Open the Export dialog for the current reel (non-modal; returns it for tests)."""
        reel_id = self._reel_id()
        if reel_id is None:
            self._say("Export reel", "Choose or make a reel first.", QMessageBox.Icon.Information)
            return None
        reel = get_reel(self._library, reel_id)
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MoviesLocation)
        where = Path(folder) if folder and Path(folder).is_dir() else Path.home()
        target = where / default_file_name(self._library, reel_id)
        self.dialog = ExportDialog(reel.name, reel.purpose, target, self._parent)
        self.dialog.accepted.connect(lambda: self._start(reel_id))
        self.dialog.open()
        return self.dialog

    def _start(self, reel_id: int) -> int | None:
        assert self.dialog is not None
        target, settings = self.dialog.target(), self.dialog.settings()
        return self.start(reel_id, target, settings)

    def start(self, reel_id: int, target: Path, settings: object) -> int | None:
        """Check the gate now (GUI thread) and queue the render; None when refused."""
        try:
            prepared = prepare_export(self._library, reel_id, settings)  # type: ignore[arg-type]
        except ExportRefusedError as refused:
            self._say("This reel cannot be exported", str(refused), QMessageBox.Icon.Warning)
            return None
        except LibraryError as error:
            self._say("Export reel", str(error), QMessageBox.Icon.Warning)
            return None
        library = self._library

        def render(
            path: Path, progress: Callable[[int, int], None], cancel: Callable[[], bool]
        ) -> object:
            return render_export(prepared, path, progress=progress, should_cancel=cancel)

        def record(result: object) -> None:
            assert isinstance(result, RenderResult)
            record_export(library, prepared, result)

        title = f"{prepared.request.reel.name} → {target.name}"
        self._parts.show_message(f"Exporting {target.name}…", 3000)
        self.dock.show()
        self.dock.raise_()
        return self.runner.add(title, target, render, record)

    def shutdown(self) -> None:
        self.runner.shutdown()

    def _on_finished(self, job_id: int) -> None:
        job = self.runner.jobs[job_id]
        if job.state == DONE:
            self._parts.show_message(f"Exported {job.target.name}", 6000)
        elif job.state == FAILED:
            self._say("The export stopped", job.message, QMessageBox.Icon.Warning)

    def _say(self, title: str, text: str, icon: QMessageBox.Icon) -> None:
        self.message = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        self.message.open()
