"""Writing a session report off the GUI thread: the data is gathered on the GUI thread (the
library's connection belongs to it), the charts and the file are made on a worker."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from attune_app.reports.report_data import ReportData
from attune_app.reports.session_report import write_report


class ReportJob(QObject):
    """One report at a time; `finished(error)` arrives on the GUI thread ("" when written)."""

    finished = Signal(str)
    _done = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self.data: ReportData | None = None
        self.target: Path | None = None

    @property
    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, data: ReportData, target: Path) -> bool:
        if self._thread is not None:
            return False
        self.data, self.target = data, Path(target)
        self._thread = threading.Thread(
            target=self._run, args=(data, self.target), name="attune-report", daemon=True
        )
        self._thread.start()
        return True

    def shutdown(self) -> None:
        if self._thread is not None:
            self._thread.join(30.0)
            self._thread = None

    def _run(self, data: ReportData, target: Path) -> None:
        try:
            write_report(data, target)
        except Exception as error:  # reported to the user on the GUI thread
            self._done.emit(str(error) or type(error).__name__)
            return
        self._done.emit("")

    def _on_done(self, error: str) -> None:
        self.shutdown()
        self.finished.emit(error)
