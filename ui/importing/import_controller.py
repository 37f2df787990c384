"""Imports files one after another on a worker thread, with progress, cancel and a report.

The worker never touches widgets: it reports through queued signals. Each failed file is
recorded with its reason and the rest carry on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

# (path, progress(fraction 0..1), is_cancelled) -> the imported clip's id
ImportOne = Callable[[Path, Callable[[float], None], Callable[[], bool]], int]


class ImportCancelled(Exception):
    """Raised by an import function when the user cancelled."""


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    clip_id: int | None  # None when the file failed or was cancelled
    reason: str = ""  # why it failed, in words for the practitioner


@dataclass
class ImportReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False

    @property
    def imported(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.clip_id is not None]

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.clip_id is None and o.reason]


class ImportController(QObject):
    """Runs one import batch at a time. Public methods are for the GUI thread."""

    progressed = Signal(int, str)  # percent of the batch, what is happening
    fileImported = Signal(int)  # clip id
    finished = Signal(object)  # ImportReport

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, paths: Sequence[Path], import_one: ImportOne) -> bool:
        """Start importing `paths`; False when a batch is already running."""
        if self.is_running:
            return False
        self._cancel.clear()
        batch = [Path(p) for p in paths]
        self._thread = threading.Thread(
            target=self._run, args=(batch, import_one), name="attune-import", daemon=True
        )
        self._thread.start()
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Cancel and wait for the worker; call before the library closes."""
        self.cancel()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def join(self, timeout_s: float) -> None:
        """Wait for the running batch (tests)."""
        if self._thread is not None:
            self._thread.join(timeout_s)

    # -- worker thread ---------------------------------------------------------------------------
    def _run(self, paths: list[Path], import_one: ImportOne) -> None:
        report = ImportReport()
        total = max(len(paths), 1)
        for number, path in enumerate(paths):
            if self._cancel.is_set():
                report.cancelled = True
                report.outcomes.append(FileOutcome(path, None))
                continue
            label = f"Importing {path.name} ({number + 1} of {len(paths)})"

            def progress(fraction: float, number: int = number, label: str = label) -> None:
                share = min(max(fraction, 0.0), 1.0)
                self.progressed.emit(int(100 * (number + share) / total), label)

            progress(0.0)
            report.outcomes.append(self._import(path, import_one, progress))
            if report.outcomes[-1].clip_id is not None:
                self.fileImported.emit(report.outcomes[-1].clip_id)
        self.progressed.emit(100, "")
        self.finished.emit(report)

    def _import(
        self, path: Path, import_one: ImportOne, progress: Callable[[float], None]
    ) -> FileOutcome:
        try:
            return FileOutcome(path, import_one(path, progress, self._cancel.is_set))
        except ImportCancelled:
            return FileOutcome(path, None)
        except Exception as error:  # reported per file; the batch goes on
            return FileOutcome(path, None, str(error) or type(error).__name__)
