"""Turning a plain library into an encrypted one and back, crash-safe and resumable.

Every file is rewritten atomically (a temporary file beside it, fsync, rename); the old one is
gone once the rename is done. A marker, `conversion.json`, is written first and removed last:
while it is there `Library.open` refuses the library and says to run the command again, which
resumes where it stopped. Each step can be repeated: a media file or backup tells by its first
bytes whether it is converted already.

Encrypt: marker -> `library.key.new` (the wrapped data key) -> media files -> backups -> the
database exported (`sqlcipher_export`) to `library.sqlite.converted` -> COMMIT: rename
`library.key.new` to `library.key` -> the converted database replaces `library.sqlite` (its WAL
and shared-memory files go) -> marker removed.
Decrypt: marker -> media files -> backups -> the database exported to plain -> COMMIT: remove
`library.key` -> the converted database replaces `library.sqlite` -> marker removed.
Before the commit the library is what it was (media and backups already converted are read
either way by the command that resumes); after it, only renames are left, finished at the next
run. An interrupted run of one direction must be finished by the same command.

The old plaintext is unlinked, not shredded: on SSDs and copy-on-write or journaling file
systems overwriting in place does not reach the old blocks. Full-disk encryption covers that.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from attune_app.store import keys
from attune_app.store.backup import list_backups
from attune_app.store.cipher_db import apply_key, connect_keyed
from attune_app.store.damage import SQLITE_HEADER
from attune_app.store.errors import LibraryError
from attune_app.store.files import (
    atomic_write_text,
    fsync_dir,
    fsync_file,
    make_private_file,
    remove_quietly,
)
from attune_app.store.lock import LibraryLock
from attune_app.store.media_crypto import decrypt_file, encrypt_file, is_encrypted_media

MARKER = "conversion.json"
PENDING_KEY = "library.key.new"
CONVERTED_DB = "library.sqlite.converted"
DB_NAME = "library.sqlite"

Progress = Callable[[str], None]


class ConversionInterruptedError(LibraryError):
    """A conversion was cut off; the library must be finished by the same command."""


def interrupted_conversion(folder: Path) -> str | None:
    """'encrypt' or 'decrypt' when such a conversion of `folder` was interrupted."""
    try:
        loaded = json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return "encrypt" if (Path(folder) / PENDING_KEY).exists() else "decrypt"
    return str(loaded.get("to", "encrypt"))


def refuse_interrupted(folder: Path) -> None:
    direction = interrupted_conversion(folder)
    if direction is not None:
        raise ConversionInterruptedError(
            f"The library {folder} was being {direction}ed when Attune stopped. Run "
            f"`attune library {direction} --library {folder}` again to finish it; nothing is "
            "lost (every file is either as it was or already converted)."
        )


def encrypt_library(folder: Path, passphrase: str, progress: Progress | None = None) -> str | None:
    """Encrypt the library in `folder`; returns the recovery key to show once (None when an
    interrupted run was finished with its key already committed)."""
    folder = Path(folder).resolve()
    with _locked(folder):
        direction = interrupted_conversion(folder)
        if direction == "decrypt":
            refuse_interrupted(folder)
        if keys.is_encrypted(folder) and direction is None:
            raise LibraryError(f"The library {folder} is encrypted already.")
        if not (folder / DB_NAME).exists():
            raise LibraryError(f"There is no Attune library at {folder}.")
        _write_marker(folder, "encrypt")
        if keys.is_encrypted(folder):  # interrupted after the commit: only renames remain
            keys.unlock(folder, passphrase)
            _finish(folder)
            return None
        recovery: str | None = None
        pending = folder / PENDING_KEY
        if pending.exists():
            data_key = _unlock_pending(folder, passphrase)
        else:
            data_key, recovery, content = keys.new_key_file(folder, passphrase)
            _write_json(pending, content)
        _step(progress, "media")
        for path in _media_files(folder):
            if not is_encrypted_media(path):
                _rewrite(path, lambda src, dst: encrypt_file(src, dst, data_key.media_key))
        _step(progress, "backups")
        for info in list_backups(folder / "backups"):
            if _is_plain_sqlite(info.path):
                _rewrite(info.path, lambda src, dst: _export(src, dst, None, data_key.database_key))
        _step(progress, "database")
        _checkpoint_plain(folder / DB_NAME)
        converted = folder / CONVERTED_DB
        remove_quietly(converted)
        _export(folder / DB_NAME, converted, None, data_key.database_key)
        os.replace(pending, keys.key_file_path(folder))  # the commit
        fsync_dir(folder)
        _finish(folder)
        return recovery


def decrypt_library(folder: Path, passphrase: str, progress: Progress | None = None) -> None:
    folder = Path(folder).resolve()
    with _locked(folder):
        direction = interrupted_conversion(folder)
        if direction == "encrypt":
            refuse_interrupted(folder)
        if not keys.is_encrypted(folder):
            if direction == "decrypt":
                _finish(folder)
                return
            raise LibraryError(f"The library {folder} is not encrypted.")
        data_key = keys.unlock(folder, passphrase)
        _write_marker(folder, "decrypt")
        _step(progress, "media")
        for path in _media_files(folder):
            if is_encrypted_media(path):
                _rewrite(path, lambda src, dst: decrypt_file(src, dst, data_key.media_key))
        _step(progress, "backups")
        for info in list_backups(folder / "backups"):
            if not _is_plain_sqlite(info.path):
                _rewrite(info.path, lambda src, dst: _export(src, dst, data_key.database_key, None))
        _step(progress, "database")
        converted = folder / CONVERTED_DB
        remove_quietly(converted)
        _export(folder / DB_NAME, converted, data_key.database_key, None)
        remove_quietly(keys.key_file_path(folder))  # the commit
        fsync_dir(folder)
        _finish(folder)


def change_passphrase(folder: Path, old: str, new: str, *, recovery: bool = False) -> None:
    """Re-wrap the data key under `new` (from the old passphrase, or the recovery key)."""
    folder = Path(folder).resolve()
    refuse_interrupted(folder)
    data_key = keys.unlock_with_recovery(folder, old) if recovery else keys.unlock(folder, old)
    keys.rewrap(folder, data_key, new)


# -- steps ------------------------------------------------------------------------------------


class _locked:
    def __init__(self, folder: Path) -> None:
        self._lock = LibraryLock(folder)

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def _step(progress: Progress | None, what: str) -> None:
    if progress is not None:
        progress(what)


def _write_marker(folder: Path, direction: str) -> None:
    _write_json(folder / MARKER, {"to": direction, "version": 1})


def _write_json(path: Path, content: dict[str, Any]) -> None:
    atomic_write_text(path, json.dumps(content, indent=1, sort_keys=True) + "\n")
    make_private_file(path)


def _unlock_pending(folder: Path, passphrase: str) -> keys.DataKey:
    """The key of an interrupted encryption (some files may already be under it)."""
    staging = folder / ".pending-key"
    staging.mkdir(exist_ok=True)
    try:
        os.replace(folder / PENDING_KEY, keys.key_file_path(staging))
        try:
            return keys.unlock(staging, passphrase)
        except keys.WrongPassphraseError:
            raise keys.WrongPassphraseError(
                f"The encryption of {folder} was interrupted; finish it with the passphrase "
                "given then (files already encrypted are under that one)."
            ) from None
    finally:
        os.replace(keys.key_file_path(staging), folder / PENDING_KEY)
        staging.rmdir()


def _media_files(folder: Path) -> list[Path]:
    media = folder / "media"
    if not media.is_dir():
        return []
    return sorted(p for p in media.iterdir() if p.is_file() and not p.name.startswith("."))


def _rewrite(path: Path, convert: Callable[[Path, Path], None]) -> None:
    """Convert `path` into a temporary file beside it, then rename that onto it."""
    temp = path.with_name(f".{path.name}.converting.part")
    remove_quietly(temp)
    try:
        convert(path, temp)
        make_private_file(temp)
        os.replace(temp, path)
        fsync_dir(path.parent)
    except BaseException:
        remove_quietly(temp)
        raise


def _is_plain_sqlite(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _checkpoint_plain(db_path: Path) -> None:
    conn = sqlite3.connect(str(db_path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _export(source: Path, target: Path, source_key: bytes | None, target_key: bytes | None) -> None:
    """Copy database `source` into the new file `target` with `sqlcipher_export` (from plain
    to encrypted or back; the schema version travels with it), fsynced, journal DELETE."""
    import sqlcipher3

    conn: Any = sqlcipher3.connect(str(source))
    try:
        if source_key is not None:
            apply_key(conn, source_key)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        key_sql = f"x'{target_key.hex()}'" if target_key is not None else ""
        conn.execute(f'ATTACH DATABASE ? AS converted KEY "{key_sql}"', [str(target)])
        conn.execute("SELECT sqlcipher_export('converted')")
        conn.execute(f"PRAGMA converted.user_version = {version}")
        conn.execute("DETACH DATABASE converted")
    except sqlcipher3.Error as error:
        remove_quietly(target)
        raise LibraryError(f"{source.name} could not be converted ({error}).") from error
    finally:
        conn.close()
    check = (
        connect_keyed(target, target_key, check_same_thread=True)
        if target_key is not None
        else sqlite3.connect(str(target))
    )
    try:
        check.execute("PRAGMA journal_mode = DELETE")
        if str(check.execute("PRAGMA quick_check").fetchone()[0]) != "ok":
            raise LibraryError(f"The converted copy of {source.name} does not pass its check.")
    finally:
        check.close()
    fsync_file(target)


def _finish(folder: Path) -> None:
    """After the commit: put the converted database in place, drop what the old one left."""
    converted = folder / CONVERTED_DB
    if converted.exists():
        for suffix in ("-wal", "-shm", "-journal"):
            remove_quietly(folder / f"{DB_NAME}{suffix}")
        make_private_file(converted)
        os.replace(converted, folder / DB_NAME)
        fsync_dir(folder)
    remove_quietly(folder / PENDING_KEY)
    _clear_cache(folder)
    remove_quietly(folder / MARKER)
    fsync_dir(folder)


def _clear_cache(folder: Path) -> None:
    """Nothing derived from the media stays in `cache/` across a conversion."""
    cache = folder / "cache"
    if cache.is_dir():
        for path in sorted(cache.rglob("*"), reverse=True):
            if path.is_file():
                remove_quietly(path)
