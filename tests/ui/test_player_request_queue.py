"""The newest-request-wins queue and worker, headless (no Qt)."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attune_app.media.request_queue import (
    LatestRequestQueue,
    QueueClosed,
    RequestWorker,
    Staleness,
)


@given(st.lists(st.integers(), min_size=1, max_size=50))
def test_only_the_newest_pending_request_is_taken(requests: list[int]) -> None:
    queue: LatestRequestQueue[int] = LatestRequestQueue()
    for request in requests:
        queue.submit(request)
    assert queue.take(0) == requests[-1]
    assert queue.dropped == len(requests) - 1
    assert queue.take(0) is None


def test_take_raises_once_closed() -> None:
    queue: LatestRequestQueue[int] = LatestRequestQueue()
    queue.submit(1)
    queue.close()
    with pytest.raises(QueueClosed):
        queue.take(0)


def test_worker_drops_stale_requests_while_busy() -> None:
    started, release = threading.Event(), threading.Event()
    handled: list[int] = []

    def handle(request: int, staleness: Staleness) -> None:
        if request == 0:
            started.set()
            release.wait(5)
        handled.append(request)

    worker: RequestWorker[int] = RequestWorker(handle)
    try:
        worker.submit(0)
        assert started.wait(5)
        for request in range(1, 20):  # a scrub while frame 0 is still decoding
            worker.submit(request)
        release.set()
        worker.submit(20)
        deadline = threading.Event()
        for _ in range(500):
            if handled and handled[-1] == 20:
                break
            deadline.wait(0.01)
    finally:
        worker.shutdown()
    assert handled[0] == 0 and handled[-1] == 20
    assert len(handled) <= 3  # 0, perhaps 19, then 20: never the stale middle of the scrub
    assert worker.queue.dropped >= 18
    assert not worker.running


def test_long_handler_sees_it_is_stale() -> None:
    seen: list[bool] = []

    def handle(request: int, staleness: Staleness) -> None:
        if request == 1:
            worker.queue.submit(2)  # a newer request arrives mid-way
            seen.append(staleness.is_stale())

    worker: RequestWorker[int] = RequestWorker(handle, synchronous=True)
    worker.submit(1)
    assert seen == [True]
    worker.shutdown()


def test_synchronous_worker_runs_on_the_callers_thread() -> None:
    threads: list[threading.Thread] = []
    worker: RequestWorker[int] = RequestWorker(
        lambda request, staleness: threads.append(threading.current_thread()), synchronous=True
    )
    worker.submit(1)
    worker.shutdown()
    assert threads == [threading.current_thread()]


def test_errors_are_reported_and_the_worker_survives() -> None:
    errors: list[BaseException] = []
    done = threading.Event()

    def handle(request: int, staleness: Staleness) -> None:
        if request == 1:
            raise ValueError("bad frame")
        done.set()

    worker: RequestWorker[int] = RequestWorker(handle, on_error=errors.append)
    try:
        worker.submit(1)
        for _ in range(500):
            if errors:
                break
            done.wait(0.01)
        worker.submit(2)
        assert done.wait(5)
    finally:
        worker.shutdown()
    assert [str(e) for e in errors] == ["bad frame"]


class _RacedQueue(LatestRequestQueue[int]):
    """As if another thread took the pending request between a synchronous submit and take."""

    def take(self, timeout_s: float | None = None) -> int | None:
        super().take(timeout_s)
        return None


def test_a_synchronous_worker_handles_exactly_the_request_it_was_given() -> None:
    handled: list[int | None] = []
    worker: RequestWorker[int] = RequestWorker(
        lambda request, _staleness: handled.append(request), synchronous=True
    )
    worker.queue = _RacedQueue()
    worker.submit(7)
    assert handled == [7]


def test_a_synchronous_worker_closed_meanwhile_does_not_raise() -> None:
    class ClosedMeanwhile(LatestRequestQueue[int]):
        def take(self, timeout_s: float | None = None) -> int | None:
            self.close()
            return super().take(timeout_s)

    handled: list[int] = []
    worker: RequestWorker[int] = RequestWorker(
        lambda request, _staleness: handled.append(request), synchronous=True
    )
    worker.queue = ClosedMeanwhile()
    worker.submit(7)
    assert handled == []
