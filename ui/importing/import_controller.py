"""Imports files one after another: the slow part on a worker, the database write on the GUI.

The worker copies, hashes and probes each file (`ImportSteps.prepare`) and hands the result
over through a queue; the GUI thread, which owns the library's only connection, records it
(`ImportSteps.commit`) in one transaction. So imports take the same single writer as every
other change (house style: database writes go through one owner). The worker never touches
widgets or the database. Each failed file is reported with its reason and the rest carry on.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

# (path, progress(fraction 0..1), is_cancelled) -> a prepared file (worker thread)
Prepare = Callable[[Path, Callable[[float], None], Callable[[], bool]], object]


class ImportCancelled(Exception):
    """Raised by a prepare step when the user cancelled."""


@dataclass(frozen=True)
class ImportSteps:
    prepare: Prepare  # worker thread; no database
    commit: Callable[[object], int]  # GUI thread: record the prepared file; returns the clip id
    discard: Callable[[object], None] = lambda _prepared: None  # drop a file never committed


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


@dataclass(frozen=True)
class _Prepared:
    path: Path
    prepared: object


_DONE = object()


class ImportController(QObject):
    """Runs one import batch at a time. Public methods are for the GUI thread."""

    progressed = Signal(int, str)  # percent of the batch, what is happening
    fileImported = Signal(int)  # clip id
    finished = Signal(object)  # ImportReport
    _handed_over = Signal()  # worker -> GUI thread: the queue has something

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._queue: queue.Queue[object] = queue.Queue()
        self._steps: ImportSteps | None = None
        self._report = ImportReport()
        self._handed_over.connect(self._take_over, Qt.ConnectionType.QueuedConnection)

    @property
    def is_running(self) -> bool:
        """True from `start` until `finished` (the last commit happens on the GUI thread)."""
        return self._steps is not None

    def start(self, paths: Sequence[Path], steps: ImportSteps) -> bool:
        """Start importing `paths`; False when a batch is already running."""
        if self.is_running:
            return False
        self._cancel.clear()
        self._steps, self._report = steps, ImportReport()
        batch = [Path(p) for p in paths]
        self._thread = threading.Thread(
            target=self._run, args=(batch, steps.prepare), name="attune-import", daemon=True
        )
        self._thread.start()
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Cancel, wait for the worker and drop what it prepared; call before the library
        closes. Nothing prepared but not yet recorded is kept."""
        self.cancel()
        self.join(timeout_s)
        steps, self._steps = self._steps, None
        while not self._queue.empty():
            entry = self._queue.get_nowait()
            if isinstance(entry, _Prepared) and steps is not None:
                steps.discard(entry.prepared)

    def join(self, timeout_s: float) -> None:
        """Wait for the worker thread (tests, shutdown)."""
        if self._thread is not None:
            self._thread.join(timeout_s)
            if not self._thread.is_alive():
                self._thread = None

    # -- GUI thread ------------------------------------------------------------------------------
    def _take_over(self) -> None:
        while self._steps is not None and not self._queue.empty():
            entry = self._queue.get_nowait()
            if entry is _DONE:
                self._finish()
            elif isinstance(entry, _Prepared):
                self._commit(entry)
            elif isinstance(entry, FileOutcome):
                self._record(entry)

    def _commit(self, entry: _Prepared) -> None:
        assert self._steps is not None
        try:
            outcome = FileOutcome(entry.path, self._steps.commit(entry.prepared))
        except Exception as error:  # reported per file; the batch goes on
            outcome = FileOutcome(entry.path, None, str(error) or type(error).__name__)
        self._record(outcome)

    def _record(self, outcome: FileOutcome) -> None:
        self._report.outcomes.append(outcome)
        if outcome.clip_id is not None:
            self.fileImported.emit(outcome.clip_id)

    def _finish(self) -> None:
        self._report.cancelled = self._cancel.is_set()
        self._steps = None
        self.join(5.0)
        self.progressed.emit(100, "")
        self.finished.emit(self._report)

    # -- worker thread ---------------------------------------------------------------------------
    def _hand_over(self, entry: object) -> None:
        self._queue.put(entry)
        self._handed_over.emit()

    def _run(self, paths: list[Path], prepare: Prepare) -> None:
        path: Path | None = None
        try:
            total = max(len(paths), 1)
            for number, path in enumerate(paths):
                if self._cancel.is_set():
                    self._hand_over(FileOutcome(path, None))
                    continue
                label = f"Importing {path.name} ({number + 1} of {len(paths)})"

                def progress(fraction: float, number: int = number, label: str = label) -> None:
                    share = min(max(fraction, 0.0), 1.0)
                    self.progressed.emit(int(100 * (number + share) / total), label)

                progress(0.0)
                self._hand_over(self._prepare(path, prepare, progress))
        except Exception as error:  # a fault outside one file's preparation: say so, stop
            if path is not None:
                self._hand_over(FileOutcome(path, None, f"the import stopped: {error}"))
        finally:
            self._hand_over(_DONE)  # the batch always ends: never "importing…" for ever

    def _prepare(
        self, path: Path, prepare: Prepare, progress: Callable[[float], None]
    ) -> _Prepared | FileOutcome:
        try:
            return _Prepared(path, prepare(path, progress, self._cancel.is_set))
        except ImportCancelled:
            return FileOutcome(path, None)
        except Exception as error:  # reported per file; the batch goes on
            return FileOutcome(path, None, str(error) or type(error).__name__)
