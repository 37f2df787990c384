"""Writing the audit trail to CSV off the GUI thread, with progress and cancel."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from attune_app.domain.supervision import AuditRow
from attune_app.services.audit_trail import write_csv


class AuditExportJob(QObject):
    """One export at a time. Public methods are for the GUI thread; `finished(count, error)`
    arrives on it (error is "" when the file was written)."""

    progressed = Signal(int)
    finished = Signal(int, str)
    _done = Signal(int, str)  # worker -> GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    @property
    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, rows: Sequence[AuditRow], target: Path) -> bool:
        if self._thread is not None:
            return False
        self._cancel.clear()
        self._thread = threading.Thread(
            target=self._run, args=(list(rows), Path(target)), name="attune-audit-csv", daemon=True
        )
        self._thread.start()
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def shutdown(self) -> None:
        self.cancel()
        if self._thread is not None:
            self._thread.join(10.0)
            self._thread = None

    def _run(self, rows: list[AuditRow], target: Path) -> None:
        try:
            count = write_csv(
                rows,
                target,
                progress=lambda f: self.progressed.emit(int(f * 100)),
                is_cancelled=self._cancel.is_set,
            )
        except (OSError, InterruptedError) as error:
            self._done.emit(0, str(error))
            return
        self._done.emit(count, "")

    def _on_done(self, count: int, error: str) -> None:
        if self._thread is not None:
            self._thread.join(5.0)
            self._thread = None
        self.finished.emit(count, error)
