"""One writer per library: an OS lock on `library.lock` plus a note of who holds it.

The OS releases the lock when its process dies, so a lock left by a crashed Attune is
detected (the note is still there but the lock is free) and taken over.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from attune_app.store.errors import LibraryBusyError
from attune_app.store.files import PRIVATE_FILE_MODE, remove_quietly

LOCK_NAME = "library.lock"
HOLDER_NAME = "library.lock.json"


class LibraryLock:
    def __init__(self, folder: Path) -> None:
        self.lock_path = folder / LOCK_NAME
        self.holder_path = folder / HOLDER_NAME
        self._fd: int | None = None
        self.stale_holder: dict[str, Any] | None = None

    def acquire(self) -> None:
        """Take the lock or raise `LibraryBusyError` naming the holder."""
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        if not _try_lock(fd):
            os.close(fd)
            holder = self.read_holder()
            raise LibraryBusyError(_busy_message(self.lock_path.parent, holder), holder=holder)
        self._fd = fd
        previous = self.read_holder()
        self.stale_holder = previous or None  # a note left behind means its process crashed
        _write_json(self.holder_path, _this_process())

    def release(self) -> None:
        if self._fd is None:
            return
        remove_quietly(self.holder_path)
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def read_holder(self) -> dict[str, Any]:
        try:
            value = json.loads(self.holder_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}


def _busy_message(folder: Path, holder: dict[str, Any]) -> str:
    who = f"{holder.get('user', 'someone')} on {holder.get('host', 'this computer')}"
    pid = holder.get("pid", "?")
    since = holder.get("since", "an unknown time")
    return (
        f"The library {folder} is already open in another Attune (held by {who}, process {pid}, "
        f"since {since}). Close it there first, or open this library read-only."
    )


def _this_process() -> dict[str, Any]:
    return {
        "pid": os.getpid(),
        "user": getpass.getuser(),
        "host": socket.gethostname(),
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _write_json(path: Path, value: dict[str, Any]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(value, out)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
