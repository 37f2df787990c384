"""Private files: owner-only permissions, streaming hashes, durable renames."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_CHUNK_BYTES = 1 << 20
_POSIX = sys.platform != "win32"


def make_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if _POSIX:
        path.chmod(PRIVATE_DIR_MODE)


def make_private_file(path: Path) -> None:
    if _POSIX and path.exists():
        path.chmod(PRIVATE_FILE_MODE)


def create_private_file(path: Path) -> None:
    """Create an empty file readable only by its owner (before SQLite or a copy fills it)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE)
    os.close(fd)
    make_private_file(path)


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashing(
    source: Path,
    target: Path,
    *,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> str:
    """Copy `source` to a new private file `target` while hashing it; fsync before returning.

    Raises `InterruptedError` when `is_cancelled()` turns true; the caller removes `target`.
    """
    digest = hashlib.sha256()
    total = max(source.stat().st_size, 1)
    done = 0
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    with source.open("rb") as reader, os.fdopen(fd, "wb") as writer:
        while chunk := reader.read(_CHUNK_BYTES):
            if is_cancelled is not None and is_cancelled():
                raise InterruptedError(f"Import of {source.name} was cancelled.")
            digest.update(chunk)
            writer.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(min(done / total, 1.0))
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


def fsync_file(path: Path) -> None:
    """Make a written file's bytes durable before it is renamed into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename inside `path` durable (POSIX; a no-op elsewhere)."""
    if not _POSIX:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> None:
    path.unlink(missing_ok=True)


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` to write to; when the block ends without an error the
    file is fsynced and renamed onto `target`, otherwise it is removed. A reader never sees a
    half-written file, and a failure leaves nothing behind."""
    target = Path(target)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"The folder {target.parent} does not exist.")
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        yield temp
        fsync_file(temp)
        os.replace(temp, target)
        fsync_dir(target.parent)
    except BaseException:
        remove_quietly(temp)
        raise


def atomic_write_bytes(target: Path, data: bytes) -> None:
    with atomic_output(target) as temp:
        temp.write_bytes(data)


def atomic_write_text(target: Path, text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))


def safe_file_stem(name: str, *, fallback: str = "attune") -> str:
    """A file name stem from free text: letters, digits, '-' and '_' only, at most 60."""
    kept = "".join(c if c.isalnum() or c in "-_" else "-" for c in name.strip())
    stem = "-".join(part for part in kept.split("-") if part)[:60]
    return stem or fallback
