"""Opening an encrypted library at start: ask for its passphrase (a few tries), never echoed.

Every wrong try is noted and lands in the library's audit log at the next unlock (see
`attune_app.store.unlock`); the passphrase itself is kept nowhere.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from attune_app.store.damage import DamagedLibraryError
from attune_app.store.keys import LockedLibraryError, WrongPassphraseError
from attune_app.store.library import Library

MAX_TRIES = 5


def open_with_passphrase(
    locked: LockedLibraryError, parent: QWidget | None = None
) -> Library | None:
    """The library opened with the passphrase typed, or None when the user gives up. Raises
    `DamagedLibraryError` when the passphrase unlocks it but its file is damaged."""
    if locked.folder is None:
        QMessageBox.critical(parent, "Attune could not open the library", str(locked))
        return None
    hint = ""
    for _ in range(MAX_TRIES):
        typed, ok = QInputDialog.getText(
            parent,
            "This library is encrypted",
            f"{hint}Type the passphrase of the library in {locked.folder}:",
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
        try:
            return Library.open(locked.folder, passphrase=typed)
        except WrongPassphraseError:
            hint = "That passphrase does not unlock it; check capitals and keyboard layout.\n"
        except DamagedLibraryError:
            raise  # unlocked, but the file is damaged: the caller offers a backup
        except Exception as error:  # busy, too new, key file unreadable: said plainly
            QMessageBox.critical(parent, "Attune could not open the library", str(error))
            return None
    QMessageBox.critical(
        parent,
        "Attune could not open the library",
        "The passphrase was wrong too many times. If it is forgotten, set a new one with the "
        "recovery key: attune library change-passphrase --recovery-key",
    )
    return None
