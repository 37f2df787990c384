"""Hands results from worker threads to the GUI thread without Qt calls off the GUI thread.

Workers stay Qt-free (they run the same code in headless tests) and sidestep PySide's history
of crashes when plain Python threads emit signals (PYSIDE-3124): they put results in a Python
queue and write one byte to a pipe; a QSocketNotifier on the GUI thread wakes on that byte at
once and drains the queue.
"""

from __future__ import annotations

import contextlib
import os
import queue
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier


class ResultInbox(QObject):
    """`post` from any thread; `deliver` runs on the GUI thread for each item, in order.
    With `synchronous=True`, `post` delivers at once on the caller's thread (tests)."""

    def __init__(
        self,
        deliver: Callable[[Any], None],
        *,
        synchronous: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._deliver = deliver
        self._synchronous = synchronous
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._read_fd, self._write_fd = os.pipe()
        os.set_blocking(self._read_fd, False)
        os.set_blocking(self._write_fd, False)
        self._notifier = QSocketNotifier(self._read_fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._closed = False

    def post(self, item: Any) -> None:
        """Thread-safe; never calls Qt."""
        if self._synchronous:
            self._deliver(item)
            return
        if self._closed:
            return
        self._queue.put(item)
        self._wake()

    def _wake(self) -> None:
        # A full pipe already holds wake-ups; the drain will find this item too.
        with contextlib.suppress(BlockingIOError, OSError):
            os.write(self._write_fd, b"!")

    def drain(self) -> None:
        """Deliver everything queued so far (GUI thread); also used by the playback tick."""
        self._drain()

    def _drain(self, *_args: object) -> None:
        if self._closed:
            return  # the pipe's descriptors may already belong to another file
        with contextlib.suppress(BlockingIOError, OSError):
            while os.read(self._read_fd, 4096):
                pass
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            try:
                self._deliver(item)
            except BaseException:
                # The error goes to the excepthook (a dialog); the items behind it must not
                # wait for the next post, which may never come (the last frame of a play).
                self._wake()
                raise

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._notifier.setEnabled(False)
        os.close(self._read_fd)
        os.close(self._write_fd)
