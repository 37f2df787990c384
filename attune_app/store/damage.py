"""A damaged library file: recognise it, say so plainly, and put a good backup in its place.

The checks use plain `sqlite3`, never sqlite-utils, so that a mangled header or schema cannot
raise anything but a diagnosis. The damaged file is never deleted: restoring moves it aside.
An encrypted library is diagnosed with its key by `cipher_damage`; the functions here take
the unlocked `DataKey` (None for a plain library) and hand over to it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from attune_app.store import cipher_damage
from attune_app.store.backup import BackupInfo, list_backups
from attune_app.store.errors import LibraryError
from attune_app.store.files import fsync_dir, fsync_file, make_private_file, remove_quietly
from attune_app.store.keys import DataKey

SQLITE_HEADER = b"SQLite format 3\x00"
_REQUIRED_TABLES = frozenset(("audit_log", "tags", "clips"))


class DamagedLibraryError(LibraryError):
    """The library's database file cannot be used; `backups` are the good ones, newest first.

    `data_key` is the unlocked key of an encrypted library (None for a plain one), so that a
    restore and the open after it need not ask for the passphrase again; it is never shown."""

    def __init__(
        self,
        folder: Path,
        reason: str,
        backups: list[BackupInfo],
        data_key: DataKey | None = None,
    ) -> None:
        self.folder = folder
        self.reason = reason
        self.backups = backups
        self.data_key = data_key
        db_path = folder / "library.sqlite"
        if backups:
            newest = backups[0].taken_at.astimezone().strftime("%d %B %Y at %H:%M")
            advice = (
                f"The newest good backup is from {newest}. Restore it with `attune library "
                f"restore {backups[0].path.name} --library {folder}` (the damaged file is "
                "kept beside it)."
            )
        else:
            advice = (
                "There is no good backup in its backups folder. Keep the folder as it is and ask "
                "your IT support to recover the file; do not delete it."
            )
        super().__init__(f"The library file {db_path} is damaged: {reason}. {advice}")


def diagnose(folder: Path, data_key: DataKey | None = None) -> str | None:
    """Why the database in `folder` cannot be used, or None when it passes SQLite's check
    (and, encrypted, SQLCipher's check of every page under `data_key`)."""
    if data_key is not None:
        return cipher_damage.diagnose(folder, data_key.database_key)
    return first_bytes_problem(folder) or _sqlite_problem(folder / "library.sqlite")


def first_bytes_problem(folder: Path) -> str | None:
    """The cheap part of `diagnose`, run at every open: an empty or foreign file."""
    db_path = folder / "library.sqlite"
    try:
        size = db_path.stat().st_size
        if size == 0:
            return _empty_reason(folder)
        with open(db_path, "rb") as f:
            head = f.read(100)
    except OSError as error:
        return f"it cannot be read ({error.strerror or error})"
    if head[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        return "it is not an SQLite database (another program may have written over it)"
    return _header_problem(head)


def _header_problem(head: bytes) -> str | None:
    """The fields of SQLite's 100-byte header that make a file unreadable or read-only."""
    if len(head) < 100:
        return "it is cut off inside its header"
    page_size = int.from_bytes(head[16:18], "big")
    if not (page_size == 1 or (512 <= page_size <= 32768 and page_size & (page_size - 1) == 0)):
        return "its header is damaged (page size)"
    if head[18] not in (1, 2) or head[19] not in (1, 2):
        return "its header is damaged (file format version)"
    if head[21:24] != b"\x40\x20\x20":  # payload fractions, fixed by the file format
        return "its header is damaged"
    return None


def _empty_reason(folder: Path) -> str | None:
    """An empty file is a creation that never finished, unless the library holds anything."""
    media = [p for p in (folder / "media").glob("*") if not p.name.startswith(".")]
    backups = list_backups(folder / "backups")
    if not media and not backups:
        return None
    return (
        f"it is empty (0 bytes) although the library holds {len(media)} media file(s) and "
        f"{len(backups)} backup(s)"
    )


def _sqlite_problem(db_path: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return f"SQLite cannot open it ({error})"
    try:
        conn.text_factory = bytes  # a damaged schema may hold text that is not UTF-8
        rows = conn.execute("PRAGMA quick_check").fetchall()
        results = [_text(r[0]) for r in rows]
        if results != ["ok"]:
            return "SQLite's check finds " + "; ".join(results[:3])
        tables = {_text(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version and not tables >= _REQUIRED_TABLES:
            return "it is missing Attune's tables"
    except (sqlite3.Error, UnicodeDecodeError, ValueError) as error:
        return f"SQLite cannot read it ({error})"
    finally:
        conn.close()
    return None


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def good_backups(folder: Path, data_key: DataKey | None = None) -> list[BackupInfo]:
    """The backups that pass SQLite's check and hold Attune's tables, newest first (those of
    an encrypted library only when they open with its key and pass SQLCipher's check)."""
    if data_key is not None:
        return cipher_damage.good_backups(folder, data_key.database_key)
    return [b for b in reversed(list_backups(folder / "backups")) if _backup_ok(b.path)]


def _backup_ok(path: Path, data_key: DataKey | None = None) -> bool:
    if data_key is not None:
        return cipher_damage.backup_ok(path, data_key.database_key)
    try:
        with open(path, "rb") as f:
            if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
    except OSError:
        return False
    problem = _sqlite_problem(path)
    return problem is None


def damaged_error(
    folder: Path, reason: str, data_key: DataKey | None = None
) -> DamagedLibraryError:
    return DamagedLibraryError(folder, reason, good_backups(folder, data_key), data_key)


def restore_damaged(
    folder: Path, backup: BackupInfo | Path, data_key: DataKey | None = None
) -> Path:
    """Put a good backup in place of the damaged database; returns where the damaged file was
    moved (kept, never deleted). Call only while no connection to the library is open. An
    encrypted library's backup must open with `data_key` (then so does the restored file)."""
    source = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    if not _backup_ok(source, data_key):
        raise LibraryError(f"The backup {source} is damaged too; choose another.")
    db_path = folder / "library.sqlite"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = folder / f"library.sqlite.damaged-{stamp}"
    temp = folder / ".library.sqlite.restoring"
    remove_quietly(temp)
    shutil.copyfile(source, temp)
    make_private_file(temp)
    fsync_file(temp)
    if db_path.exists():
        os.replace(db_path, kept)
    for suffix in ("-wal", "-shm"):  # a stale log must not be replayed onto the backup
        side = folder / f"library.sqlite{suffix}"
        if side.exists():
            os.replace(side, folder / f"{kept.name}{suffix}")
    os.replace(temp, db_path)
    fsync_dir(folder)
    return kept
