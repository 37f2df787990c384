"""A library: one folder holding `library.sqlite`, `media/`, `cache/` and `backups/`.

`Library.open` takes the single-writer lock, refuses a library made by a newer Attune, backs up
and migrates an older one, and makes an automatic backup when the library changed since the
last one (on open after a crash, and on close).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import platformdirs
from sqlite_utils import Database

from attune_app.domain.models import AuditEntry, Clip
from attune_app.store import audit, cipher_damage, damage, keys
from attune_app.store import backup as backups
from attune_app.store.backup import BackupInfo
from attune_app.store.connection import connect
from attune_app.store.errors import (
    LibraryError,
    LibraryNotFoundError,
    LibraryTooNewError,
    ReadOnlyLibraryError,
)
from attune_app.store.files import (
    create_private_file,
    hash_file,
    make_private_dir,
    make_private_file,
)
from attune_app.store.location import storage_warnings
from attune_app.store.lock import LibraryLock
from attune_app.store.migrations import (
    SCHEMA_VERSION,
    apply_migrations,
    schema_version,
    unknown_migrations,
)
from attune_app.store.schemes import bundled_schemes_dir, install_schemes, read_scheme_folder

LIBRARY_ENV = "ATTUNE_LIBRARY"
DB_NAME = "library.sqlite"


def default_library_path() -> Path:
    """`$ATTUNE_LIBRARY` when set, else a folder in the platform's per-user data folder."""
    configured = os.environ.get(LIBRARY_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("Attune", appauthor=False)) / "Library"


class Library:
    def __init__(
        self,
        path: Path,
        db: Database,
        *,
        read_only: bool,
        lock: LibraryLock | None,
        data_key: keys.DataKey | None = None,
    ):
        self.path = path
        self.data_key = data_key  # only for an encrypted library (see `keys`); never stored
        self.db = db
        self.read_only = read_only
        self._lock = lock
        self.actor: int | None = None  # the person whose actions the audit log records
        self.auto_backup = True
        self.notices: list[str] = []  # what happened while opening, for the UI or CLI to show

    # -- opening and closing --------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = False,
        read_only: bool = False,
        auto_backup: bool = True,
        passphrase: str | None = None,
        data_key: keys.DataKey | None = None,
    ) -> Library:
        """Open (or create) the library in `path`. An encrypted library needs `passphrase`,
        `$ATTUNE_PASSPHRASE` or an already unlocked `data_key` (raises `LockedLibraryError`
        or `WrongPassphraseError`); a plain library ignores them."""
        folder = Path(path).expanduser().resolve()
        db_path = folder / DB_NAME
        if not db_path.exists() and not create:
            raise LibraryNotFoundError(
                f"There is no Attune library at {folder}. Create one with "
                f"`attune library init --library {folder}`, or choose another folder."
            )
        if (folder / "conversion.json").exists():
            from attune_app.store.encryption import refuse_interrupted

            refuse_interrupted(folder)
        if keys.is_encrypted(folder):
            if data_key is None:
                from attune_app.store.unlock import unlock_for_open

                data_key = unlock_for_open(folder, passphrase)
            reason = cipher_damage.first_bytes_problem(folder)
            if reason is not None:
                raise damage.damaged_error(folder, reason, data_key)
        elif db_path.exists():
            data_key = None
            reason = damage.first_bytes_problem(folder)
            if reason is not None:
                raise damage.damaged_error(folder, reason)
        else:
            data_key = None
        if read_only:
            with _damage_diagnosed(folder, data_key):
                return cls._open_read_only(folder, data_key)
        for sub in (folder, folder / "media", folder / "cache", folder / "backups"):
            make_private_dir(sub)
        lock = LibraryLock(folder)
        lock.acquire()
        fresh = not db_path.exists()
        try:
            with _damage_diagnosed(folder, data_key):
                library = cls._open_locked(folder, lock, fresh=fresh, data_key=data_key)
        except BaseException:
            lock.release()
            raise
        library.auto_backup = auto_backup
        if lock.stale_holder:
            library.notices.append(
                f"Attune was not closed properly last time (process {lock.stale_holder.get('pid')}"
                f" since {lock.stale_holder.get('since')}); its lock was taken over."
            )
        library.notices += storage_warnings(folder)
        try:
            if auto_backup and not fresh and library.backup_if_changed():
                library.notices.append("Made a backup: the library changed since the last one.")
        except BaseException:
            library.auto_backup = False  # a failed backup must not leave the library locked
            library.close()
            raise
        return library

    @classmethod
    def _open_read_only(cls, folder: Path, data_key: keys.DataKey | None) -> Library:
        db = connect(folder / DB_NAME, read_only=True, key=_db_key(data_key))
        try:
            _refuse_damaged(db, folder, data_key)
            _refuse_newer(db, folder)
            if schema_version(db) < SCHEMA_VERSION:
                raise LibraryError(
                    f"The library {folder} needs an upgrade, which cannot happen read-only. "
                    "Open it once for writing (close other Attune windows first)."
                )
        except BaseException:
            db.close()
            raise
        library = cls(folder, db, read_only=True, lock=None, data_key=data_key)
        if data_key is not None:
            library.notices.append("Opened read-only: this unlock is not in the audit log.")
        return library

    @classmethod
    def _open_locked(
        cls, folder: Path, lock: LibraryLock, *, fresh: bool, data_key: keys.DataKey | None
    ) -> Library:
        db_path = folder / DB_NAME
        if fresh:
            create_private_file(db_path)
        db = connect(db_path, key=_db_key(data_key))
        library = cls(folder, db, read_only=False, lock=lock, data_key=data_key)
        try:
            if not fresh:
                _refuse_damaged(db, folder, data_key)
            _refuse_newer(db, folder)
            library._migrate(fresh=fresh)
            if data_key is not None:
                from attune_app.store.unlock import audit_unlocks

                audit_unlocks(library)
            for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
                make_private_file(folder / name)
        except BaseException:
            db.close()
            raise
        return library

    def _migrate(self, *, fresh: bool) -> None:
        before = schema_version(self.db)
        if 0 < before < SCHEMA_VERSION:
            self.backup(label=f"before-upgrade-from-v{before}")
        applied = apply_migrations(self.db)
        if before == 0:  # new, or a creation that was interrupted before it finished
            with self.transaction():
                install_schemes(self.db, read_scheme_folder(bundled_schemes_dir()), None)
        elif applied:
            self.notices.append(
                f"Upgraded the library from schema v{before} to v{SCHEMA_VERSION} "
                "(a backup was made first)."
            )

    def close(self) -> None:
        if self.db is None:  # type: ignore[comparison-overlap]
            return
        try:
            if not self.read_only and self.auto_backup:
                self.backup_if_changed()
        finally:
            self.db.close()
            self.db = None  # type: ignore[assignment]
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- places ---------------------------------------------------------------------------
    @property
    def db_path(self) -> Path:
        return self.path / DB_NAME

    @property
    def media_dir(self) -> Path:
        return self.path / "media"

    @property
    def cache_dir(self) -> Path:
        return self.path / "cache"

    @property
    def backups_dir(self) -> Path:
        return self.path / "backups"

    def media_path(self, clip: Clip) -> Path:
        return self.media_dir / clip.media_name

    def media_file_differs(
        self, path: Path, size: int, digest: str, *, hash_media: bool = True
    ) -> bool:
        """Is the media file at `path` not the clip's content (`size` bytes hashing to
        `digest`)? In an encrypted library the decrypted content is measured and hashed."""
        if self.data_key is None:
            return path.stat().st_size != size or (hash_media and hash_file(path) != digest)
        from attune_app.store.media_crypto import TamperedMediaError, plain_hash, plain_size

        key = self.data_key.media_key
        try:
            return plain_size(path, key) != size or (hash_media and plain_hash(path, key) != digest)
        except TamperedMediaError:
            return True

    @property
    def encrypted(self) -> bool:
        return self.data_key is not None

    @property
    def database_key(self) -> bytes | None:
        """The raw SQLCipher key of an encrypted library's database and backups, else None."""
        return _db_key(self.data_key)

    def media_source(self, clip: Clip) -> Path | Any:
        """What the media engine opens for `clip`: its path in a plain library; in an encrypted
        one a `MediaSource` whose reader decrypts chunk by chunk (no decrypted file)."""
        path = self.media_path(clip)
        if self.data_key is None:
            return path
        from attune_app.store.media_crypto import encrypted_source

        return encrypted_source(path, self.data_key.media_key)

    # -- writing --------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One user action: BEGIN IMMEDIATE ... COMMIT (rolled back on any error).

        Nested use becomes a savepoint inside the outer transaction.
        """
        if self.read_only:
            raise ReadOnlyLibraryError(
                f"The library {self.path} is open read-only; changes cannot be saved."
            )
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.conn.execute("COMMIT")
        except BaseException:
            # also when COMMIT itself fails (a deferred constraint, disk full): left open, the
            # transaction would swallow every later action as a never-committed savepoint
            self.db.rollback()
            raise

    def audit(
        self, action: str, entity: str, entity_id: int | None, details: dict[str, Any]
    ) -> AuditEntry:
        return audit.append(
            self.db,
            person_id=self.actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=details,
        )

    # -- backups --------------------------------------------------------------------------
    def backup(self, *, label: str | None = None) -> BackupInfo:
        info = backups.make_backup(
            self.db.conn,
            self.backups_dir,
            audit.head_hash(self.db),
            label=label,
            key=self.database_key,
        )
        backups.thin_backups(self.backups_dir)
        return info

    def changed_since_backup(self) -> bool:
        existing = backups.list_backups(self.backups_dir)
        head = audit.head_hash(self.db)[:12]
        return not existing or existing[-1].head != head

    def backup_if_changed(self) -> BackupInfo | None:
        return self.backup() if self.changed_since_backup() else None

    def restore(self, backup_path: Path) -> BackupInfo:
        """Replace the library's database with a backup; the current state is backed up first."""
        if self.read_only:
            raise ReadOnlyLibraryError(f"The library {self.path} is open read-only.")
        if not backup_path.is_file():
            raise LibraryError(f"There is no backup file at {backup_path}.")
        _check_restorable(backup_path, self.database_key)  # before anything is overwritten
        safety = self.backup(label="before-restore")
        backups.restore_into(backup_path, self.db.conn, key=self.database_key)
        if apply_migrations(self.db):
            self.notices.append("The restored backup was upgraded to the current schema.")
        with self.transaction():
            source = backup_path.name if backup_path.parent == self.backups_dir else "a file"
            self.audit("restore_backup", "library", None, {"from": source})
        return safety


def _db_key(data_key: keys.DataKey | None) -> bytes | None:
    return data_key.database_key if data_key is not None else None


@contextmanager
def _damage_diagnosed(folder: Path, data_key: keys.DataKey | None = None) -> Iterator[None]:
    """An error from a damaged database file becomes a `DamagedLibraryError` with the good
    backups; any other error passes through. An encrypted file is diagnosed with its key (the
    passphrase was checked against the key file already: a failure here is never a wrong
    passphrase); SQLCipher raises a bare MemoryError for some undecryptable pages."""
    caught: tuple[type[BaseException], ...] = _DAMAGE_ERRORS
    if data_key is not None:
        caught = (*_DAMAGE_ERRORS, MemoryError)
    try:
        yield
    except caught as error:
        reason = damage.diagnose(folder, data_key)
        if reason is None:
            raise
        raise damage.damaged_error(folder, reason, data_key) from error


_DAMAGE_ERRORS: tuple[type[BaseException], ...] = (
    sqlite3.DatabaseError,
    UnicodeDecodeError,
    ValueError,
)


def _check_restorable(backup_path: Path, key: bytes | None = None) -> None:
    """Refuse a backup that is not a sound Attune database of a schema this Attune knows (an
    encrypted one also when a page fails SQLCipher's check: the backup API would stop there)."""
    problem = key is not None and cipher_damage.backup_problem(backup_path, key)
    if problem:
        raise LibraryError(
            f"{backup_path} cannot be restored: {problem}; nothing was changed. "
            "Choose another backup (`attune library restore` lists them)."
        )
    try:
        db = connect(backup_path, read_only=True, key=key)
    except sqlite3.DatabaseError as error:
        raise LibraryError(
            f"{backup_path} cannot be opened as a backup ({error}); nothing was changed. "
            "Choose another backup (`attune library restore` lists them)."
        ) from error
    try:
        problems = [str(r[0]) for r in db.execute("PRAGMA quick_check").fetchall()]
        tables = set(db.table_names())
        if problems != ["ok"] or not {"audit_log", "tags"} <= tables:
            raise LibraryError(
                f"{backup_path} is damaged or is not an Attune backup; nothing was changed. "
                "Choose another backup (`attune library restore` lists them)."
            )
        _refuse_newer(db, backup_path)
    except sqlite3.DatabaseError as error:
        raise LibraryError(
            f"{backup_path} is not an Attune backup ({error}); nothing was changed. "
            "Choose another backup (`attune library restore` lists them)."
        ) from error
    finally:
        db.close()


def _refuse_damaged(db: Database, folder: Path, data_key: keys.DataKey | None = None) -> None:
    """SQLite's quick check at every open (tens of ms for a big library), so damage is named
    before anything reads or writes, not in the middle of a user's action. (Every page it reads
    of an encrypted file has its HMAC checked too.)"""
    results = [str(row[0]) for row in db.execute("PRAGMA quick_check").fetchall()]
    if results != ["ok"]:
        reason = data_key is not None and damage.diagnose(folder, data_key)
        reason = reason or "SQLite's check finds " + "; ".join(results[:3])
        raise damage.damaged_error(folder, reason, data_key)
    schema = " ".join(str(r[0]) for r in db.execute("SELECT sql FROM sqlite_master").fetchall())
    if "\ufffd" in schema:  # a damaged byte in a table's definition
        raise damage.damaged_error(folder, "its table definitions are damaged", data_key)


def _refuse_newer(db: Database, where: Path) -> None:
    version = schema_version(db)
    unknown = unknown_migrations(db)
    if version > SCHEMA_VERSION or unknown:
        raise LibraryTooNewError(
            f"The library {where} was made by a newer version of Attune (schema v{version}; "
            f"this Attune knows up to v{SCHEMA_VERSION}). Update Attune to open it; "
            "nothing was changed."
        )
