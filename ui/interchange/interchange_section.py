"""The window's tag interchange: File › Import tags… and File › Export tags….

Import: choose a file; it is parsed off the GUI thread; a mapping dialog asks what each tier
and value becomes (Attune's own files and tables need none); the import runs as one undo step
(all or nothing) and a report says what was left out. Export: a format and scope chooser; the
files are written at once (a session's tags take milliseconds) through `atomic_output`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from attune_app.interchange.codebook import CodeBook
from attune_app.interchange.mapping import TagMapping
from attune_app.interchange.selection import select_tags
from attune_app.interchange.tag_export import (
    ExportResult,
    TagExportPlan,
    audit_tag_export,
    plan_tag_export,
)
from attune_app.interchange.tag_import import ImportRejectedError
from attune_app.store.errors import LibraryError
from ui.interchange.export_runner import ExportRunner
from ui.interchange.export_tags_dialog import ExportTagsDialog
from ui.interchange.import_tags_command import ImportTagsCommand
from ui.interchange.tag_file_reader import TagFileLayers, TagFileReader
from ui.interchange.tag_mapping_dialog import TagMappingDialog
from ui.widgets.messages import show_error, show_info
from ui.window_parts import WindowParts

FILE_FILTER = "Tag files (*.eaf *.tsv *.txt *.csv *.json);;ELAN (*.eaf);;BORIS (*.tsv *.txt)"


class InterchangeSection(QObject):
    """Given the window's parts: the library, the current clip, the status line and a parent
    for its dialogs. GUI thread only."""

    def __init__(self, parts: WindowParts) -> None:
        super().__init__(parts.parent)
        self._parts = parts
        self._parent = parts.parent
        self.reader = TagFileReader(self)
        self.reader.read.connect(self._on_read)
        self.reader.failed.connect(
            lambda text: show_error(
                self._parent, "The file could not be read", text, "Choose another file."
            )
        )
        self.exporter = ExportRunner(self)
        self.exporter.finished.connect(self._on_exported)
        self.mapping_dialog: TagMappingDialog | None = None
        self.export_dialog: ExportTagsDialog | None = None
        self.last_command: ImportTagsCommand | None = None
        self.import_action = QAction("Import &tags…", parts.parent)
        self.import_action.setStatusTip("Bring in coding from ELAN, BORIS or an Attune table")
        self.import_action.triggered.connect(lambda _c=False: self.choose_import_file())
        self.export_action = QAction("E&xport tags…", parts.parent)
        self.export_action.setStatusTip("Write tags for ELAN, BORIS, R or SPSS")
        self.export_action.triggered.connect(lambda _c=False: self.ask_export())

    def actions(self) -> list[QAction]:
        return [self.import_action, self.export_action]

    # -- import -----------------------------------------------------------------------------
    def choose_import_file(self) -> None:
        if not self._need_clip("import tags into"):
            return
        dialog = QFileDialog(self._parent, "Import tags", "", FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self.read_file(Path(path)))
        dialog.open()

    def read_file(self, path: Path) -> None:
        """Parse `path` off the GUI thread, then ask for a mapping if it needs one."""
        self.reader.start(path)

    def _on_read(self, layers: TagFileLayers) -> None:
        if layers.problems:
            self._show_rejection(layers.path.name, layers.problems)
            return
        if not layers.needs_mapping:
            self.run_import(layers.path, None)
            return
        codebook = CodeBook.of(self._parts.library.library)
        dialog = TagMappingDialog(layers.path.name, layers.layers, codebook, self._parent)
        dialog.accepted.connect(lambda: self.run_import(layers.path, dialog.mapping()))
        self.mapping_dialog = dialog
        dialog.open()

    def run_import(self, path: Path, mapping: TagMapping | None) -> bool:
        clip = self._parts.current_clip()
        if clip is None:
            return False
        command = ImportTagsCommand(self._parts.library, path, clip.id, mapping)
        try:
            self._parts.library.push(command)
        except ImportRejectedError as error:
            self._show_rejection(path.name, error.problems)
            return False
        except (LibraryError, OSError) as error:
            show_error(self._parent, "Tags not imported", str(error), "Nothing was changed.")
            return False
        self.last_command = command
        assert command.report is not None
        report = command.report
        summary = f"{len(report.added)} tags imported from {path.name} (Undo takes them out)."
        details = "\n".join(f"• Left out: {line}" for line in report.skipped)
        details += "".join(f"\n• {line}" for line in report.notes)
        self._parts.show_message(summary, 8000)
        show_info(self._parent, "Tags imported", summary, details.strip())
        return True

    def _show_rejection(self, name: str, problems: tuple[str, ...]) -> None:
        lines = "\n".join(f"• {p}" for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        show_error(
            self._parent,
            f"Nothing was imported from {name}",
            lines + more,
            "Fix the file or the mapping and import it again.",
        )

    # -- export -----------------------------------------------------------------------------
    def ask_export(self) -> None:
        clip = self._parts.current_clip()
        if clip is None or not self._need_clip("export the tags of"):
            return
        dialog = ExportTagsDialog(clip, Path.home(), self._parent)
        dialog.accepted.connect(
            lambda: self.run_export(dialog.file_format(), dialog.scope(), dialog.out_path())
        )
        self.export_dialog = dialog
        dialog.open()

    def run_export(self, fmt: str, scope: str, out: Path) -> bool:
        clip = self._parts.current_clip()
        if clip is None:
            return False
        library = self._parts.library.library
        try:
            if scope == "clip":
                selection, key = select_tags(library, clip_id=clip.id), ("clip", clip.id)
            elif scope == "session":
                selection = select_tags(library, session_id=clip.session_id)
                key = ("session", clip.session_id)
            else:
                family_id, ref = library.db.execute(
                    "SELECT f.id, f.ref FROM families f JOIN sessions s ON s.family_id = f.id "
                    "WHERE s.id = ?",
                    [clip.session_id],
                ).fetchone()
                selection, key = select_tags(library, family_ref=ref), ("family", family_id)
            plan = plan_tag_export(library, selection, fmt, out, scope=key)
        except (LibraryError, OSError) as error:
            self._export_failed(str(error))
            return False
        started = self.exporter.start(plan)
        message = "Writing the tags…" if started else "An export is already running."
        self._parts.show_message(message, 5000)
        return started

    def _on_exported(self, plan: TagExportPlan, outcome: object) -> None:
        if not isinstance(outcome, ExportResult):
            self._export_failed(str(outcome))
            return
        try:
            audit_tag_export(self._parts.library.library, plan, outcome)
        except LibraryError as error:
            self._export_failed(str(error))
            return
        text = f"{outcome.tag_count} tags written to {len(outcome.paths)} file(s)."
        self._parts.show_message(text, 8000)

    def _export_failed(self, text: str) -> None:
        show_error(
            self._parent,
            "Tags not exported",
            text,
            "Choose another folder or format; nothing was written.",
        )

    def _need_clip(self, what: str) -> bool:
        if self._parts.current_clip() is None:
            self._parts.show_message(f"Open a clip first, to {what} it.", 5000)
            return False
        return True
