"""People with profiles for the supervision tests: an admin made first, then staff."""

from __future__ import annotations

from attune_app.domain.models import Person
from attune_app.services.people import act_as
from attune_app.services.permissions import register_person
from attune_app.store.library import Library


def add_staff(library: Library) -> dict[str, Person]:
    """Ada (admin), Pat (practitioner), Sam and Sky (supervisors); leaves Pat acting."""
    staff = {"ada": register_person(library, "Ada", "admin")}
    act_as(library, "Ada")
    staff["pat"] = register_person(library, "Pat", "practitioner")
    staff["sam"] = register_person(library, "Sam", "supervisor")
    staff["sky"] = register_person(library, "Sky", "supervisor")
    act_as(library, "Pat")
    return staff
