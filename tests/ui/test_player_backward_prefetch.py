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
        self.finished: list[int] = []
        self.cancels = 0
        self.release = threading.Event()

    def read(self, i: int) -> np.ndarray[Any, Any]:
        return super().read(i)

    def thumbnail(self, i: int, max_width: int) -> np.ndarray[Any, Any]:
        return super().thumbnail(i, max_width)

    def prefetch_before(self, i: int) -> int:
        self.prefetched.append(i)
        self.release.wait()  # a chunk runs until the test releases it or it is cancelled
        self.finished.append(i)
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
        _wait_until(lambda: video.prefetched == [300])  # the landing, once idle
        video.release.set()
        _wait_until(lambda: video.finished == [300])
        video.prefetched.clear()
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
    # The pending steps' prefetches were dropped by the jump (which then rests at 40).
    assert video.prefetched[0] == 299 and set(video.prefetched) <= {299, 40}
    assert not any(t.name == "attune-backward-prefetch" for t in threading.enumerate())


def test_shutdown_stops_a_running_prefetch(qtbot: Any) -> None:
    video = PrefetchingVideo()
    worker = FrameWorker(video)
    _step(worker, 1, 100)  # a jump: it cancels (and so releases) whatever ran before
    # Wait for the landing's prefetch before stepping back: a newer one would replace it.
    _wait_until(lambda: video.finished == [100])
    video.release.clear()
    video.cancels = 0
    _step(worker, 2, 99)
    _wait_until(lambda: video.prefetched == [100, 99])  # the step's chunk is running
    assert video.finished == [100]
    worker.shutdown()
    assert video.cancels == 1  # shutdown stopped it: it did not run to its end
    assert video.finished == [100, 99]
    assert not any(t.name == "attune-backward-prefetch" for t in threading.enumerate())


def test_a_jump_then_a_rest_prefetches_the_frames_before_the_landing(qtbot: Any) -> None:
    video = PrefetchingVideo()
    video.release.set()  # chunks finish at once
    worker = FrameWorker(video)
    try:
        _step(worker, 1, 300)
        _wait_until(lambda: video.prefetched == [300])
        _step(worker, 2, 299)  # the first step back then finds its frame cached
        _step(worker, 3, 120)  # another jump: its own landing
        _wait_until(lambda: video.prefetched[-1] == 120)
    finally:
        worker.shutdown()


def test_a_pause_prefetches_before_the_frame_it_stopped_on(qtbot: Any) -> None:
    video = PrefetchingVideo()
    video.release.set()
    worker = FrameWorker(video)
    try:
        worker.submit(FrameRequest(1, 200, kind="play", count=4))
        _wait_until(lambda: video.reads[-1:] == [203])  # playback read ahead of the picture
        worker.submit(FrameRequest(2, 201, kind="rest"))  # paused with 201 on screen
        _wait_until(lambda: video.prefetched == [201])
        assert video.reads[-1] == 203  # a rest reads nothing
        video.cancels = 0
        worker.submit(FrameRequest(3, 200))  # a step back from the paused frame, not a jump
        _wait_until(lambda: video.reads[-1] == 200)
        assert video.cancels == 0
    finally:
        worker.shutdown()


def test_scrubbing_holding_a_key_or_playing_never_prefetches(qtbot: Any) -> None:
    video = PrefetchingVideo()
    video.release.set()
    worker = FrameWorker(video)
    try:
        for token, frame in enumerate(range(300, 100, -20), start=1):  # a drag, every 30 ms
            worker.submit(FrameRequest(token, frame, kind="preview"))
            time.sleep(0.03)
        for token, frame in enumerate(range(100, 110), start=20):  # Right held at 30 Hz
            worker.submit(FrameRequest(token, frame))
            time.sleep(0.033)
        for token, frame in enumerate(range(110, 150, 4), start=40):  # playback chunks
            worker.submit(FrameRequest(token, frame, kind="play", count=4))
            time.sleep(0.03)
        worker.submit(FrameRequest(60, 10))  # a jump, left at once for another
        worker.submit(FrameRequest(61, 20, kind="preview"))
        time.sleep(0.05)
        worker.submit(FrameRequest(62, 30, kind="preview"))
        time.sleep(0.05)
        assert video.prefetched == []
    finally:
        worker.shutdown()


def test_stepping_forward_from_a_landing_stops_its_prefetch(qtbot: Any) -> None:
    video = PrefetchingVideo()  # the chunk runs until cancelled
    worker = FrameWorker(video)
    try:
        _step(worker, 1, 300)
        _wait_until(lambda: video.prefetched == [300])
        video.cancels = 0
        _step(worker, 2, 301)
        assert video.cancels == 1  # the forward decode does not share the CPU with it
    finally:
        worker.shutdown()
