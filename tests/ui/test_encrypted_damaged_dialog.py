"""The start-up restore offer for a damaged ENCRYPTED library: after the passphrase prompt, the
good encrypted backups; the restored file opens with the same key; the damaged file is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from attune_app.services import list_reels
from attune_app.store import keys
from attune_app.store.damage import DamagedLibraryError
from attune_app.store.library import DB_NAME, Library
from tests.store.encrypted_library import ALL_REELS, PAGE, PASS, make_encrypted_library
from ui import app as attune_app_ui
from ui.library.damaged_library_dialog import DamagedLibraryDialog
from ui.safeguarding.unlock_dialog import open_with_passphrase


def _damaged_encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    folder = tmp_path / "lib"
    make_encrypted_library(folder)
    data = (folder / DB_NAME).read_bytes()
    (folder / DB_NAME).write_bytes(bytes(PAGE) + data[PAGE:])  # the first page zeroed
    return folder


def test_the_passphrase_prompt_hands_damage_to_the_restore_offer(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _damaged_encrypted(tmp_path, monkeypatch)
    damaged = (folder / DB_NAME).read_bytes()
    with pytest.raises(keys.LockedLibraryError) as locked:
        Library.open(folder)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (PASS, True))
    with pytest.raises(DamagedLibraryError) as caught:
        open_with_passphrase(locked.value)
    error = caught.value
    dialog = DamagedLibraryDialog(error)
    qtbot.addWidget(dialog)
    assert dialog.backups.count() == len(error.backups) >= 2
    assert dialog.restore_button.isEnabled()
    assert str(folder / DB_NAME) in str(error)
    monkeypatch.setattr(DamagedLibraryDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    library = attune_app_ui.offer_restore(error)  # no second passphrase prompt
    assert library is not None
    with library:
        assert library.encrypted
        assert [r.name for r in list_reels(library)] == ALL_REELS
    (kept,) = folder.glob("library.sqlite.damaged-*")
    assert kept.read_bytes() == damaged
    with Library.open(folder, passphrase=PASS, auto_backup=False) as again:
        assert [r.name for r in list_reels(again)] == ALL_REELS


def test_a_wrong_passphrase_at_the_prompt_is_asked_again_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _damaged_encrypted(tmp_path, monkeypatch)
    answers = iter([("not the passphrase", True), ("", False)])
    prompts: list[str] = []

    def typed(*args: object, **kwargs: object) -> tuple[str, bool]:
        prompts.append(str(args[2]))
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", typed)
    assert open_with_passphrase(keys.LockedLibraryError("locked", folder)) is None
    assert "does not unlock it" in prompts[1]
