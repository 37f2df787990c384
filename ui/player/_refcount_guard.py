"""Work around PySide6 6.12.0's reference leak on Python 3.11, which crashes the app.

On Python 3.11 every call of a void Qt method (setText, update, processEvents...) drops one
reference to None, and every signal emit one to True/False, without taking it first. After a
few thousand calls Python frees None and aborts ("none_dealloc: deallocating None"). Python
3.12+ makes these objects immortal, so the bug is invisible there. Until the project pins a
PySide6 without the bug or moves to Python 3.12, give the three singletons a reference count so
large it can never reach zero, which is what 3.12's immortality does.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # 10^12 stolen references before trouble: years of calls


def apply() -> bool:
    """Idempotent. Returns True when the guard was needed and applied."""
    if sys.version_info >= (3, 12) or getattr(sys, "_attune_refcount_guard", False):
        return False
    import PySide6

    if not PySide6.__version__.startswith("6.12."):
        return False
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object on CPython 3.11.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    sys._attune_refcount_guard = True  # type: ignore[attr-defined]
    return True
