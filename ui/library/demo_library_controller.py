"""Makes the demo library on a worker thread, reporting progress and the outcome by signal.

The worker only writes files and its own new library; it never touches a widget. The GUI thread
waits on the signals, so the first `attune gui --demo` shows a window at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from attune_app.services.demo import ensure_demo_library

# (path, progress(fraction)) -> path; the default makes the real demo library
DemoBuilder = Callable[[Path, Callable[[float], None]], Path]


class DemoLibraryController(QObject):
    """Public methods are for the GUI thread; signals arrive on the GUI thread (queued)."""

    progressed = Signal(float)  # fraction done, 0..1
    succeeded = Signal(object)  # Path of the demo library
    failed = Signal(str)  # what went wrong, in words

    def __init__(
        self,
        path: Path,
        builder: DemoBuilder = ensure_demo_library,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self._builder = builder
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="attune-demo-library", daemon=True)
        self._thread.start()

    def join(self, timeout_s: float = 30.0) -> None:
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    # -- worker thread ---------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            made = self._builder(self.path, self.progressed.emit)
        except Exception as error:  # reported to the user; the app exits with code 1
            self.failed.emit(str(error) or type(error).__name__)
            return
        self.succeeded.emit(made)
