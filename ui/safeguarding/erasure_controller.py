"""Erasing a family from the window: the job on its worker, the progress dialog, and what the
window does before and after. Given what it uses, never the window itself.

Before the job starts, `prepare(ref)` takes the family's open clip off the screen (and says which
clip to open again should the erasure be cancelled); while it runs the window may not close and
the idle lock waits (its audit entry would write beside the worker); after it, `refresh()`
shows the library without the family. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from attune_app.services.erasure import (
    IRREVERSIBLE_STEP,
    ErasureCancelled,
    ErasureReport,
    ErasureStep,
)
from attune_app.store.library import Library
from ui.safeguarding.erasure_job import ErasureJob
from ui.safeguarding.erasure_progress_dialog import ErasureProgressDialog
from ui.safeguarding.idle_lock import IdleLockController
from ui.widgets.messages import show_error


@dataclass(frozen=True)
class ErasureHooks:
    """What the window does around an erasure."""

    library: Callable[[], Library]
    busy_reason: Callable[[], str]  # other work using the library now ("" when none)
    prepare: Callable[[str], int | None]  # family ref -> the clip to reopen if cancelled
    reopen: Callable[[int], object]  # open that clip again
    clear_undo: Callable[[], None]  # undo steps would name rows that are gone
    refresh: Callable[[], None]  # show the library without the family
    show_message: Callable[[str, int], None]
    idle_lock: Callable[[], IdleLockController | None]


class ErasureController(QObject):
    def __init__(self, host: QWidget, hooks: ErasureHooks) -> None:
        super().__init__(host)
        self._host = host
        self._hooks = hooks
        self.job = ErasureJob(self)
        self.job.stepStarted.connect(self._on_step)
        self.job.progressed.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self.dialog: ErasureProgressDialog | None = None
        self.last_erasure: ErasureReport | None = None
        self._reopen: int | None = None
        host.installEventFilter(self)

    def start(self, ref: str, confirmation: str) -> bool:
        """Start erasing `ref` behind a modal progress dialog; False (the reason shown) when it
        cannot start now."""
        busy = "Another erasure is under way." if self.job.is_running else self._hooks.busy_reason()
        if busy:
            show_error(self._host, "The family was not erased", busy, "Then erase it again.")
            return False
        self._reopen = self._hooks.prepare(ref)
        lock = self._hooks.idle_lock()
        if lock is not None:
            lock.timer.stop()
        self.dialog = ErasureProgressDialog(ref, self._host)
        self.dialog.cancelRequested.connect(self.job.cancel)  # refused once records go
        # From here until `finished`, the library's connection is the worker's (ErasureJob).
        self.job.start(self._hooks.library(), ref, confirmation)
        self.dialog.open()
        return True

    def shutdown(self) -> None:
        self.job.shutdown()

    def _on_step(self, step: ErasureStep) -> None:
        if step.name == IRREVERSIBLE_STEP:
            self._hooks.clear_undo()
        if self.dialog is not None:
            self.dialog.show_step(step)

    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.show_progress(done, total)

    def _on_finished(self, outcome: object) -> None:
        lock = self._hooks.idle_lock()
        if lock is not None and not lock.is_locked:
            lock.timer.start(lock.idle_ms)
        dialog = self.dialog
        if isinstance(outcome, ErasureCancelled):
            if dialog is not None:
                dialog.show_stopped(
                    "Cancelled before anything was erased: the family, their films and "
                    "backups are all as they were."
                )
            if self._reopen is not None:
                self._hooks.reopen(self._reopen)
            self._hooks.show_message("Erasure cancelled; nothing was erased.", 10000)
            return
        if isinstance(outcome, ErasureReport):
            self.last_erasure = outcome
            if dialog is not None:
                dialog.show_done(outcome)
            self._hooks.show_message(
                f"Family erased: {outcome.items} items; backups rewritten. "
                "Library › Check verifies nothing remains.",
                10000,
            )
        elif dialog is not None:
            dialog.show_stopped(
                f"The erasure stopped: {str(outcome) or type(outcome).__name__}\n\n"
                "Run Library › Check, then erase the family again: it goes on from what is left."
            )
        self._hooks.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        closing = watched is self._host and event.type() == QEvent.Type.Close
        if closing and self.job.is_running:  # the library is the worker's till the end
            event.ignore()
            if self.dialog is not None:
                self.dialog.raise_()
            return True
        return super().eventFilter(watched, event)
