"""A byte-bounded LRU cache of decoded frames (numpy arrays)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager

import numpy as np
from numpy.typing import NDArray


class FrameCache:
    """Least-recently-used frames, bounded by their total size in bytes. Thread-safe.

    Frames are stored read-only, because the same array is handed to every caller.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(int(max_bytes), 0)
        self._frames: OrderedDict[Hashable, NDArray[np.uint8]] = OrderedDict()
        self._bytes = 0
        self._reserved = 0
        self._lock = threading.Lock()

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._frames)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._frames

    def get(self, key: Hashable) -> NDArray[np.uint8] | None:
        with self._lock:
            frame = self._frames.get(key)
            if frame is not None:
                self._frames.move_to_end(key)
            return frame

    def first_of(self, keys: Iterable[Hashable]) -> tuple[Hashable, NDArray[np.uint8]] | None:
        """The first of `keys` that is cached, with its frame (one lock for the whole search)."""
        with self._lock:
            for key in keys:
                frame = self._frames.get(key)
                if frame is not None:
                    self._frames.move_to_end(key)
                    return key, frame
        return None

    def touch(self, keys: Iterable[Hashable]) -> None:
        """Mark these keys (those cached) as just used, in order: the last is evicted last."""
        with self._lock:
            for key in keys:
                if key in self._frames:
                    self._frames.move_to_end(key)

    @contextmanager
    def reserved(self, nbytes: int) -> Iterator[None]:
        """Lower the bound by `nbytes` for a while (memory that a decoder needs meanwhile)."""
        self.reserve(nbytes)
        try:
            yield
        finally:
            self.release(nbytes)

    @property
    def reserved_bytes(self) -> int:
        return self._reserved

    def reserve(self, nbytes: int) -> None:
        """Lower the bound by `nbytes` (evicting at once) until `release(nbytes)`."""
        with self._lock:
            self._reserved += nbytes
            self._evict()

    def release(self, nbytes: int) -> None:
        with self._lock:
            self._reserved = max(self._reserved - nbytes, 0)

    def put(self, key: Hashable, frame: NDArray[np.uint8]) -> None:
        """Cache `frame` under `key`, taking ownership of it: `frame` is made read-only.

        Deliberately no copy (a 1080p frame is 6 MB; copying every decoded frame would cost
        memory bandwidth during playback), so the caller must be done writing to it; callers
        who need to draw on a frame copy it. It is made read-only even when it is too big to
        keep, so what a reader returns behaves the same whatever the cache size.
        """
        frame.flags.writeable = False
        if frame.nbytes > self.max_bytes:
            return
        with self._lock:
            old = self._frames.pop(key, None)
            if old is not None:
                self._bytes -= old.nbytes
            self._frames[key] = frame
            self._bytes += frame.nbytes
            self._evict()

    def _evict(self) -> None:
        while self._frames and self._bytes > self.max_bytes - self._reserved:
            _, evicted = self._frames.popitem(last=False)
            self._bytes -= evicted.nbytes

    def clear(self) -> None:
        with self._lock:
            self._frames.clear()
            self._bytes = 0
