"""Views in the audit trail: who opened which clip, started which review, viewed which report.

Views change nothing, but a service must be able to show who saw a family's films and notes.
The entry holds the record's id and kind only, never its words."""

from __future__ import annotations

from attune_app.store.library import Library

VIEW_ACTIONS = {
    "open_clip": "clip",
    "start_review": "reel",
    "view_report": "report",
    "view_audit": "library",
    # security events: the window locked when idle, and what happened at its lock
    "idle_lock": "library",
    "unlock": "library",
    "unlock_failed": "library",
}


def unlock_matches(library: Library, typed: str) -> bool:
    """Whether `typed` is the name the library knows the current person by (display name or
    computer login, case and surrounding spaces aside): the idle lock's confirmation on a
    library without a passphrase. On an encrypted library it is the passphrase: whether it
    unwraps this library's data key (Argon2id: a fraction of a second)."""
    if library.data_key is not None:
        from attune_app.store import keys

        try:
            return keys.unlock(library.path, typed) == library.data_key
        except keys.WrongPassphraseError:
            return False
    if library.actor is None:
        return False
    row = library.db.execute(
        "SELECT display_name, os_user FROM people WHERE id = ?", [library.actor]
    ).fetchone()
    names = {str(n).strip().casefold() for n in row or () if n}
    return bool(typed.strip()) and typed.strip().casefold() in names


def record_view(library: Library, action: str, entity_id: int | None, **facts: int | str) -> bool:
    """Audit a view (one transaction). Returns False, writing nothing, on a read-only library
    (a read-only command cannot write; it changes nothing either)."""
    entity = VIEW_ACTIONS.get(action)
    if entity is None:
        raise ValueError(f"not a view action: {action}")
    if library.read_only:
        return False
    with library.transaction():
        library.audit(action, entity, entity_id, dict(facts))
    return True
