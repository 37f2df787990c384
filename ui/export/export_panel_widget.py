"""The export panel: one row per job with its progress, time left, Cancel and Show in folder."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.export.export_jobs import DONE, RUNNING, WAITING, ExportJob, ExportJobRunner


class ExportJobRowWidget(QWidget):
    def __init__(self, job: ExportJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(job.title)
        self.title.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName(f"Export of {job.title}")
        self.status = QLabel()
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel")
        self.show_button = QPushButton("Show in folder")
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.progress, 1, 0)
        grid.addWidget(self.cancel_button, 1, 1)
        grid.addWidget(self.status, 2, 0)
        grid.addWidget(self.show_button, 2, 1)
        self.update_from(job)

    def update_from(self, job: ExportJob) -> None:
        self.progress.setValue(round(job.fraction * 1000))
        active = job.state in (WAITING, RUNNING)
        self.cancel_button.setVisible(active)
        self.show_button.setVisible(job.state == DONE)
        self.status.setText(_status_words(job))


def _status_words(job: ExportJob) -> str:
    if job.state == WAITING:
        return "Waiting for the export before it"
    if job.state == RUNNING:
        if job.seconds_left is None:
            return "Starting…"
        return f"{job.fraction:.0%} · about {_duration(job.seconds_left)} left"
    return job.message


def _duration(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60} min {whole % 60:02d} s" if whole >= 60 else f"{whole} s"


class ExportPanelWidget(QWidget):
    folderRequested = Signal(str)

    def __init__(self, runner: ExportJobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.rows: dict[int, ExportJobRowWidget] = {}
        self.empty = QLabel("No exports yet. Reel › Export… makes a video of the current reel.")
        self.empty.setObjectName("Muted")
        self.empty.setWordWrap(True)
        inner = QWidget()
        self._list = QVBoxLayout(inner)
        self._list.addWidget(self.empty)
        self._list.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        runner.jobChanged.connect(self._on_job_changed)
        self.folderRequested.connect(_open_folder)

    def _on_job_changed(self, job_id: int) -> None:
        job = self._runner.jobs[job_id]
        row = self.rows.get(job_id)
        if row is None:
            row = ExportJobRowWidget(job)
            row.cancel_button.clicked.connect(lambda _c=False: self._runner.cancel(job_id))
            row.show_button.clicked.connect(
                lambda _c=False: self.folderRequested.emit(str(job.target.parent))
            )
            self.rows[job_id] = row
            self._list.insertWidget(0, row)
            self.empty.hide()
        row.update_from(job)


def _open_folder(folder: str) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(folder))
