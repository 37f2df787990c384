"""A damaged ENCRYPTED library is named with its good backups, never taken for a wrong
passphrase (and a wrong passphrase never for damage); restore keeps the damaged file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from attune_app.cli import main
from attune_app.services import list_reels
from attune_app.store import keys
from attune_app.store.check import check_library
from attune_app.store.damage import DamagedLibraryError, good_backups, restore_damaged
from attune_app.store.errors import LibraryError
from attune_app.store.library import DB_NAME, Library
from tests.store.encrypted_library import (
    ALL_REELS,
    PAGE,
    PASS,
    REELS_AT_BACKUP,
    copy_library,
    make_encrypted_library,
    reel_names,
    used_page,
)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("encrypted") / "source"
    make_encrypted_library(folder)
    return folder


@pytest.fixture
def folder(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    return copy_library(source, tmp_path / "lib")


def _flip(offset: int) -> Callable[[bytes, Path], bytes]:
    def damage(data: bytes, _: Path) -> bytes:
        b = bytearray(data)
        b[offset] ^= 0x5A
        return bytes(b)

    return damage


def _flip_page_of(table: str) -> Callable[[bytes, Path], bytes]:
    def damage(data: bytes, folder: Path) -> bytes:
        return _flip((used_page(folder, table) - 1) * PAGE + 1000)(data, folder)

    return damage


def _zero_page(page: int) -> Callable[[bytes, Path], bytes]:
    return lambda data, _: data[: (page - 1) * PAGE] + bytes(PAGE) + data[page * PAGE :]


def _plain_sqlite(data: bytes, folder: Path) -> bytes:
    other = folder.parent / "plain.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    return other.read_bytes()


DAMAGES: dict[str, Callable[[bytes, Path], bytes]] = {
    "flipped byte in page 1 (HMAC)": _flip(300),
    "flipped salt": _flip(3),
    "flipped byte in the tags table's page": _flip_page_of("tags"),
    "zeroed first page": _zero_page(1),
    "zeroed page of the audit log": lambda data, folder: _zero_page(used_page(folder, "audit_log"))(
        data, folder
    ),
    "cut inside a page": lambda data, _: data[: 3 * PAGE + 77],
    "cut at a page boundary": lambda data, _: data[: 3 * PAGE],
    "cut inside page 1": lambda data, _: data[:50],
    "empty": lambda data, _: b"",
    "another program's file": lambda data, _: b"PK\x03\x04" + data[4:],
    "a plain SQLite file": _plain_sqlite,
}


def _damage(folder: Path, kind: str) -> bytes:
    db = folder / DB_NAME
    damaged = DAMAGES[kind](db.read_bytes(), folder)
    db.write_bytes(damaged)
    return damaged


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_damage_is_named_with_the_good_backups_not_as_a_wrong_passphrase(
    folder: Path, kind: str
) -> None:
    damaged = _damage(folder, kind)
    with pytest.raises(DamagedLibraryError) as caught:
        Library.open(folder, passphrase=PASS)
    error = caught.value
    message = str(error)
    assert f"The library file {folder / DB_NAME} is damaged" in message
    assert "passphrase" not in message.lower()
    assert len(error.backups) >= 2
    taken = [b.taken_at for b in error.backups]
    assert taken == sorted(taken, reverse=True)  # newest first
    assert f"attune library restore {error.backups[0].path.name}" in message
    assert (folder / DB_NAME).read_bytes() == damaged  # nothing written over it
    with pytest.raises(DamagedLibraryError):  # read-only opening says the same
        Library.open(folder, passphrase=PASS, read_only=True)


def test_sqlcipher_names_the_page_that_fails_its_hmac(folder: Path) -> None:
    page = used_page(folder, "tags")
    _damage(folder, "flipped byte in the tags table's page")
    with pytest.raises(DamagedLibraryError) as caught:
        Library.open(folder, passphrase=PASS)
    assert f"HMAC verification failed for page {page}" in caught.value.reason


def test_a_replaced_file_under_another_key_is_damage(folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    make_encrypted_library(other)  # another library: its own random data key
    (folder / DB_NAME).write_bytes((other / DB_NAME).read_bytes())
    with pytest.raises(DamagedLibraryError, match="none of its pages opens with this"):
        Library.open(folder, passphrase=PASS)


@pytest.mark.parametrize("damaged", [False, True])
def test_a_wrong_passphrase_is_never_damage(folder: Path, damaged: bool) -> None:
    before = _damage(folder, "flipped byte in page 1 (HMAC)") if damaged else None
    with pytest.raises(keys.WrongPassphraseError, match="does not unlock the library"):
        Library.open(folder, passphrase="not the passphrase")
    if before is not None:
        assert (folder / DB_NAME).read_bytes() == before


def test_backups_are_good_only_when_they_open_with_this_key(folder: Path, tmp_path: Path) -> None:
    data_key = keys.unlock(folder, PASS)
    backups = good_backups(folder, data_key)
    assert len(backups) >= 2
    newest, manual = backups[0].path, next(b.path for b in backups if b.label == "manual")
    flipped = bytearray(newest.read_bytes())
    flipped[PAGE + 10] ^= 1
    newest.write_bytes(bytes(flipped))
    other = tmp_path / "other"
    make_encrypted_library(other)
    manual.write_bytes(next((other / "backups").glob("*-manual.sqlite")).read_bytes())
    left = {b.path for b in good_backups(folder, data_key)}
    assert left == {b.path for b in backups} - {newest, manual}
    assert good_backups(folder) == []  # without the key none passes SQLite's plain check


def test_restore_puts_the_backup_in_place_under_the_same_key(folder: Path) -> None:
    damaged = _damage(folder, "zeroed first page")
    with pytest.raises(DamagedLibraryError) as caught:
        Library.open(folder, passphrase=PASS)
    error = caught.value
    kept = restore_damaged(folder, error.backups[0], error.data_key)
    assert kept.read_bytes() == damaged  # kept beside it, byte for byte
    assert reel_names(folder) == ALL_REELS
    with Library.open(folder, passphrase=PASS, auto_backup=False) as library:
        assert library.encrypted and check_library(library, hash_media=False).ok


def test_restore_refuses_a_backup_that_does_not_open_with_the_key(folder: Path) -> None:
    damaged = _damage(folder, "empty")
    with pytest.raises(DamagedLibraryError) as caught:
        Library.open(folder, passphrase=PASS)
    backup = caught.value.backups[0].path
    backup.write_bytes(backup.read_bytes()[: 2 * PAGE])
    with pytest.raises(Exception, match="is damaged too"):
        restore_damaged(folder, backup, caught.value.data_key)
    assert (folder / DB_NAME).read_bytes() == damaged


def test_check_reports_a_damaged_page_and_repairs_nothing(folder: Path) -> None:
    """A page SQLite's quick_check need not read (damaged while the library is open) is still
    found by SQLCipher's check of every page."""
    with Library.open(folder, passphrase=PASS, auto_backup=False) as library:
        pages = library.db.execute("PRAGMA page_count").fetchone()[0]
        db = folder / DB_NAME
        data = bytearray(db.read_bytes())
        data[(pages - 1) * PAGE + 100] ^= 0xFF
        db.write_bytes(bytes(data))
        report = check_library(library, hash_media=False)
    assert not report.ok and report.repairs == []
    assert f"HMAC verification failed for page {pages}" in report.problems[0].what


def _cli(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_check_and_restore_of_a_damaged_encrypted_library(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = _damage(folder, "flipped byte in the tags table's page")
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASS)
    lib = ["--library", str(folder)]
    code, _, err = _cli(capsys, "library", "check", *lib)
    assert code == 1 and "Traceback" not in err
    assert f"The library file {folder / DB_NAME} is damaged" in err
    assert "attune library restore" in err
    assert (folder / DB_NAME).read_bytes() == damaged  # the check repaired nothing
    code, listed, err = _cli(capsys, "library", "restore", *lib)
    assert code == 1 and "is damaged" in err
    names = listed.split()
    assert names[-1].endswith("-manual.sqlite") and len(names) >= 2
    code, _, err = _cli(capsys, "library", "restore", names[-1], *lib)
    assert code == 0, err
    assert "the damaged file is kept as library.sqlite.damaged-" in err
    (kept,) = folder.glob("library.sqlite.damaged-*")
    assert kept.read_bytes() == damaged
    assert reel_names(folder) == REELS_AT_BACKUP  # the manual backup, opened with the same key
    assert _cli(capsys, "library", "check", *lib)[0] == 0


def test_cli_wrong_passphrase_on_a_damaged_library_says_passphrase(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _damage(folder, "zeroed first page")
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "not the passphrase")
    code, _, err = _cli(capsys, "library", "restore", "--library", str(folder))
    assert code == 1 and "does not unlock the library" in err and "damaged" not in err


def test_an_intact_encrypted_library_still_opens(folder: Path) -> None:
    with Library.open(folder, passphrase=PASS, auto_backup=False) as library:
        assert [r.name for r in list_reels(library)] == ALL_REELS


KEY_FILE_DAMAGES: dict[str, Callable[[dict[str, Any]], object]] = {
    "wrapped key cut short": lambda c: c["passphrase"].__setitem__("wrapped", "AAAA"),
    "nonce not base64": lambda c: c["passphrase"].__setitem__("nonce", "!!!"),
    "passphrase entry gone": lambda c: c.pop("passphrase"),
    "key derivation mangled": lambda c: c["passphrase"]["kdf"].__setitem__("iterations", "x"),
    "recovery entry gone": lambda c: c.pop("recovery"),
}


@pytest.mark.parametrize("kind", list(KEY_FILE_DAMAGES))
def test_a_damaged_key_file_is_damage_not_a_wrong_passphrase(
    folder: Path, kind: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = folder / keys.KEY_FILE
    content = json.loads(key_file.read_text(encoding="utf-8"))
    KEY_FILE_DAMAGES[kind](content)
    key_file.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(keys.KeyFileError, match="is damaged") as caught:
        Library.open(folder, passphrase=PASS)
    assert str(key_file) in str(caught.value) and "not a wrong passphrase" in str(caught.value)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASS)
    code, _, err = _cli(capsys, "library", "check", "--library", str(folder))
    assert code == 1 and "is damaged" in err and "does not unlock" not in err


def test_a_missing_database_beside_the_key_file_is_not_made_anew(folder: Path) -> None:
    (folder / DB_NAME).unlink()
    with pytest.raises(DamagedLibraryError, match="it is missing") as caught:
        Library.open(folder, create=True, passphrase=PASS)  # as the app opens its default one
    assert not (folder / DB_NAME).exists()
    restore_damaged(folder, caught.value.backups[0], caught.value.data_key)
    assert reel_names(folder) == ALL_REELS


def test_restoring_a_damaged_encrypted_backup_into_a_sound_library_is_refused(
    folder: Path,
) -> None:
    backup = next((folder / "backups").glob("*-manual.sqlite"))
    data = bytearray(backup.read_bytes())
    data[-PAGE + 200] ^= 0x0F  # the last page, which quick_check may never read
    backup.write_bytes(bytes(data))
    with Library.open(folder, passphrase=PASS, auto_backup=False) as library:
        with pytest.raises(LibraryError, match="HMAC verification failed") as caught:
            library.restore(backup)
        assert "nothing was changed" in str(caught.value)
        assert [r.name for r in list_reels(library)] == ALL_REELS
    assert reel_names(folder) == ALL_REELS
