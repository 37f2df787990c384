"""Permission checks against the one table in `attune_app.domain.permissions`, and adding
people with a profile (an admin's job, or anyone's while the library has no admin yet)."""

from __future__ import annotations

from attune_app.domain.models import PROFILES, Person, Session
from attune_app.domain.permissions import ADMIN, denial, may
from attune_app.services.people import add_person, find_person
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library


class PermissionDeniedError(InvalidChangeError):
    """The actor's profile does not allow this; nothing was changed."""


def actor(library: Library) -> Person:
    if library.actor is None:
        raise PermissionDeniedError(
            "Attune does not know who is working; choose a person (--as NAME) first."
        )
    return records.get(library.db, "people", library.actor, records.person)


def require(library: Library, action: str, session: Session | None = None) -> Person:
    """The actor, when their profile allows `action` (on `session`, if given); otherwise
    `PermissionDeniedError` saying why."""
    person = actor(library)
    is_author = None if session is None else session.practitioner_id == person.id
    if not may(person.profile, action, is_author=is_author):
        raise PermissionDeniedError(
            f"{person.display_name} ({person.profile}): "
            f"{denial(person.profile, action, is_author=is_author)} Nothing was changed."
        )
    return person


def allowed(library: Library, action: str, session: Session | None = None) -> bool:
    try:
        require(library, action, session)
    except PermissionDeniedError:
        return False
    return True


def has_admin(library: Library) -> bool:
    row = library.db.execute("SELECT 1 FROM people WHERE profile = ? LIMIT 1", [ADMIN]).fetchone()
    return row is not None


def register_person(library: Library, display_name: str, profile: str) -> Person:
    """Add a person with a profile. An admin does this; while the library has no admin yet,
    anyone may (that is how the first admin is made)."""
    if has_admin(library):
        require(library, "manage_people")
    if find_person(library, display_name) is not None:
        raise InvalidChangeError(
            f"The library already knows someone called {display_name.strip()!r}; "
            "use `attune person profile` to change their profile."
        )
    return add_person(library, display_name.strip(), profile)


def set_profile(library: Library, person_id: int, profile: str) -> Person:
    if profile not in PROFILES:
        raise InvalidChangeError(f"A profile must be one of {', '.join(PROFILES)}.")
    if has_admin(library):
        require(library, "manage_people")
    with library.transaction() as db:
        before = records.get(db, "people", person_id, records.person)
        db.execute("UPDATE people SET profile = ? WHERE id = ?", [profile, person_id])
        library.audit(
            "set_profile",
            "person",
            person_id,
            {"from": before.profile, "to": profile, "at": now_iso()},
        )
    return records.get(library.db, "people", person_id, records.person)
