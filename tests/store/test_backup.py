from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attune_app.store.audit import verify_chain
from attune_app.store.backup import backups_to_keep, list_backups
from attune_app.store.errors import LibraryError, LibraryTooNewError
from attune_app.store.library import Library
from attune_app.store.migrations import SCHEMA_VERSION, schema_version

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _tag_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count = int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    conn.close()
    return count


def test_backup_on_close_only_when_changed(library_path: Path) -> None:
    Library.open(library_path, create=True).close()
    first = list_backups(library_path / "backups")
    assert len(first) == 1
    Library.open(library_path).close()  # nothing changed: no new backup
    assert list_backups(library_path / "backups") == first
    with Library.open(library_path) as library, library.transaction():
        library.audit("test", "nothing", None, {})
    [latest] = list_backups(library_path / "backups")  # same day: thinned to the newest
    assert latest.taken_at > first[0].taken_at
    assert _tag_count(latest.path) == _tag_count(library_path / "library.sqlite")
    with sqlite3.connect(latest.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_backup_after_crash_is_made_on_open(library_path: Path) -> None:
    library = Library.open(library_path, create=True)
    with library.transaction():
        library.audit("test", "nothing", None, {})
    library.db.close()  # as if the process died: no close-time backup, lock note left
    library._lock.release()  # type: ignore[union-attr]
    (library_path / "library.lock.json").write_text('{"pid": 1}')
    with Library.open(library_path) as reopened:
        assert any("backup" in n for n in reopened.notices)
        assert not reopened.changed_since_backup()


def test_restore_brings_back_the_old_state_and_keeps_the_current(library_path: Path) -> None:
    with Library.open(library_path, create=True) as library:
        saved = library.backup(label="manual")
        with library.transaction():
            library.audit("later", "nothing", None, {})
        library.restore(saved.path)
        assert (
            library.db.execute("SELECT count(*) FROM audit_log WHERE action='later'").fetchone()[0]
            == 0
        )
        labels = {b.label for b in list_backups(library.backups_dir)}
        assert {"manual", "before-restore"} <= labels


def test_thinning_keeps_7_daily_4_weekly_6_monthly() -> None:
    hourly = [NOW - timedelta(hours=h) for h in range(24 * 400)]
    kept = backups_to_keep(hourly)
    assert max(hourly) in kept
    days = {(k.year, k.month, k.day) for k in kept}
    assert len(kept) == len(days)  # at most one per day
    recent = [k for k in kept if NOW - k < timedelta(days=7)]
    assert len(recent) == 7
    assert len(kept) <= 7 + 4 + 6
    assert min(kept) > NOW - timedelta(days=31 * 6)


@given(st.lists(st.integers(0, 5000), min_size=1, max_size=60))
def test_thinning_is_stable(hours_ago: list[int]) -> None:
    moments = [NOW - timedelta(hours=h) for h in hours_ago]
    kept = backups_to_keep(moments)
    assert max(moments) in kept and kept <= set(moments)
    assert backups_to_keep(kept) == kept  # thinning twice changes nothing


def test_restore_refuses_a_newer_backup_before_overwriting(library_path: Path) -> None:
    with Library.open(library_path, create=True) as library:
        newer = library.backup(label="manual").path
        with sqlite3.connect(newer) as conn:
            conn.execute("PRAGMA user_version = 99")
        conn.close()
        with library.transaction():
            library.audit("kept", "nothing", None, {})
        with pytest.raises(LibraryTooNewError, match="newer version"):
            library.restore(newer)
        assert schema_version(library.db) == SCHEMA_VERSION
        kept = library.db.execute("SELECT count(*) FROM audit_log WHERE action = 'kept'")
        assert kept.fetchone()[0] == 1


def test_restore_refuses_a_file_that_is_not_a_backup(library_path: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a database")
    with Library.open(library_path, create=True) as library:
        with pytest.raises(LibraryError, match=r"notes\.sqlite.*nothing was changed"):
            library.restore(notes)
        assert schema_version(library.db) == SCHEMA_VERSION


def test_restore_is_audited(library_path: Path) -> None:
    with Library.open(library_path, create=True) as library:
        saved = library.backup(label="manual")
        library.restore(saved.path)
        last = library.db.execute("SELECT action, details FROM audit_log ORDER BY id DESC LIMIT 1")
        action, details = last.fetchone()
        assert (action, json.loads(details)) == ("restore_backup", {"from": saved.path.name})
        assert verify_chain(library.db) == []
