"""Export jobs, one after another on a worker thread (Shotcut's job queue is the model).

The GUI thread checks the gate and gathers the reel (`prepare`: it owns the library's
connection), the worker renders (`render`: no database, no widgets), and the GUI thread audits
the finished file (`record`). Progress, time left and the end of each job come back as
signals, delivered on the GUI thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

# (target, progress(done, total), should_cancel) -> what record() needs; raises on failure
Render = Callable[[Path, Callable[[int, int], None], Callable[[], bool]], object]
Record = Callable[[object], None]

WAITING, RUNNING, DONE, FAILED, CANCELLED = "waiting", "running", "done", "failed", "cancelled"


@dataclass
class ExportJob:
    job_id: int
    title: str
    target: Path
    render: Render
    record: Record
    state: str = WAITING
    fraction: float = 0.0
    seconds_left: float | None = None
    message: str = ""
    started_at: float = 0.0
    cancel: threading.Event = field(default_factory=threading.Event)


class ExportJobRunner(QObject):
    """Public methods are for the GUI thread."""

    jobChanged = Signal(int)  # job id: its state, progress or message changed
    jobFinished = Signal(int)
    _progressed = Signal(int, int, int)  # worker -> GUI: job id, done, total
    _ended = Signal(int, object, str)  # worker -> GUI: job id, result or None, error words

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs: dict[int, ExportJob] = {}
        self._next_id = 1
        self._thread: threading.Thread | None = None
        self._current: int | None = None
        queued = Qt.ConnectionType.QueuedConnection
        self._progressed.connect(self._on_progress, queued)
        self._ended.connect(self._on_ended, queued)

    def add(self, title: str, target: Path, render: Render, record: Record) -> int:
        job = ExportJob(self._next_id, title, target, render, record)
        self._next_id += 1
        self.jobs[job.job_id] = job
        self.jobChanged.emit(job.job_id)
        self._start_next()
        return job.job_id

    def cancel(self, job_id: int) -> None:
        job = self.jobs[job_id]
        job.cancel.set()
        if job.state == WAITING:
            self._set(job, CANCELLED, "Cancelled; nothing was written.")
            self.jobFinished.emit(job_id)

    @property
    def is_busy(self) -> bool:
        return self._current is not None

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Cancel every job and wait for the worker (the partial file is removed)."""
        for job in self.jobs.values():
            job.cancel.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    # -- GUI thread ------------------------------------------------------------------------
    def _start_next(self) -> None:
        if self._current is not None:
            return
        waiting = [j for j in self.jobs.values() if j.state == WAITING]
        if not waiting:
            return
        job = waiting[0]
        self._current = job.job_id
        job.started_at = time.monotonic()
        self._set(job, RUNNING, "Exporting…")
        self._thread = threading.Thread(
            target=self._run, args=(job,), name="attune-export", daemon=True
        )
        self._thread.start()

    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        job = self.jobs[job_id]
        if job.state != RUNNING:
            return
        job.fraction = done / max(total, 1)
        elapsed = time.monotonic() - job.started_at
        job.seconds_left = elapsed * (1 - job.fraction) / job.fraction if job.fraction else None
        self.jobChanged.emit(job_id)

    def _on_ended(self, job_id: int, result: object, error: str) -> None:
        job = self.jobs[job_id]
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._current = None
        if job.cancel.is_set() and error:
            self._set(job, CANCELLED, "Cancelled; nothing was written.")
        elif error:
            self._set(job, FAILED, error)
        else:
            try:
                job.record(result)
                job.fraction, job.seconds_left = 1.0, 0.0
                self._set(job, DONE, f"Saved as {job.target.name}")
            except Exception as failure:  # the file is there; say that the audit failed
                self._set(job, FAILED, f"Saved, but not recorded in the audit log: {failure}")
        self.jobFinished.emit(job_id)
        self._start_next()

    def _set(self, job: ExportJob, state: str, message: str) -> None:
        job.state, job.message = state, message
        self.jobChanged.emit(job.job_id)

    # -- worker thread ---------------------------------------------------------------------
    def _run(self, job: ExportJob) -> None:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - last[0] > 0.1:  # a few updates a second are enough
                last[0] = now
                self._progressed.emit(job.job_id, done, total)

        try:
            result = job.render(job.target, progress, job.cancel.is_set)
        except Exception as error:  # shown in the job's row and as a message
            self._ended.emit(job.job_id, None, str(error) or type(error).__name__)
            return
        self._ended.emit(job.job_id, result, "")
