"""Opening the SQLite file with the pragmas every connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 5000


def connect(db_path: Path, *, read_only: bool = False, key: bytes | None = None) -> Database:
    """A connection with WAL, synchronous=FULL and foreign keys on.

    `check_same_thread` is off so the one thread that owns writes (the UI's database worker)
    need not be the thread that opened the library; callers must still use it from one thread
    at a time. With `key` (an encrypted library) the connection is SQLCipher's, keyed first.
    """
    if key is not None:
        from attune_app.store.cipher_db import connect_keyed

        conn = connect_keyed(db_path, key, read_only=read_only)
    elif read_only:
        uri = f"{db_path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(db_path), check_same_thread=False)
    conn.text_factory = _tolerant_text
    db = Database(conn, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not read_only:
        db.enable_wal()
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    if read_only:
        db.execute("PRAGMA query_only = ON")
    return db


def _tolerant_text(value: bytes) -> str:
    """Text as UTF-8; a damaged byte shows as U+FFFD instead of failing every read of the row
    (the audit chain's hashes then tell which entry was damaged)."""
    return value.decode("utf-8", errors="replace")


def pragma_value(db: Database, name: str) -> object:
    row = db.execute(f"PRAGMA {name}").fetchone()
    return row[0] if row else None
