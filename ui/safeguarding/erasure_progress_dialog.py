"""The erasure under way: what is being erased, step by step, and whether it can still stop.

Cancel works only while Attune checks what it holds about the family; from the moment their
records are removed the erasure goes on to the end, and the dialog says so plainly.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attune_app.services.erasure import ERASURE_STEPS, ErasureReport, ErasureStep


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def step_words(step: ErasureStep) -> str:
    """What the step does, in the practitioner's words (with its count once it is known)."""
    n = step.count
    words = {
        "check": "Check everything Attune holds about the family",
        "records": f"Remove their {_plural(n, 'record', 'records')} (sessions, tags, notes, "
        "reel moments, reflections, comments, consents) and the search index entries",
        "files": f"Delete their {_plural(n, 'film', 'films')} and cached pictures",
        "compact": "Wipe the freed space inside the library file",
        "backups": f"Rewrite {_plural(n, 'backup', 'backups')} without them",
        "finish": "Record that an erasure happened, and make a fresh backup",
    }
    return words[step.name]


_WAITING, _RUNNING, _DONE = "○", "●", "✓"
_COUNTED = {"files": "removed", "backups": "rewritten"}


class ErasureProgressDialog(QDialog):
    """Shows an erasure's steps and progress. GUI thread only; `cancelRequested` is emitted
    when the user asks to stop (the caller says whether it still could)."""

    cancelRequested = Signal()

    def __init__(self, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Erasing family {ref}")
        self.setModal(True)
        self.setMinimumWidth(520)
        self._finished = False
        self._step: ErasureStep | None = None
        self._step_started_at = 0
        self.heading = QLabel(
            f"Erasing everything Attune holds about family {ref}: their films, records and "
            "backups. Only a record that an erasure happened stays."
        )
        self.heading.setWordWrap(True)
        self.heading.setObjectName("PanelTitle")
        self.marks: dict[str, QLabel] = {}
        self.texts: dict[str, QLabel] = {}
        steps = QGridLayout()
        for row, name in enumerate(ERASURE_STEPS):
            mark, text = QLabel(_WAITING), QLabel(step_words(ErasureStep(name, 0)))
            text.setWordWrap(True)
            mark.setAlignment(Qt.AlignmentFlag.AlignTop)
            steps.addWidget(mark, row, 0)
            steps.addWidget(text, row, 1)
            self.marks[name], self.texts[name] = mark, text
        steps.setColumnStretch(1, 1)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setAccessibleName("Erasure progress")
        self.note = QLabel(
            "You can cancel while Attune checks; nothing is erased until then. Once their "
            "records are being removed the erasure goes on to the end, so that nothing of the "
            "family is left behind in a file or a backup."
        )
        self.note.setWordWrap(True)
        self.note.setObjectName("Muted")
        self.cancel_button = QPushButton("Cancel")
        self.close_button = QPushButton("Close")
        self.close_button.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(steps)
        layout.addWidget(self.bar)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self._ask_cancel)
        self.close_button.clicked.connect(self.accept)

    # -- progress ------------------------------------------------------------------------------
    def show_step(self, step: ErasureStep) -> None:
        if self._step is not None:
            self.marks[self._step.name].setText(_DONE)
        self._step, self._step_started_at = step, self.bar.value()
        self.marks[step.name].setText(_RUNNING)
        self.texts[step.name].setText(step_words(step))
        if step.name != "check":  # past the point of no return
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText("Cannot stop now")
            self.note.setText(
                "Past the point of no return: the family's records are being erased, so the "
                "erasure can no longer be stopped. It goes on to the end so that nothing of "
                "them is left behind in a file or a backup."
            )

    def show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        step = self._step
        if step is not None and step.name in _COUNTED and step.count:
            handled = min(done - self._step_started_at, step.count)
            self.texts[step.name].setText(
                f"{step_words(step)}: {handled} of {step.count} {_COUNTED[step.name]}"
            )

    def show_done(self, report: ErasureReport) -> None:
        for mark in self.marks.values():
            mark.setText(_DONE)
        self.bar.setValue(self.bar.maximum())
        rewritten = report.backups.get("rewritten", 0) + report.backups.get("deleted", 0)
        self._end(
            f"Done: {_plural(sum(report.rows.values()), 'record', 'records')}, "
            f"{_plural(report.media_files, 'film', 'films')} and "
            f"{_plural(report.cache_files, 'cached picture', 'cached pictures')} erased; "
            f"{_plural(rewritten, 'backup', 'backups')} rewritten. Library › Check verifies "
            "that nothing remains."
        )

    def show_stopped(self, text: str) -> None:
        """Cancelled in time (nothing erased) or failed (the text says what and what to do)."""
        self._end(text)

    def _end(self, text: str) -> None:
        self._finished = True
        self.note.setText(text)
        self.cancel_button.setVisible(False)
        self.close_button.setVisible(True)
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    # -- cancel and closing ----------------------------------------------------------------
    def _ask_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self.cancelRequested.emit()

    def reject(self) -> None:
        """Esc or the title bar's close: a cancel while that is possible, then closing."""
        if self._finished:
            super().reject()
        elif self.cancel_button.isEnabled():
            self._ask_cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._finished:
            super().closeEvent(event)
            return
        event.ignore()
        self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._finished:
            return  # Enter never cancels nor closes an erasure by accident
        super().keyPressEvent(event)
