"""Decodes frames on a worker thread and hands RGB arrays back to the GUI thread.

The media engine's `Video` is thread-safe (its reads share one decoder behind a lock), so the
worker reads from the controller's opened video. It runs one request at a time through the
newest-request-wins queue, so scrubbing never queues stale decodes. Results reach the GUI
thread through a `ResultInbox` (a worker thread never calls Qt), which re-emits them as
`frameReady`; only the GUI thread turns them into images.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from PySide6.QtCore import QObject, Signal

from attune_app.media.request_queue import RequestWorker, Staleness
from ui.player.result_inbox import ResultInbox

# "rest": the player stopped on `frame` (a pause) and needs no picture: only the idle prefetch.
RequestKind = Literal["exact", "preview", "play", "rest"]
_PREVIEW_WIDTH = 480  # px: enough to recognise a moment while dragging; smaller is not much cheaper
_NEAR_FRAMES = 15  # a target this far ahead of the last preview decodes forward, no keyframe
_REST_S = 0.06  # the pointer has rested this long: decode the full frame
# A far jump shows the keyframe at once; the exact picture (a decode from that keyframe, up to
# a few hundred ms at 1080p, which cannot be interrupted) waits until the pointer slows down,
# so a fast drag never queues behind it.
_SETTLE_S = 0.03
_BACKWARD_WINDOW = 4  # a request this close behind the last read is a backward step
_NO_PREFETCH = -1  # replaces a pending prefetch request when the user leaves the backward run
# After a jump or a pause, once no request has come for this long (so never while scrubbing,
# playing or holding a key), the frames before the landing are prefetched: the first step back
# is then a cache hit instead of a decode from the keyframe while key repeats pile up.
_IDLE_PREFETCH_S = 0.15


@dataclass(frozen=True)
class FrameRequest:
    """One decode job: `count` frames from `frame`, `step` apart. Immutable, so safe to share."""

    token: int  # which controller request this answers; older tokens are ignored
    frame: int
    kind: RequestKind = "exact"
    count: int = 1
    step: int = 1


@dataclass(frozen=True)
class FrameResult:
    token: int
    frame: int
    rgb: np.ndarray[Any, Any]
    exact: bool  # False for a quick keyframe stand-in while scrubbing
    last: bool  # the final frame of its request


class FrameWorker(QObject):
    """Qt face of a `RequestWorker`. `submit` may be called from the GUI thread only."""

    frameReady = Signal(object)  # FrameResult, delivered on the GUI thread
    failed = Signal(str)

    def __init__(
        self,
        reader: Any,
        *,
        keyframes: list[int] | None = None,
        synchronous: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._reader = reader
        self._keyframes = np.asarray(sorted(keyframes or [0]), dtype=np.int64)
        self._last_read = -(10**9)
        self._idle_prefetching = False  # the running prefetch was started by a landing
        self._last_preview = -(10**9)
        self._warm = False
        self._inbox = ResultInbox(self._deliver, synchronous=synchronous, parent=self)
        self._worker: RequestWorker[FrameRequest] = RequestWorker(
            self._handle,
            name="attune-frame-worker",
            synchronous=synchronous,
            on_error=lambda error: self._inbox.post(str(error)),
        )
        # Backward steps: the engine decodes the frames before them on a thread of its own
        # here, one chunk at a time, so the next steps are cache hits. Errors are not shown:
        # the reader reports them when the user gets there.
        self._prefetcher: RequestWorker[int] | None = None
        if callable(getattr(reader, "prefetch_before", None)):
            self._prefetcher = RequestWorker(
                self._prefetch_before,
                name="attune-backward-prefetch",
                synchronous=synchronous,
                on_error=lambda _error: None,
            )

    @property
    def dropped(self) -> int:
        return self._worker.queue.dropped

    def submit(self, request: FrameRequest) -> None:
        self._worker.submit(request)

    def shutdown(self) -> None:
        self._worker.shutdown()
        if self._prefetcher is not None:
            self._reader.cancel_prefetch()
            self._prefetcher.shutdown()
        self._inbox.close()

    def _deliver(self, item: FrameResult | str) -> None:
        if isinstance(item, str):
            self.failed.emit(item)
        else:
            self.frameReady.emit(item)

    # --- worker thread -------------------------------------------------------------------

    def _read(self, frame: int) -> np.ndarray[Any, Any]:
        rgb: np.ndarray[Any, Any] = self._reader.read(frame)
        self._last_read = frame
        return rgb

    def _handle(self, request: FrameRequest, staleness: Staleness) -> None:
        previous = self._last_read
        stepping_back = (
            request.kind == "exact"
            and request.count == 1
            and 0 < previous - request.frame <= _BACKWARD_WINDOW
        )
        near = request.kind == "exact" and abs(request.frame - previous) <= _BACKWARD_WINDOW
        forward_step = near and request.frame > previous
        if not (stepping_back or near) or (forward_step and self._idle_prefetching):
            # A jump, playback or a scrub ends the backward run; stepping forward from a
            # landing shows the user is not going back, so its decoder gets the CPU.
            self._stop_prefetch()
        self._serve(request, staleness)
        if stepping_back and self._prefetcher is not None:
            # Not tied to this request's staleness: the next step, which the running chunk
            # serves too, must not cancel it (the engine itself stops it for a jump).
            self._idle_prefetching = False
            self._prefetcher.submit(request.frame)
        elif request.kind == "rest" or (request.kind == "exact" and not near):
            self._prefetch_when_idle(request.frame, staleness)

    def _prefetch_when_idle(self, frame: int, staleness: Staleness) -> None:
        """After a landing: prefetch before `frame` unless a request comes within the delay.
        Never in synchronous mode, where the wait would block the GUI thread."""
        if self._prefetcher is None or self._prefetcher.synchronous or frame < 0:
            return
        if not staleness.sleep(_IDLE_PREFETCH_S):
            self._idle_prefetching = True
            self._prefetcher.submit(frame)

    def _stop_prefetch(self) -> None:
        self._idle_prefetching = False
        if self._prefetcher is not None and not self._prefetcher.synchronous:
            self._prefetcher.submit(_NO_PREFETCH)  # drop a pending one
            self._reader.cancel_prefetch()

    def _prefetch_before(self, frame: int, _staleness: Staleness) -> None:
        """Prefetch thread."""
        if frame != _NO_PREFETCH:
            self._reader.prefetch_before(frame)

    def _serve(self, request: FrameRequest, staleness: Staleness) -> None:
        if request.kind == "rest":
            # Playback read ahead of the picture: steps are judged from where it stopped.
            self._last_read = request.frame
            return
        if request.kind == "preview":
            self._preview(request, staleness)
            return
        for j in range(request.count):
            frame = request.frame + j * request.step
            if frame < 0 or (j > 0 and staleness.is_stale()):
                break
            last = j == request.count - 1
            self._inbox.post(FrameResult(request.token, frame, self._read(frame), True, last))
        if not self._warm and not staleness.is_stale():
            # Open the engine's thumbnail decoder now, while idle, so the first scrub does
            # not pay for it.
            self._warm = True
            self._reader.thumbnail(request.frame, _PREVIEW_WIDTH)

    def _preview(self, request: FrameRequest, staleness: Staleness) -> None:
        """While scrubbing: a low-res picture at once (the engine's thumbnail decoder, so the
        main decoder keeps its place), the nearest keyframe first when the target is far
        from where that decoder stands; the full frame only once the pointer rests."""
        target = request.frame
        near = self._last_preview <= target <= self._last_preview + _NEAR_FRAMES
        keyframe = self._keyframe_at_or_before(target)
        if keyframe != target and not near:
            rgb = self._reader.thumbnail(keyframe, _PREVIEW_WIDTH)
            self._inbox.post(FrameResult(request.token, keyframe, rgb, False, False))
            if staleness.sleep(_SETTLE_S):  # still dragging: the keyframe stands in
                return
        rgb = self._exact_thumbnail(target)
        self._last_preview = target
        self._inbox.post(FrameResult(request.token, target, rgb, False, False))
        if staleness.sleep(_REST_S):  # the pointer moved on: skip the full decode
            return
        self._inbox.post(FrameResult(request.token, target, self._read(target), True, True))

    def _exact_thumbnail(self, frame: int) -> np.ndarray[Any, Any]:
        # Newer engines make `thumbnail` fast by default (it may show an earlier frame of
        # the GOP); ask for the exact frame where the engine has that choice.
        preview = getattr(self._reader, "preview", None)
        if preview is not None:
            rgb: np.ndarray[Any, Any] = preview(frame, _PREVIEW_WIDTH, exact=True).rgb
            return rgb
        rgb = self._reader.thumbnail(frame, _PREVIEW_WIDTH)
        return rgb

    def _keyframe_at_or_before(self, frame: int) -> int:
        i = int(np.searchsorted(self._keyframes, frame, side="right")) - 1
        return int(self._keyframes[max(i, 0)])
