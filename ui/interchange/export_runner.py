"""Writes a tag export off the GUI thread: building, checking (EAF schema, pympi-ling) and
writing the files takes about a second per thousand tags. The plan was read from the library
on the GUI thread; the worker touches neither the database nor any widget."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal

from attune_app.interchange.tag_export import ExportResult, TagExportPlan


class ExportRunner(QObject):
    """One export at a time. `finished` carries (plan, ExportResult) or (plan, message)."""

    finished = Signal(object, object)
    _done = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, plan: TagExportPlan) -> bool:
        """GUI thread."""
        if self._thread is not None:
            return False
        self._thread = threading.Thread(
            target=self._work, args=(plan,), name="tag-export", daemon=True
        )
        self._thread.start()
        return True

    def _work(self, plan: TagExportPlan) -> None:
        try:
            outcome: ExportResult | str = plan.write()
        except Exception as error:  # shown to the user; nothing was written (atomic_output)
            outcome = str(error)
        self._done.emit(plan, outcome)

    def _deliver(self, plan: object, outcome: object) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.finished.emit(plan, outcome)
