"""People who use the library (practitioners, supervisors, trainers, admins)."""

from __future__ import annotations

import getpass

from attune_app.domain.models import PROFILES, Person
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library


def add_person(library: Library, display_name: str, profile: str) -> Person:
    if profile not in PROFILES:
        raise InvalidChangeError(
            f"A profile must be one of {', '.join(PROFILES)}, not {profile!r}."
        )
    if not display_name.strip():
        raise InvalidChangeError("A person needs a name to show in the audit trail.")
    with library.transaction() as db:
        person_id = records.insert(
            db,
            "people",
            {"display_name": display_name, "profile": profile, "created_at": now_iso()},
        )
        library.audit("add_person", "person", person_id, {"profile": profile})
    return records.get(library.db, "people", person_id, records.person)


def ensure_local_person(library: Library, profile: str = "practitioner") -> Person:
    """The person for this computer account, made on first use; sets it as the library's actor."""
    os_user = getpass.getuser()
    found = records.select(
        library.db, "SELECT * FROM people WHERE os_user = ? ORDER BY id", [os_user], records.person
    )
    if found:
        library.actor = found[0].id
        return found[0]
    with library.transaction() as db:
        person_id = records.insert(
            db,
            "people",
            {
                "display_name": os_user,
                "profile": profile,
                "os_user": os_user,
                "created_at": now_iso(),
            },
        )
        library.actor = person_id
        library.audit("add_person", "person", person_id, {"profile": profile, "local": True})
    return records.get(library.db, "people", person_id, records.person)


def list_people(library: Library) -> list[Person]:
    return records.select(library.db, "SELECT * FROM people ORDER BY id", None, records.person)


def find_person(library: Library, name: str) -> Person | None:
    """The person with this display name or login (case-insensitive), if the library knows them."""
    found = records.select(
        library.db,
        "SELECT * FROM people WHERE lower(display_name) = lower(?) OR lower(os_user) = lower(?) "
        "ORDER BY id",
        [name.strip(), name.strip()],
        records.person,
    )
    return found[0] if found else None


def act_as(library: Library, name: str, profile: str = "practitioner") -> Person:
    """Make `name` the library's actor (the `--as` of a command). While the library has no
    admin, an unknown name is added with `profile` (a practitioner); once it has one, only
    people added with a profile (`attune person add`) may act."""
    if not name.strip():
        raise InvalidChangeError("Name the person doing this (--as NAME).")
    person = find_person(library, name)
    if person is None and _has_admin(library):
        raise InvalidChangeError(
            f"This library does not know anyone called {name.strip()!r}. Once a library has an "
            "admin, only people they add can work in it: ask them to run "
            "`attune person add NAME --profile P`."
        )
    if person is None:
        if library.read_only:
            raise InvalidChangeError(
                f"This library does not know anyone called {name!r}, and it is open read-only."
            )
        person = add_person(library, name.strip(), profile)
    library.actor = person.id
    return person


def _has_admin(library: Library) -> bool:
    return (
        library.db.execute("SELECT 1 FROM people WHERE profile = 'admin' LIMIT 1").fetchone()
        is not None
    )
