"""Give the memory of evicted frames back to the system (glibc's malloc)."""

from __future__ import annotations

import ctypes
import functools
import sys

_M_MMAP_THRESHOLD = -3  # from glibc's malloc.h
_THRESHOLD_BYTES = 2**20


@functools.cache
def return_freed_frames_to_the_system() -> bool:
    """Have glibc serve every block of 1 MiB or more (decoded frames) with its own mmap.

    Why: glibc raises its mmap threshold to the size of the largest block freed (up to
    32 MiB); frame-sized arrays then come from the heap, where the holes that evicted frames
    leave are kept by the process. With the frame cache full and a second decoder (the
    backward prefetch) at work, that grew the peak RSS about 250 MB past the cache bound at
    1080p. A fixed threshold turns the adjustment off. Process-wide, idempotent; a no-op
    (False) without glibc.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, _THRESHOLD_BYTES))
