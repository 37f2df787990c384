"""The player's line to its decode worker: requests by value, answers to the newest only.

Every request carries a token; `renew` makes every answer to an older request stale (the user
moved on), so the player never shows a frame it no longer wants. One `FrameWorker` per open
video; the token keeps counting across videos. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ui.player.frame_worker import FrameRequest, FrameResult, FrameWorker, RequestKind


class FrameChannel(QObject):
    """Sends `FrameRequest`s to the open video's worker; hands on fresh answers only."""

    def __init__(
        self,
        on_frame: Callable[[FrameResult], None],
        on_failure: Callable[[str], None],
        *,
        synchronous: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_frame = on_frame
        self._on_failure = on_failure
        self._synchronous = synchronous
        self._worker: FrameWorker | None = None
        self._token = 0

    @property
    def dropped(self) -> int:
        """Requests the worker dropped unanswered because a newer one overtook them."""
        return self._worker.dropped if self._worker else 0

    def attach(self, video: Any, keyframes: list[int]) -> None:
        """Decode from `video` from now on (a worker of its own)."""
        self._worker = FrameWorker(
            video, keyframes=keyframes, synchronous=self._synchronous, parent=self
        )
        self._worker.frameReady.connect(self._on_frame_ready)
        self._worker.failed.connect(self._on_failure)

    def detach(self) -> None:
        """Stop the worker (its video is about to close); requests are ignored until attach."""
        if self._worker is not None:
            self._worker.shutdown()
            self._worker.deleteLater()
            self._worker = None

    def renew(self) -> int:
        """A new request starts: answers to earlier ones are stale from now on."""
        self._token += 1
        return self._token

    def ask(self, frame: int, kind: RequestKind = "exact") -> None:
        """One frame, under a new token."""
        self._submit(FrameRequest(self.renew(), frame, kind=kind))

    def read_ahead(self, start: int, count: int, step: int) -> None:
        """`count` frames for playback, `step` apart (signed), under the current token."""
        self._submit(FrameRequest(self._token, start, kind="play", count=count, step=step))

    def _submit(self, request: FrameRequest) -> None:
        if self._worker is not None:
            self._worker.submit(request)

    def _on_frame_ready(self, result: FrameResult) -> None:
        if result.token == self._token:  # else: the user has already moved past it
            self._on_frame(result)
