"""The library's retention policy (set by an admin) and which families are due for erasure.

A family is due N months after its last session (or, before any session, after it was added)
or M months after its case was closed, whichever comes first of those the policy sets.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date as Date

from attune_app.domain.models import Family
from attune_app.services.consent_actions import find_family
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library


@dataclass(frozen=True)
class RetentionPolicy:
    months_after_last_session: int | None
    months_after_closed: int | None
    set_by: int | None
    set_at: str | None

    @property
    def is_set(self) -> bool:
        return bool(self.months_after_last_session or self.months_after_closed)


@dataclass(frozen=True)
class DueFamily:
    family: Family
    last_session: str
    due_on: str
    reason: str  # 'last_session' | 'closed'


def get_policy(library: Library) -> RetentionPolicy:
    row = library.db.execute(
        "SELECT months_after_last_session, months_after_closed, set_by, set_at"
        " FROM retention_policy WHERE id = 1"
    ).fetchone()
    return RetentionPolicy(*row) if row else RetentionPolicy(None, None, None, None)


def set_policy(
    library: Library,
    *,
    months_after_last_session: int | None,
    months_after_closed: int | None,
) -> RetentionPolicy:
    """Only an admin sets the policy. A library with no admin yet makes the person who first
    sets it its admin (audited), so a new library can be configured."""
    for value in (months_after_last_session, months_after_closed):
        if value is not None and not 0 < value <= 240:
            raise InvalidChangeError("A retention period is a whole number of months, 1 to 240.")
    if months_after_last_session is None and months_after_closed is None:
        raise InvalidChangeError(
            "Give --months-after-last-session N, --months-after-closed M, or both."
        )
    with library.transaction() as db:
        _require_admin(library)
        values = {
            "id": 1,
            "months_after_last_session": months_after_last_session,
            "months_after_closed": months_after_closed,
            "set_by": library.actor,
            "set_at": now_iso(),
        }
        db.execute("DELETE FROM retention_policy")
        records.insert(db, "retention_policy", values)
        library.audit("set_retention", "library", None, {k: values[k] for k in list(values)[1:4]})
    return get_policy(library)


def close_case(library: Library, family_ref: str, *, closed_on: Date | str | None = None) -> Family:
    family = find_family(library, family_ref)
    day = str(closed_on or Date.today().isoformat())
    try:
        Date.fromisoformat(day)
    except ValueError as error:
        raise InvalidChangeError(f"'{day}' is not a date; write it as YYYY-MM-DD.") from error
    with library.transaction() as db:
        records.update(db, "families", family.id, {"closed_on": day})
        library.audit("close_case", "family", family.id, {"closed_on": day})
    return records.get(library.db, "families", family.id, records.family)


def due_for_erasure(library: Library, *, on: Date | None = None) -> list[DueFamily]:
    """Families whose retention period has ended on `on` (today), longest overdue first."""
    policy = get_policy(library)
    if not policy.is_set:
        return []
    today = on or Date.today()
    rows = library.db.execute(
        "SELECT f.id, max(s.date) FROM families f LEFT JOIN sessions s ON s.family_id = f.id"
        " GROUP BY f.id"
    ).fetchall()
    due = []
    for family_id, last in rows:
        family = records.get(library.db, "families", int(family_id), records.family)
        last_day = str(last or family.created_at[:10])
        candidates = []
        if policy.months_after_last_session:
            candidates.append(
                (add_months(last_day, policy.months_after_last_session), "last_session")
            )
        if policy.months_after_closed and family.closed_on:
            candidates.append((add_months(family.closed_on, policy.months_after_closed), "closed"))
        if candidates:
            when, reason = min(candidates)
            if when <= today.isoformat():
                due.append(DueFamily(family, last_day, when, reason))
    return sorted(due, key=lambda d: (d.due_on, d.family.ref))


def add_months(day: str, months: int) -> str:
    start = Date.fromisoformat(day)
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return Date(year, month, min(start.day, last)).isoformat()


def _require_admin(library: Library) -> None:
    if library.actor is None:
        raise InvalidChangeError("Say who is setting the policy (--as NAME, an admin).")
    person = records.get(library.db, "people", library.actor, records.person)
    if person.profile == "admin":
        return
    admins = library.db.execute("SELECT count(*) FROM people WHERE profile = 'admin'").fetchone()
    if admins[0]:
        raise InvalidChangeError(
            f"Only an admin can set the retention policy, and {person.display_name} is a "
            f"{person.profile}; nothing was changed. Ask an admin (`--as NAME`)."
        )
    records.update(library.db, "people", person.id, {"profile": "admin"})
    library.audit("make_first_admin", "person", person.id, {"profile": "admin"})
