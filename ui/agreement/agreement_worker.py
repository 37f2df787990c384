"""Computes agreement off the GUI thread: the worker gets plain values (read from the library
on the GUI thread, which owns its connection) and hands back an `AgreementReport`.

A newer request supersedes an older one: only the newest result is delivered, and `cancel`
drops the pending one (the computation itself takes well under a second).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal

from attune_app.services.agreement import AgreementSource, compare_codings


class AgreementWorker(QObject):
    """Public methods are for the GUI thread."""

    finished = Signal(object)  # AgreementReport
    failed = Signal(str)  # what went wrong, in words
    _delivered = Signal(int, object)  # worker -> GUI thread: (serial, report or exception)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._serial = 0
        self._threads: list[threading.Thread] = []
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    @property
    def is_busy(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def compute(self, source: AgreementSource, tolerance_s: float, time_unit_s: float) -> None:
        self._serial += 1
        serial = self._serial

        def run() -> None:
            try:
                result: object = compare_codings(
                    source.times(),
                    source.codings,
                    tolerance_s=tolerance_s,
                    time_unit_s=time_unit_s,
                )
            except Exception as error:  # reported to the user in the dialog
                result = error
            self._delivered.emit(serial, result)

        thread = threading.Thread(target=run, name="attune-agreement", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def cancel(self) -> None:
        self._serial += 1  # whatever is running now will not be delivered

    def shutdown(self, timeout_s: float = 10.0) -> None:
        self.cancel()
        for thread in self._threads:
            thread.join(timeout_s)
        self._threads = []

    def _on_delivered(self, serial: int, result: object) -> None:
        if serial != self._serial:
            return
        if isinstance(result, Exception):
            self.failed.emit(str(result) or type(result).__name__)
        else:
            self.finished.emit(result)
