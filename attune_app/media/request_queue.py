"""Newest-request-wins scheduling for decode work, with no Qt.

A scrub produces many frame requests a second; decoding each one in turn would show frames the
user has already left behind. Here a request is an immutable value and the queue holds at most
one pending request: submitting a newer one drops the older one (napari's slicer does the same).
A handler that runs long (playback read-ahead) can ask `is_stale()` and stop early.

`RequestWorker` runs the handler on one daemon thread, or on the caller's thread when built
with `synchronous=True`, so tests can run the same code deterministically.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class QueueClosed(Exception):
    """Raised by `take` once the queue is closed and nothing is pending."""


class LatestRequestQueue(Generic[T]):
    """Holds at most one pending request; a newer one replaces (drops) the older."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._pending: T | None = None
        self._has_pending = False
        self._closed = False
        self._generation = 0
        self.dropped = 0  # requests replaced before anyone took them
        self.submitted = 0

    def submit(self, request: T) -> None:
        with self._cond:
            if self._closed:
                return
            if self._has_pending:
                self.dropped += 1
            self._pending, self._has_pending = request, True
            self._generation += 1
            self.submitted += 1
            self._cond.notify_all()

    def take(self, timeout_s: float | None = None) -> T | None:
        """The newest pending request; None on timeout. Raises QueueClosed when closed."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._has_pending or self._closed, timeout_s):
                return None
            if not self._has_pending:
                raise QueueClosed
            request = self._pending
            self._pending, self._has_pending = None, False
            return request

    def has_pending(self) -> bool:
        with self._cond:
            return self._has_pending or self._closed

    @property
    def generation(self) -> int:
        """Counts submissions: work started at generation g is stale once this moves on."""
        with self._cond:
            return self._generation

    def wait_for_newer(self, generation: int, timeout_s: float) -> bool:
        """Sleep up to `timeout_s` unless a request newer than `generation` arrives."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._generation != generation or self._closed, timeout_s
            )

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._pending, self._has_pending = None, False
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        with self._cond:
            return self._closed


class _Generations(Protocol):
    """What `Staleness` needs of a queue; any `LatestRequestQueue[T]` has it, whatever T is."""

    @property
    def generation(self) -> int: ...

    @property
    def closed(self) -> bool: ...

    def wait_for_newer(self, generation: int, timeout_s: float) -> bool: ...


class Staleness:
    """Given to a handler: tells it whether a newer request has arrived since it started."""

    def __init__(self, queue: _Generations, generation: int) -> None:
        self._queue = queue
        self._generation = generation

    def is_stale(self) -> bool:
        return self._queue.generation != self._generation or self._queue.closed

    def sleep(self, timeout_s: float) -> bool:
        """Wait up to `timeout_s`; returns True early (stale) when a newer request arrives."""
        return self._queue.wait_for_newer(self._generation, timeout_s)


Handler = Callable[[T, Staleness], None]


class RequestWorker(Generic[T]):
    """Runs `handler(request, staleness)` for the newest request, one at a time."""

    def __init__(
        self,
        handler: Handler[T],
        *,
        name: str = "request-worker",
        synchronous: bool = False,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._handler = handler
        self._on_error = on_error
        self.queue: LatestRequestQueue[T] = LatestRequestQueue()
        self.synchronous = synchronous
        self.handled = 0
        self._thread: threading.Thread | None = None
        if not synchronous:
            self._thread = threading.Thread(target=self._run, name=name, daemon=True)
            self._thread.start()

    def submit(self, request: T) -> None:
        if not self.synchronous:
            self.queue.submit(request)
            return
        if self.queue.closed:
            return
        # Synchronous: run this request at once on the caller's thread, still counted as a
        # generation so a handler's staleness checks behave as they would on the thread. What
        # `take` returns is not used: another thread may have taken or replaced it meanwhile.
        self.queue.submit(request)
        try:
            self.queue.take(0)
        except QueueClosed:
            return  # shut down from another thread meanwhile
        self._handle(request)

    def _run(self) -> None:
        while True:
            try:
                request = self.queue.take()
            except QueueClosed:
                return
            if request is not None:
                self._handle(request)

    def _handle(self, request: T) -> None:
        staleness = Staleness(self.queue, self.queue.generation)
        try:
            self._handler(request, staleness)
        except Exception as error:  # a failed decode must not kill the worker thread
            if self._on_error is None:
                raise
            self._on_error(error)
        self.handled += 1

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """Drop pending work and wait for the thread to finish its current request."""
        self.queue.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                raise RuntimeError(f"{self._thread.name} did not stop within {timeout_s} s")
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
