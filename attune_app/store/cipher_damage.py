"""A damaged ENCRYPTED library file: the diagnosis of `damage`, made with the library's key.

Without the key an encrypted file is noise, so the plain checks of its header cannot apply.
Which key is right is settled before any of this runs: `keys.unlock` checks the passphrase
against the AES-GCM wrap of the data key in `library.key` (the GCM tag is the key check) and
never reads the database. So a wrong passphrase is refused before the database is touched, and
a database that then fails under the unlocked key is damaged or not this library's file; it is
never reported as a wrong passphrase.

SQLCipher's `PRAGMA cipher_integrity_check` verifies every page's HMAC and size without reading
the b-tree, and names the failing pages even when page 1 is unreadable (where SQLite itself only
says "file is not a database"); `PRAGMA quick_check` then checks the structure. Every check
opens the file read-only.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from attune_app.store.backup import BackupInfo, list_backups

PAGE_BYTES = 4096  # SQLCipher 4's page size; Attune never changes it
_SQLITE_HEADER = b"SQLite format 3\x00"  # as `damage.SQLITE_HEADER` (kept apart: no cycle)
_REQUIRED_TABLES = frozenset(("audit_log", "tags", "clips"))


def first_bytes_problem(folder: Path) -> str | None:
    """The cheap part of `diagnose`, run at every open: missing, empty, plain or cut off."""
    return _file_problem(folder / "library.sqlite")


def diagnose(folder: Path, key: bytes) -> str | None:
    """Why the encrypted database in `folder` cannot be used with `key` (the database key of
    the unlocked library), or None when it passes SQLCipher's and SQLite's checks."""
    db_path = folder / "library.sqlite"
    return _file_problem(db_path) or _cipher_problem(db_path, key)


def good_backups(folder: Path, key: bytes) -> list[BackupInfo]:
    """The backups that open with `key` and pass both checks, newest first."""
    return [b for b in reversed(list_backups(folder / "backups")) if backup_ok(b.path, key)]


def backup_ok(path: Path, key: bytes) -> bool:
    return backup_problem(path, key) is None


def backup_problem(path: Path, key: bytes) -> str | None:
    """Why the encrypted backup at `path` cannot be restored with `key`, or None."""
    return _file_problem(path) or _cipher_problem(path, key)


def _file_problem(path: Path) -> str | None:
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(len(_SQLITE_HEADER))
    except OSError as error:
        if error.errno == errno.ENOENT:
            return "it is missing (the folder holds this library's key file, so it had one)"
        return f"it cannot be read ({error.strerror or error})"
    if size == 0:
        return "it is empty (0 bytes), and an encrypted library's file never is"
    if head == _SQLITE_HEADER:
        return (
            "it is an unencrypted SQLite file, not this library's encrypted one (another "
            "program or a copy may have been put in its place)"
        )
    if size % PAGE_BYTES:
        return f"it is cut off ({size} bytes is not a whole number of {PAGE_BYTES}-byte pages)"
    return None


def _cipher_problem(path: Path, key: bytes) -> str | None:
    import sqlcipher3

    from attune_app.store.cipher_db import apply_key

    try:
        conn: Any = sqlcipher3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlcipher3.Error as error:
        return f"SQLCipher cannot open it ({error})"
    try:
        apply_key(conn, key)
        conn.text_factory = bytes  # a damaged schema may hold text that is not UTF-8
        failing = [_text(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
        if failing:
            return _failing_pages(failing, path.stat().st_size // PAGE_BYTES)
        results = [_text(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
        if results != ["ok"]:
            return "SQLite's check finds " + "; ".join(results[:3])
        tables = {_text(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if not version or not tables >= _REQUIRED_TABLES:
            return "it is missing Attune's tables"
    except (sqlcipher3.Error, MemoryError, UnicodeDecodeError, ValueError, OSError) as error:
        # SQLCipher raises a bare MemoryError for some reads of an undecryptable first page
        return f"SQLCipher cannot read it ({error or type(error).__name__})"
    finally:
        conn.close()
    return None


def _failing_pages(failing: list[str], pages: int) -> str:
    if pages and len(failing) >= pages:
        return (
            "none of its pages opens with this library's key: it was replaced by another file "
            "(or library.key was replaced by another library's)"
        )
    where = "; ".join(failing[:3]) + ("; ..." if len(failing) > 3 else "")
    noun = "page" if len(failing) == 1 else "pages"
    return f"SQLCipher's check finds {len(failing)} damaged {noun} of {pages} ({where})"


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)
