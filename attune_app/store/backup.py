"""Backups through SQLite's online backup API (never a file copy of a live database).

A backup's name carries its time and the audit log's head at that moment, so "has the library
changed since the last backup?" is a comparison of names. Automatic backups are thinned to the
newest of each of the last 7 days, 4 weeks and 6 months; labelled ones (e.g. taken before a
migration or a restore) are kept.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from attune_app.store.files import fsync_dir, fsync_file, make_private_file, remove_quietly

_NAME = re.compile(r"^attune-(\d{8}T\d{6}\d{6}Z)-([0-9a-f]{12})(?:-([a-z0-9-]+))?\.sqlite$")
_STAMP = "%Y%m%dT%H%M%S%fZ"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 6


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    head: str
    label: str | None


def backup_name(taken_at: datetime, head: str, label: str | None = None) -> str:
    suffix = f"-{label}" if label else ""
    return f"attune-{taken_at.strftime(_STAMP)}-{head[:12]}{suffix}.sqlite"


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in `folder`, oldest first."""
    found = []
    for path in folder.glob("attune-*.sqlite"):
        match = _NAME.match(path.name)
        if match:
            taken = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)
            found.append(BackupInfo(path, taken, match[2], match[3]))
    return sorted(found, key=lambda b: b.taken_at)


def make_backup(
    conn: sqlite3.Connection,
    folder: Path,
    head: str,
    *,
    label: str | None = None,
    key: bytes | None = None,
) -> BackupInfo:
    """Copy the live database `conn` into a new backup file; atomic (temp file, then rename).

    With `key` (an encrypted library) the backup is a SQLCipher file under the same key."""
    taken = datetime.now(UTC)
    final = folder / backup_name(taken, head, label)
    temp = folder / f".{final.name}.part"
    remove_quietly(temp)
    try:
        target = raw_connect(temp, key)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            target.commit()
        finally:
            target.close()
        make_private_file(temp)
        fsync_file(temp)
        os.replace(temp, final)
        fsync_dir(folder)
    except BaseException:
        remove_quietly(temp)
        raise
    return BackupInfo(final, taken, head[:12], label)


def restore_into(backup: Path, conn: sqlite3.Connection, *, key: bytes | None = None) -> None:
    """Overwrite the live database behind `conn` with the backup's pages."""
    source = raw_connect(backup, key, read_only=True)
    try:
        source.backup(conn)
    finally:
        source.close()


def raw_connect(path: Path, key: bytes | None, *, read_only: bool = False) -> sqlite3.Connection:
    """A bare connection (no pragmas): plain SQLite, or SQLCipher keyed with `key`."""
    if key is not None:
        from attune_app.store.cipher_db import connect_keyed

        return connect_keyed(path, key, read_only=read_only, check_same_thread=True)
    if read_only:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    return sqlite3.connect(str(path))


def backups_to_keep(taken: Iterable[datetime]) -> set[datetime]:
    """The newest of each of the last 7 days, 4 ISO weeks and 6 months, and the newest of all."""
    newest_first = sorted(set(taken), reverse=True)
    keep: set[datetime] = set(newest_first[:1])
    for period, count in ((_day, KEEP_DAILY), (_week, KEEP_WEEKLY), (_month, KEEP_MONTHLY)):
        seen: set[tuple[int, ...]] = set()
        for moment in newest_first:
            bucket = period(moment)
            if bucket not in seen and len(seen) < count:
                seen.add(bucket)
                keep.add(moment)
    return keep


def thin_backups(folder: Path) -> list[Path]:
    """Delete automatic backups that fall outside the thinning rule; returns what was removed."""
    automatic = [b for b in list_backups(folder) if b.label is None]
    keep = backups_to_keep(b.taken_at for b in automatic)
    removed = [b.path for b in automatic if b.taken_at not in keep]
    for path in removed:
        remove_quietly(path)
    return removed


def _day(moment: datetime) -> tuple[int, ...]:
    return (moment.year, moment.month, moment.day)


def _week(moment: datetime) -> tuple[int, ...]:
    year, week, _ = moment.isocalendar()
    return (year, week)


def _month(moment: datetime) -> tuple[int, ...]:
    return (moment.year, moment.month)
