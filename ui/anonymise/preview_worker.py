"""Renders the anonymised preview off the GUI thread, with progress and cancel. The library is
read on the GUI thread (`prepare_preview`); the worker only renders, into memory."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from attune_app.export.reel_export import PreparedExport
from attune_app.export.reel_preview import render_preview
from attune_app.export.renderer import ExportCancelled
from attune_app.export.sources import ExportError


class PreviewWorker(QObject):
    progressed = Signal(int, int)  # output frames rendered, frames in all
    finished = Signal(object)  # a ReelPreview, or why it stopped ("cancelled", or a message)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, prepared: PreparedExport) -> None:
        """GUI thread. One render at a time: the caller waits for `finished` first."""
        self._cancel.clear()
        self._thread = threading.Thread(
            target=self._run, args=(prepared,), name="anonymised-preview", daemon=True
        )
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def shutdown(self) -> None:
        self._cancel.set()
        if self._thread is not None:
            self._thread.join(60)
            self._thread = None

    def _run(self, prepared: PreparedExport) -> None:
        try:
            preview = render_preview(
                prepared, progress=self.progressed.emit, should_cancel=self._cancel.is_set
            )
        except ExportCancelled:
            self.finished.emit("cancelled")
            return
        except ExportError as error:
            self.finished.emit(str(error))
            return
        except Exception as error:  # shown to the trainer, not a crash
            self.finished.emit(f"The preview could not be made: {error}")
            return
        self.finished.emit(preview)
