"""Unlocking an encrypted library at open, and auditing every attempt (never a secret).

A failed attempt cannot be written to the audit log at once (the log is inside the database
the passphrase did not open), so it is noted with its time alone in `unlock-failures.json`;
the next successful unlock moves those notes into the log, then its own entry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from attune_app.store import keys
from attune_app.store.audit import now_iso
from attune_app.store.files import atomic_write_text, make_private_file, remove_quietly

if TYPE_CHECKING:
    from attune_app.store.library import Library

FAILURES_FILE = "unlock-failures.json"


def unlock_for_open(folder: Path, passphrase: str | None) -> keys.DataKey:
    """The data key from `passphrase` or `$ATTUNE_PASSPHRASE`; a failure is noted."""
    given = passphrase if passphrase is not None else keys.passphrase_from_env()
    if given is None:
        raise keys.LockedLibraryError(
            f"The library {folder} is encrypted. Give its passphrase (Attune asks for it; "
            f"scripts set {keys.PASSPHRASE_ENV}).",
            folder,
        )
    try:
        return keys.unlock(folder, given)
    except keys.WrongPassphraseError:
        note_failed_unlock(folder)
        raise


def unlock_with_recovery_for_open(folder: Path, recovery: str) -> keys.DataKey:
    try:
        return keys.unlock_with_recovery(folder, recovery)
    except keys.WrongPassphraseError:
        note_failed_unlock(folder)
        raise


def note_failed_unlock(folder: Path) -> None:
    path = Path(folder) / FAILURES_FILE
    times = pending_failures(folder)
    times.append(now_iso())
    try:
        atomic_write_text(path, json.dumps(times[-1000:]) + "\n")
        make_private_file(path)
    except OSError:
        pass  # a read-only folder: the failure still raised its message


def pending_failures(folder: Path) -> list[str]:
    try:
        loaded = json.loads((Path(folder) / FAILURES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(t) for t in loaded] if isinstance(loaded, list) else []


def audit_unlocks(library: Library) -> None:
    """Inside the open: the noted failures, then this unlock, into the audit log."""
    failures = pending_failures(library.path)
    via = library.data_key.via if library.data_key is not None else "passphrase"
    with library.transaction():
        for at in failures:
            library.audit("unlock_failed", "library", None, {"noted_at": at})
        library.audit("unlock", "library", None, {"via": via})
    remove_quietly(library.path / FAILURES_FILE)


def audit_relock(library: Library, *, succeeded: bool) -> None:
    """The idle lock's passphrase prompt on an open library: audited at once."""
    with library.transaction():
        library.audit(
            "unlock" if succeeded else "unlock_failed", "library", None, {"via": "idle lock"}
        )
