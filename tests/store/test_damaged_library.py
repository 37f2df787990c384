"""A damaged library file is named, with a good backup to restore; never a traceback."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from attune_app.services import create_reel, list_reels
from attune_app.store.check import check_library
from attune_app.store.damage import DamagedLibraryError, diagnose, restore_damaged
from attune_app.store.errors import LibraryError
from attune_app.store.library import DB_NAME, Library

PAGE = 4096


def _library_with_backup(folder: Path) -> bytes:
    with Library.open(folder, create=True) as library:
        for n in range(4):
            create_reel(library, f"Reel {n}", "parent_review")
        library.backup(label="manual")
        create_reel(library, "After the backup", "parent_review")
    return (folder / DB_NAME).read_bytes()


def _corrupt(data: bytes, rng: random.Random, kind: int) -> bytes:
    b = bytearray(data)
    if kind == 0:  # a few flipped bytes
        for _ in range(rng.randint(1, 12)):
            b[rng.randrange(len(b))] ^= rng.randint(1, 255)
    elif kind == 1:  # cut off
        b = b[: rng.randrange(len(b))]
    elif kind == 2:  # a zeroed page
        page = rng.randrange(len(b) // PAGE)
        b[page * PAGE : (page + 1) * PAGE] = bytes(PAGE)
    elif kind == 3:  # another program's header
        b[:16] = rng.choice([b"PK\x03\x04zipzipzipzip", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"])
    else:  # header bytes flipped (page size, encoding, schema cookie...)
        for _ in range(rng.randint(1, 3)):
            b[rng.randrange(16, 100)] ^= rng.randint(1, 255)
    return bytes(b)


def _attune(folder: Path, *words: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "attune_app.cli", *words, "--library", str(folder)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def _use(folder: Path) -> None:
    with Library.open(folder, auto_backup=False) as library:
        list_reels(library)
        check_library(library, hash_media=False)


def test_seeded_corruptions_give_a_message_or_a_correct_open(tmp_path: Path) -> None:
    source = tmp_path / "source"
    data = _library_with_backup(source)
    outcomes = {"opened": 0, "refused": 0}
    failed_reads = []
    for seed in range(300):
        rng = random.Random(seed)
        folder = tmp_path / f"case{seed}"
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("library.lock"))
        (folder / DB_NAME).write_bytes(_corrupt(data, rng, seed % 5))
        try:
            _use(folder)
        except LibraryError as error:
            assert str(folder / DB_NAME) in str(error) or str(folder) in str(error)
            outcomes["refused"] += 1
        except sqlite3.DatabaseError:
            failed_reads.append(folder)  # opened, then a read failed: see what the user sees
            continue
        else:
            outcomes["opened"] += 1
        shutil.rmtree(folder)
    assert outcomes["refused"] > 100  # most corruptions are caught at open
    assert len(failed_reads) < 15
    for folder in failed_reads:
        listed = _attune(folder, "reel", "list")
        assert "Traceback" not in listed.stderr
        assert listed.returncode == 0 or str(folder) in listed.stderr
        checked = _attune(folder, "library", "check")
        assert "Traceback" not in checked.stderr and checked.returncode == 1


def test_damage_names_the_file_and_the_newest_good_backup(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    data = _library_with_backup(folder)
    (folder / DB_NAME).write_bytes(b"PK\x03\x04" + data[4:])
    with pytest.raises(DamagedLibraryError) as caught:
        Library.open(folder)
    error = caught.value
    assert str(folder / DB_NAME) in str(error)
    assert [b.label for b in error.backups] == [None, "manual"]  # newest (made at close) first
    assert f"attune library restore {error.backups[0].path.name}" in str(error)


def test_an_empty_file_beside_media_is_damage_not_a_new_library(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    _library_with_backup(folder)
    (folder / "media" / "ab12.mp4").write_bytes(b"clip")
    (folder / DB_NAME).write_bytes(b"")
    for wal in folder.glob(f"{DB_NAME}-*"):
        wal.unlink()
    assert "empty (0 bytes)" in (diagnose(folder) or "")
    with pytest.raises(DamagedLibraryError):
        Library.open(folder)
    assert (folder / DB_NAME).stat().st_size == 0  # nothing was written over it


def test_restore_puts_the_backup_in_place_and_keeps_the_damaged_file(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    data = _library_with_backup(folder)
    damaged = data[:PAGE] + bytes(PAGE) + data[2 * PAGE :]
    (folder / DB_NAME).write_bytes(damaged)
    with pytest.raises(DamagedLibraryError) as caught:
        _use(folder)
    kept = restore_damaged(folder, caught.value.backups[0])
    assert kept.read_bytes() == damaged
    with Library.open(folder) as library:
        names = [r.name for r in list_reels(library)]
        assert names == [*(f"Reel {n}" for n in range(4)), "After the backup"]
        assert check_library(library).ok


def test_check_stops_at_damage_without_repairs(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    data = _library_with_backup(folder)
    with Library.open(folder) as library:
        size = library.db.execute("PRAGMA page_count").fetchone()[0]
    assert size > 3
    broken = bytearray(data)
    broken[-PAGE:] = bytes(PAGE)  # the last page (an index or table leaf) zeroed
    (folder / DB_NAME).write_bytes(bytes(broken))
    try:
        library = Library.open(folder, auto_backup=False)
    except DamagedLibraryError:
        return  # caught at open: nothing to repair either
    with library:
        report = check_library(library)
        assert not report.ok
        assert report.repairs == []
        assert "damaged" in report.problems[0].what


def test_cli_check_and_restore_of_a_damaged_library(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    data = _library_with_backup(folder)
    (folder / DB_NAME).write_bytes(data[:100] + bytes(len(data) - 100))

    def attune(*words: str) -> subprocess.CompletedProcess[str]:
        return _attune(folder, *words)

    check = attune("library", "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "is damaged" in check.stderr and "attune library restore" in check.stderr
    listed = attune("library", "restore")
    assert listed.returncode == 1 and listed.stdout.strip().endswith("-manual.sqlite")
    assert len(listed.stdout.split()) == 2  # the backup made at close, then the manual one
    restored = attune("library", "restore", listed.stdout.split()[0])
    assert restored.returncode == 0, restored.stderr
    assert attune("library", "check").returncode == 0
