from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from attune_app.store.errors import (
    LibraryBusyError,
    LibraryNotFoundError,
    LibraryTooNewError,
    ReadOnlyLibraryError,
)
from attune_app.store.library import LIBRARY_ENV, Library, default_library_path


def test_new_library_has_its_folders_pragmas_and_schemes(library: Library) -> None:
    for sub in ("media", "cache", "backups"):
        assert (library.path / sub).is_dir()
    assert library.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert library.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert library.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    names = {row[0] for row in library.db.execute("SELECT name FROM coding_schemes")}
    assert {"vig_principles", "infant_cues_parent_responses"} <= names


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_folder_and_files_are_private(library: Library) -> None:
    assert stat.S_IMODE(library.path.stat().st_mode) == 0o700
    for sub in ("media", "cache", "backups"):
        assert stat.S_IMODE((library.path / sub).stat().st_mode) == 0o700
    assert stat.S_IMODE(library.db_path.stat().st_mode) == 0o600


def test_missing_library_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryNotFoundError, match="attune library init"):
        Library.open(tmp_path / "nowhere")


def test_second_writer_is_told_who_holds_the_library(library: Library) -> None:
    with pytest.raises(LibraryBusyError) as caught:
        Library.open(library.path)
    message = str(caught.value)
    assert f"process {os.getpid()}" in message and "read-only" in message


def test_read_only_view_while_another_writer_holds_it(library: Library) -> None:
    with Library.open(library.path, read_only=True) as view:
        assert view.db.execute("SELECT count(*) FROM coding_schemes").fetchone()[0] > 0
        with pytest.raises(ReadOnlyLibraryError), view.transaction():
            pass


def test_stale_lock_note_is_taken_over(library_path: Path) -> None:
    Library.open(library_path, create=True).close()
    (library_path / "library.lock.json").write_text('{"pid": 999999, "since": "yesterday"}')
    with Library.open(library_path) as reopened:
        assert any("999999" in notice for notice in reopened.notices)


def test_newer_library_is_refused_untouched(library_path: Path) -> None:
    with Library.open(library_path, create=True) as library:
        library.db.execute("PRAGMA user_version = 99")
    before = (library_path / "library.sqlite").read_bytes()
    with pytest.raises(LibraryTooNewError, match="newer version of Attune"):
        Library.open(library_path)
    assert (library_path / "library.sqlite").read_bytes() == before


def test_transaction_rolls_back_on_error(library: Library) -> None:
    with pytest.raises(RuntimeError), library.transaction():
        library.audit("test", "nothing", None, {})
        raise RuntimeError("boom")
    assert (
        library.db.execute("SELECT count(*) FROM audit_log WHERE action='test'").fetchone()[0] == 0
    )


def test_default_path_honours_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(LIBRARY_ENV, str(tmp_path / "x"))
    assert default_library_path() == tmp_path / "x"
    monkeypatch.delenv(LIBRARY_ENV)
    assert "Attune" in str(default_library_path())


def test_audit_log_refuses_edits(library: Library) -> None:
    with library.transaction():
        library.audit("test", "nothing", None, {"a": 1})
    with pytest.raises(Exception, match="append-only"):
        library.db.execute("DELETE FROM audit_log")


def test_failed_commit_is_rolled_back_and_later_actions_still_commit(library: Library) -> None:
    with pytest.raises(sqlite3.IntegrityError), library.transaction() as db:
        db.execute("PRAGMA defer_foreign_keys = ON")  # the violation surfaces at COMMIT
        db.execute(
            "INSERT INTO sessions (family_id, date, kind) VALUES (999, '2026-01-01', 'filming')"
        )
    assert not library.db.conn.in_transaction
    with library.transaction() as db:
        db.execute("INSERT INTO families (ref, created_at) VALUES ('F-9', '2026')")
    with sqlite3.connect(library.db_path) as other:
        assert other.execute("SELECT ref FROM families").fetchall() == [("F-9",)]
        assert other.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    other.close()


def test_interrupted_creation_is_completed_with_the_bundled_schemes(library_path: Path) -> None:
    library_path.mkdir()
    (library_path / "library.sqlite").touch()  # created, then the process died
    with Library.open(library_path) as library:
        names = {row[0] for row in library.db.execute("SELECT name FROM coding_schemes")}
        assert "vig_principles" in names


def test_a_failed_backup_on_open_does_not_leave_the_library_locked(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library.open(library_path, create=True) as library, library.transaction():
        library.audit("change", "nothing", None, {})
    for backup in (library_path / "backups").iterdir():
        backup.unlink()

    def disk_full(self: Library) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Library, "backup_if_changed", disk_full)
    with pytest.raises(OSError, match="No space"):
        Library.open(library_path)
    monkeypatch.undo()
    with Library.open(library_path, auto_backup=False) as reopened:
        assert not reopened.read_only
