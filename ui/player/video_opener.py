"""Opens videos on a worker thread; the newest request wins.

Opening demuxes every packet of the file to build its frame index: about 50 ms per minute
of 1080p30 here, so a few minutes of phone footage froze the window for a quarter of a
second or more. The loaded video reaches the GUI thread through a `ResultInbox`; a video
whose open was overtaken by a newer one (or cancelled) is closed unused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from attune_app.media.request_queue import RequestWorker, Staleness
from ui.player.result_inbox import ResultInbox
from ui.player.video_info import VideoInfo

# (video, info) when opened, else the error; `video` is the engine's entered Video.
Loaded = tuple[Any, VideoInfo]
OpenOutcome = Loaded | Exception
# Runs on the opener's thread: (path) or (path, frame_index_json), the clip's saved index.
Loader = Callable[..., Loaded]


@dataclass(frozen=True)
class OpenRequest:
    serial: int
    path: Path
    frame_index_json: str | None = None


class VideoOpener(QObject):
    """Public methods are for the GUI thread."""

    busyChanged = Signal(bool)  # an open is running in the background

    def __init__(
        self, load: Loader, *, synchronous: bool = False, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._load = load
        self._serial = 0
        self._pending: Callable[[OpenOutcome], None] | None = None
        self._inbox = ResultInbox(self._deliver, synchronous=synchronous, parent=self)
        self._worker: RequestWorker[OpenRequest] = RequestWorker(
            self._handle, name="attune-video-opener", synchronous=synchronous
        )

    @property
    def busy(self) -> bool:
        return self._pending is not None

    def open(
        self,
        path: Path,
        done: Callable[[OpenOutcome], None],
        frame_index_json: str | None = None,
    ) -> None:
        """Load `path` off the GUI thread; `done` then runs here with the outcome. An open
        overtaken by a newer one, or cancelled, never calls its `done`. `frame_index_json`,
        the clip's saved frame index, goes to the loader (parsed there, off this thread)."""
        self._serial += 1
        was_busy, self._pending = self.busy, done
        if not was_busy:
            self.busyChanged.emit(True)  # before submitting: a synchronous open ends inside
        target = Path(path) if isinstance(path, str) else path  # or an encrypted MediaSource
        self._worker.submit(OpenRequest(self._serial, target, frame_index_json))

    def cancel(self) -> None:
        self._serial += 1
        if self._pending is not None:
            self._pending = None
            self.busyChanged.emit(False)

    def shutdown(self) -> None:
        """Cancel, stop the thread and close any video it loaded meanwhile."""
        self.cancel()
        self._worker.shutdown()
        self._inbox.drain()  # stale now: each is closed, none adopted
        self._inbox.close()

    def _handle(self, request: OpenRequest, _staleness: Staleness) -> None:
        """Opener thread."""
        outcome: OpenOutcome
        try:
            if request.frame_index_json is None:
                outcome = self._load(request.path)
            else:
                outcome = self._load(request.path, request.frame_index_json)
        except Exception as error:  # handed to `done`, which tells the user
            outcome = error
        self._inbox.post((request.serial, outcome))

    def _deliver(self, item: tuple[int, OpenOutcome]) -> None:
        serial, outcome = item
        if serial != self._serial or self._pending is None:
            if not isinstance(outcome, Exception):
                outcome[0].__exit__(None, None, None)
            return
        done, self._pending = self._pending, None
        self.busyChanged.emit(False)
        done(outcome)
