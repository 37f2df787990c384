"""On an encrypted library the window plays its clips (decrypted in place) and the idle lock
asks for the library's passphrase."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from attune_app.media import open_video
from attune_app.services import ensure_local_person
from attune_app.services.importing import import_clip
from attune_app.services.library_encryption import encrypt_library
from attune_app.store import keys
from attune_app.store.library import Library
from ui.app import build_window

PASS = "a long night of feeds"


@pytest.fixture
def encrypted(
    tmp_path: Path, index_clip_file: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Library]:
    monkeypatch.setitem(keys.DEFAULT_KDF, "memory_kib", 1024)
    monkeypatch.setitem(keys.DEFAULT_KDF, "iterations", 1)
    folder = tmp_path / "library"
    with Library.open(folder, create=True, auto_backup=False) as plain:
        ensure_local_person(plain)
        import_clip(plain, index_clip_file, family_ref="F-TEST", session_date="2026-03-02")
    encrypt_library(folder, PASS)
    with Library.open(folder, passphrase=PASS, auto_backup=False) as library:
        ensure_local_person(library)
        yield library


def test_encrypted_clip_plays_and_the_lock_wants_the_passphrase(
    qtbot: QtBot, encrypted: Library, index_clip_file: Path
) -> None:
    clip_path = encrypted.media_dir / next(p.name for p in encrypted.media_dir.iterdir())
    assert clip_path.read_bytes()[:8] == b"ATNMED01"  # the file on disk is ciphertext
    win = build_window(encrypted)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitCallback(timeout=15_000) as opened:
        win.open_clip(1, opened)
    opened.assert_called_with(True)
    with open_video(index_clip_file) as plain:
        expected, count = plain.read(7), plain.frame_count
    assert win.player.video_info is not None and win.player.video_info.frame_count == count
    with qtbot.waitSignal(win.player.frameShown, timeout=5_000) as shown:
        win.player.seek(7)
    frame, rgb = shown.args
    assert frame == 7 and np.array_equal(rgb, expected)
    lock = win.safeguarding.idle_lock
    assert lock is not None
    lock.idle_ms = 200
    with qtbot.waitSignal(lock.locked, timeout=5_000):
        lock.timer.start(200)
    assert "passphrase" in lock.overlay.message.text()
    assert not lock.try_unlock("Local person")  # a name is not the passphrase
    assert "does not unlock" in lock.overlay.error.text()
    assert lock.try_unlock(PASS)
    actions = [
        str(r[0])
        for r in encrypted.db.execute(
            "SELECT action FROM audit_log WHERE action IN ('idle_lock', 'unlock',"
            " 'unlock_failed') ORDER BY id"
        )
    ]
    assert actions[-3:] == ["idle_lock", "unlock_failed", "unlock"]
    win.close()


def test_start_asks_for_the_passphrase_until_it_is_right(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from ui.safeguarding.unlock_dialog import open_with_passphrase

    monkeypatch.setitem(keys.DEFAULT_KDF, "memory_kib", 1024)
    monkeypatch.setitem(keys.DEFAULT_KDF, "iterations", 1)
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    folder = tmp_path / "library"
    with Library.open(folder, create=True, auto_backup=False) as plain:
        ensure_local_person(plain)
    encrypt_library(folder, PASS)
    with pytest.raises(keys.LockedLibraryError) as locked:
        Library.open(folder)
    answers = iter([("wrong one", True), (PASS, True)])
    prompts: list[str] = []

    def typed(_parent: object, _title: str, label: str, _echo: object) -> tuple[str, bool]:
        prompts.append(label)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", typed)
    library = open_with_passphrase(locked.value)
    assert library is not None
    try:
        assert library.encrypted and len(prompts) == 2 and "does not unlock" in prompts[1]
        actions = [str(r[0]) for r in library.db.execute("SELECT action FROM audit_log")]
        assert actions[-2:] == ["unlock_failed", "unlock"]
    finally:
        library.close()
