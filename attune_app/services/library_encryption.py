"""Encrypting a library at rest, decrypting it, changing its passphrase: each one action,
audited in the library itself (never a passphrase, key or recovery key)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from attune_app.services.people import act_as, ensure_local_person
from attune_app.store import encryption, keys
from attune_app.store.library import Library


def encrypt_library(
    folder: Path,
    passphrase: str,
    *,
    actor: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> str | None:
    """Encrypt the (closed) library; returns the recovery key to show once, or None when this
    finished an interrupted run whose recovery key was shown then."""
    keys.check_new_passphrase(passphrase)
    recovery = encryption.encrypt_library(folder, passphrase, progress)
    with _opened(folder, actor, passphrase=passphrase) as library, library.transaction():
        library.audit("encrypt_library", "library", None, {"resumed": recovery is None})
    return recovery


def decrypt_library(
    folder: Path,
    passphrase: str,
    *,
    actor: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> None:
    encryption.decrypt_library(folder, passphrase, progress)
    with _opened(folder, actor) as library, library.transaction():
        library.audit("decrypt_library", "library", None, {})


def change_passphrase(
    folder: Path, old: str, new: str, *, recovery: bool = False, actor: str | None = None
) -> None:
    """Re-wrap the data key under `new`; `old` is the passphrase, or with `recovery` the
    recovery key. No media or database page is re-encrypted."""
    try:
        encryption.change_passphrase(folder, old, new, recovery=recovery)
    except keys.WrongPassphraseError:
        from attune_app.store.unlock import note_failed_unlock

        note_failed_unlock(Path(folder).resolve())
        raise
    with _opened(folder, actor, passphrase=new) as library, library.transaction():
        via = "recovery key" if recovery else "passphrase"
        library.audit("change_passphrase", "library", None, {"via": via})


def _opened(folder: Path, actor: str | None, *, passphrase: str | None = None) -> Library:
    library = Library.open(folder, passphrase=passphrase)
    try:
        if actor:
            act_as(library, actor)
        else:
            ensure_local_person(library)
    except BaseException:
        library.close()
        raise
    return library
