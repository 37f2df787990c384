from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from attune_app.services import create_reel, list_reels
from attune_app.store.damage import DamagedLibraryError
from attune_app.store.library import DB_NAME, Library
from ui import app as attune_app_ui
from ui.library.damaged_library_dialog import DamagedLibraryDialog


def _damaged(tmp_path: Path) -> DamagedLibraryError:
    folder = tmp_path / "lib"
    with Library.open(folder, create=True) as library:
        create_reel(library, "Before", "parent_review")
        library.backup(label="manual")
        create_reel(library, "After", "parent_review")  # the backup made at close has it
    (folder / DB_NAME).write_bytes(b"this is not a database at all" * 200)
    try:
        Library.open(folder)
    except DamagedLibraryError as error:
        return error
    raise AssertionError("the damaged library opened")


def test_dialog_lists_good_backups_newest_first_with_dates(qtbot: QtBot, tmp_path: Path) -> None:
    error = _damaged(tmp_path)
    dialog = DamagedLibraryDialog(error)
    qtbot.addWidget(dialog)
    assert dialog.backups.count() == len(error.backups) == 2
    assert "automatic" in dialog.backups.item(0).text()
    assert "made by hand" in dialog.backups.item(1).text()
    assert dialog.chosen_backup() == error.backups[0]
    assert dialog.restore_button.isEnabled()


def test_restore_from_the_dialog_opens_the_backup(
    qtbot: QtBot, tmp_path: Path, monkeypatch: object
) -> None:
    error = _damaged(tmp_path)
    monkeypatch.setattr(  # type: ignore[attr-defined]
        DamagedLibraryDialog, "exec", lambda self: QDialog.DialogCode.Accepted
    )
    library = attune_app_ui.offer_restore(error)
    assert library is not None
    with library:
        assert [r.name for r in list_reels(library)] == ["Before", "After"]
    assert list(error.folder.glob("library.sqlite.damaged-*"))


def test_quitting_the_dialog_changes_nothing(tmp_path: Path, monkeypatch: object) -> None:
    error = _damaged(tmp_path)
    before = (error.folder / DB_NAME).read_bytes()
    monkeypatch.setattr(  # type: ignore[attr-defined]
        DamagedLibraryDialog, "exec", lambda self: QDialog.DialogCode.Rejected
    )
    assert attune_app_ui.offer_restore(error) is None
    assert (error.folder / DB_NAME).read_bytes() == before
