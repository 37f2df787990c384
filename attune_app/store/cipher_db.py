"""SQLCipher connections for an encrypted library (only imported when a library is encrypted).

`sqlcipher3` is SQLite with page-level AES-256 encryption and the `sqlite3` module's API, so
sqlite-utils, WAL, `synchronous=FULL`, the backup API and every transaction work unchanged.
The connection is keyed with a raw 256-bit key (no passphrase KDF inside SQLCipher: the key
file's Argon2id already did that) before any other statement.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import sqlcipher3


def connect_keyed(
    db_path: Path | str, key: bytes, *, read_only: bool = False, check_same_thread: bool = False
) -> sqlite3.Connection:
    """A SQLCipher connection to `db_path`, keyed and checked (raises `sqlite3.DatabaseError`
    when the key does not open the file)."""
    if read_only:
        uri = f"{Path(db_path).resolve().as_uri()}?mode=ro"
        conn: Any = sqlcipher3.connect(uri, uri=True, check_same_thread=check_same_thread)
    else:
        conn = sqlcipher3.connect(str(db_path), check_same_thread=check_same_thread)
    apply_key(conn, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as error:
        conn.close()
        raise sqlite3.DatabaseError(f"the key does not open this database ({error})") from error
    return cast(sqlite3.Connection, CipherConnection(conn))


class _Translating:
    """Wraps a `sqlcipher3` object: the methods named in `_TRANSLATED` raise the `sqlite3`
    module's exceptions, those in `_GIVING_CURSORS` return translating cursors."""

    _TRANSLATED: frozenset[str] = frozenset()
    _GIVING_CURSORS: frozenset[str] = frozenset()

    def __init__(self, raw: Any) -> None:
        object.__setattr__(self, "raw", raw)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.raw, name)
        if name in self._GIVING_CURSORS:
            return _giving_cursor(value)
        if name in self._TRANSLATED:
            return _translating(value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.raw, name, value)


class CipherConnection(_Translating):
    """A SQLCipher connection that raises the `sqlite3` module's exceptions.

    `sqlcipher3` has its own exception classes; the store, the services and sqlite-utils catch
    `sqlite3.IntegrityError`, `sqlite3.OperationalError` and so on, so the plain and the
    encrypted library must raise the same ones. Everything else passes straight through.
    """

    _TRANSLATED = frozenset(("commit", "rollback", "close"))
    _GIVING_CURSORS = frozenset(("execute", "executemany", "executescript", "cursor"))

    def backup(self, target: Any, **kwargs: Any) -> None:
        """The backup API between two keyed connections (both encrypted, same key or not)."""
        _translating(self.raw.backup)(getattr(target, "raw", target), **kwargs)

    def __enter__(self) -> Any:
        return _translating(self.raw.__enter__)()

    def __exit__(self, *exc: Any) -> Any:
        return _translating(self.raw.__exit__)(*exc)


class CipherCursor(_Translating):
    """A SQLCipher cursor whose fetches raise the `sqlite3` module's exceptions too: a page that
    fails its HMAC is often read only while rows are fetched, not when the query starts."""

    _TRANSLATED = frozenset(("fetchone", "fetchmany", "fetchall", "close"))
    _GIVING_CURSORS = frozenset(("execute", "executemany", "executescript"))

    def __iter__(self) -> CipherCursor:
        return self

    def __next__(self) -> Any:
        try:
            return next(self.raw)
        except sqlcipher3.Error as error:
            raise as_sqlite3_error(error) from error


def _giving_cursor(method: Callable[..., Any]) -> Callable[..., Any]:
    translated = _translating(method)

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        return CipherCursor(translated(*args, **kwargs))

    return call


def _translating(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except sqlcipher3.Error as error:
            raise as_sqlite3_error(error) from error

    return call


def as_sqlite3_error(error: BaseException) -> BaseException:
    kind = getattr(sqlite3, type(error).__name__, sqlite3.DatabaseError)
    translated: BaseException = kind(*error.args)
    for attribute in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(error, attribute):
            setattr(translated, attribute, getattr(error, attribute))
    return translated


def apply_key(conn: Any, key: bytes) -> None:
    if len(key) != 32:
        raise ValueError("a SQLCipher raw key is 32 bytes")
    conn.execute("PRAGMA cipher_log_level = NONE")  # a failed key is our message, not a log
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
