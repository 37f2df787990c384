"""Erasing a family on a worker thread, so the window stays responsive with many clips.

An erasure is database work from end to end (one transaction, compaction, backups rewritten),
so the library's connection is handed to the worker for its duration (the connection allows it
when one thread at a time uses it): from `start` until `finished` arrives, the GUI thread must
not touch the library. The section makes sure of it: the progress dialog is modal, an erasure
does not start while an import, an export or a review runs, and the idle lock waits.

Cancel is honoured only during the check, before anything is changed; once the records step
starts (`cancellable` is then False) the erasure runs to its end, so nothing of the family is
left half-erased in a file or a backup.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal

from attune_app.services.erasure import IRREVERSIBLE_STEP, ErasureStep, erase_family
from attune_app.store.library import Library


class ErasureJob(QObject):
    """One erasure at a time. Public methods are for the GUI thread; signals arrive on it.

    `finished(outcome)`: an `ErasureReport`, or the exception that stopped it
    (`ErasureCancelled` when cancelled in time, nothing changed)."""

    progressed = Signal(int, int)  # units done, units in all
    stepStarted = Signal(object)  # ErasureStep
    finished = Signal(object)  # ErasureReport | Exception
    _done = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._irreversible = threading.Event()
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    @property
    def is_running(self) -> bool:
        return self._thread is not None

    @property
    def cancellable(self) -> bool:
        """True until the records step starts."""
        return self.is_running and not self._irreversible.is_set()

    def start(self, library: Library, ref: str, confirmation: str) -> bool:
        if self._thread is not None:
            return False
        self._cancel.clear()
        self._irreversible.clear()
        self._thread = threading.Thread(
            target=self._run,
            args=(library, ref, confirmation),
            name="attune-erasure",
            daemon=True,
        )
        self._thread.start()
        return True

    def cancel(self) -> bool:
        """Ask to stop; True when the request can still be honoured (the check is running)."""
        if not self.cancellable:
            return False
        self._cancel.set()
        return True

    def shutdown(self, timeout_s: float = 300.0) -> None:
        """Cancel if still possible and wait for the worker (an erasure past its check runs to
        its end: the window waits rather than leave a family half-erased)."""
        self.cancel()
        if self._thread is not None:
            self._thread.join(timeout_s)
            if not self._thread.is_alive():
                self._thread = None

    # -- worker thread -----------------------------------------------------------------------
    def _run(self, library: Library, ref: str, confirmation: str) -> None:
        def on_step(step: ErasureStep) -> None:
            if step.name == IRREVERSIBLE_STEP:
                self._irreversible.set()
            self.stepStarted.emit(step)

        try:
            outcome: object = erase_family(
                library,
                ref,
                confirm=confirmation,
                progress=self.progressed.emit,
                cancelled=self._cancel.is_set,
                step=on_step,
            )
        except Exception as error:  # reported on the GUI thread
            outcome = error
        self._done.emit(outcome)

    # -- GUI thread ----------------------------------------------------------------------------
    def _on_done(self, outcome: object) -> None:
        if self._thread is not None:
            self._thread.join(5.0)
            self._thread = None
        self.finished.emit(outcome)
