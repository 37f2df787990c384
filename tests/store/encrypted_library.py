"""An encrypted library with reels and backups, made once and copied per test (cheap Argon2id:
the parameters are stored in the key file, so every later unlock is cheap too)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from attune_app.services import create_reel, list_reels
from attune_app.services.library_encryption import encrypt_library
from attune_app.store import keys
from attune_app.store.library import DB_NAME, Library

PASS = "correct horse battery"
PAGE = 4096
REELS_AT_BACKUP = [f"Reel {n}" for n in range(4)]
ALL_REELS = [*REELS_AT_BACKUP, "After the backup"]


def make_encrypted_library(folder: Path) -> None:
    """Four reels, a manual backup, encryption, then a fifth reel (the close makes a backup)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(keys.DEFAULT_KDF, "memory_kib", 1024)
        patch.setitem(keys.DEFAULT_KDF, "iterations", 1)
        with Library.open(folder, create=True) as library:
            for name in REELS_AT_BACKUP:
                create_reel(library, name, "parent_review")
            library.backup(label="manual")
        encrypt_library(folder, PASS)
    with Library.open(folder, passphrase=PASS) as library:
        create_reel(library, "After the backup", "parent_review")
    for side in folder.glob(f"{DB_NAME}-*"):  # closed: the log is checkpointed into the file
        side.unlink()


def copy_library(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("library.lock"))
    return target


def reel_names(folder: Path) -> list[str]:
    with Library.open(folder, passphrase=PASS, auto_backup=False) as library:
        return [r.name for r in list_reels(library)]


def used_page(folder: Path, table: str) -> int:
    """The root page of `table` (read with the key), a page every open's quick_check reads."""
    with Library.open(folder, passphrase=PASS, auto_backup=False, read_only=True) as library:
        row = library.db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", [table]
        ).fetchone()
    return int(row[0])
