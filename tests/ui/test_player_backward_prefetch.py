"""The player's frame worker prefetches before backward steps on a thread of its own."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
from player_fakes import FakeVideo

from ui.player.frame_worker import FrameRequest, FrameWorker


class PrefetchingVideo(FakeVideo):
    def __init__(self) -> None:
        super().__init__(frame_count=400)
        self.prefetched: list[int] = []
        self.cancels = 0
        self.release = threading.Event()

    def read(self, i: int) -> np.ndarray[Any, Any]:
        return super().read(i)

    def thumbnail(self, i: int, max_width: int) -> np.ndarray[Any, Any]:
        return super().thumbnail(i, max_width)

    def prefetch_before(self, i: int) -> int:
        self.prefetched.append(i)
        self.release.wait(5)  # a chunk takes a while
        return 1

    def cancel_prefetch(self, wait: bool = False) -> None:
        self.cancels += 1
        self.release.set()


def _step(worker: FrameWorker, token: int, frame: int) -> None:
    worker.submit(FrameRequest(token, frame))
    _wait_until(lambda: worker._worker.handled == token)  # one at a time, none dropped


def _wait_until(condition: Any) -> None:
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.005)


def test_backward_steps_start_one_prefetch_and_a_jump_cancels_it(qtbot: Any) -> None:
    video = PrefetchingVideo()
    worker = FrameWorker(video)
    try:
        _step(worker, 1, 300)  # a jump from nowhere: cancels nothing that runs
        video.cancels = 0
        video.release.clear()
        _step(worker, 2, 299)  # a backward step: the prefetch starts
        _wait_until(lambda: video.prefetched == [299])
        _step(worker, 3, 298)  # served by the running chunk: no cancel
        _step(worker, 4, 297)
        assert video.cancels == 0
        assert video.prefetched == [299]  # one at a time: the newest waits for the first
        _step(worker, 5, 40)  # a jump elsewhere
        assert video.cancels == 1
    finally:
        worker.shutdown()
    assert video.prefetched == [299]  # the pending step's prefetch was dropped by the jump
    assert not any(t.name == "attune-backward-prefetch" for t in threading.enumerate())


def test_shutdown_stops_a_running_prefetch(qtbot: Any) -> None:
    video = PrefetchingVideo()
    worker = FrameWorker(video)
    _step(worker, 1, 100)
    _step(worker, 2, 99)
    _wait_until(lambda: video.prefetched == [99])
    worker.shutdown()
    assert video.cancels >= 1
    assert not any(t.name == "attune-backward-prefetch" for t in threading.enumerate())
