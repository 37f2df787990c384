"""Reel › Print handout…: the printable sheet for the parent, made off the GUI thread.

The dialog asks the paper and whether the parent agreed to have their own words on it; the
plan is read from the library on the GUI thread, the stills are decoded and the PDF written on
a worker thread, and the export is audited back on the GUI thread. Call only from the GUI
thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from attune_app.export.handout import HandoutPlan, audit_handout, plan_handout, render_handout
from attune_app.store.errors import LibraryError
from attune_app.store.library import Library
from ui.player.result_inbox import ResultInbox
from ui.widgets.messages import show_error

PAPER_NAMES = {"a4": "A4", "letter": "US Letter"}


def default_paper() -> str:
    imperial = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "letter" if imperial else "a4"


class HandoutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print handout")
        self.setMinimumWidth(440)
        intro = QLabel(
            "A printed sheet for the parent to keep: the reel's pictures with their captions. "
            "No codes, notes or your questions are on it."
        )
        intro.setWordWrap(True)
        self.paper_combo = QComboBox()
        self.paper_combo.setAccessibleName("Paper size")
        for paper, words in PAPER_NAMES.items():
            self.paper_combo.addItem(words, paper)
        self.paper_combo.setCurrentIndex(self.paper_combo.findData(default_paper()))
        self.words_check = QCheckBox("Include the parent's own words from the review")
        self.words_check.setToolTip("Only when the parent has said they would like that")
        hint = QLabel("Only tick this when the parent has agreed.")
        hint.setObjectName("Muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Make handout…")
        form = QFormLayout()
        form.addRow("Paper", self.paper_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.words_check)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def paper(self) -> str:
        return str(self.paper_combo.currentData())

    def with_words(self) -> bool:
        return self.words_check.isChecked()


class HandoutMaker(QObject):
    made = Signal(str)  # the PDF written
    failed = Signal(str)

    def __init__(
        self,
        library: Callable[[], Library],
        reel_id: Callable[[], int | None],
        parent_widget: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._reel_id = reel_id
        self._parent_widget = parent_widget
        self._threads: list[threading.Thread] = []
        self._inbox = ResultInbox(self._finished, parent=self)
        self.failed.connect(
            lambda text: show_error(parent_widget, "The handout was not made", text)
        )

    def ask(self) -> HandoutDialog | None:
        if self._reel_id() is None:
            self.failed.emit("Choose a reel first (Reel › New reel… makes one).")
            return None
        dialog = HandoutDialog(self._parent_widget)
        dialog.accepted.connect(lambda: self._ask_file(dialog.paper(), dialog.with_words()))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def _ask_file(self, paper: str, with_words: bool) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder or Path.home()) / "handout.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self._parent_widget, "Save handout", str(suggested), "PDF (*.pdf)"
        )
        if path:
            self.make(Path(path), paper=paper, with_words=with_words)

    def make(self, target: Path, *, paper: str, with_words: bool) -> bool:
        """Start making the handout at `target`; `made` or `failed` says how it went."""
        reel_id = self._reel_id()
        if reel_id is None:
            return False
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            plan = plan_handout(self._library(), reel_id, with_words=with_words)
        except LibraryError as error:
            self.failed.emit(str(error))
            return False
        thread = threading.Thread(
            target=self._run, args=(plan, target, paper), name="attune-handout"
        )
        self._threads.append(thread)
        thread.start()
        return True

    def _run(self, plan: HandoutPlan, target: Path, paper: str) -> None:
        try:
            render_handout(plan, target, paper=paper)
        except Exception as error:  # reported to the user on the GUI thread
            self._inbox.post((plan, target, paper, f"{target}: {error}"))
        else:
            self._inbox.post((plan, target, paper, None))

    def _finished(self, result: tuple[HandoutPlan, Path, str, str | None]) -> None:
        plan, target, paper, problem = result
        self._threads = [t for t in self._threads if t.is_alive()]
        if problem is not None:
            self.failed.emit(problem)
            return
        audit_handout(self._library(), plan, paper)
        self.made.emit(str(target))

    def shutdown(self) -> None:
        for thread in self._threads:
            thread.join(30)
        self._threads = []
        self._inbox.close()
