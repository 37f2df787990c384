"""Families (by pseudonymous reference) and their filming and review sessions."""

from __future__ import annotations

from datetime import date as Date

from attune_app.domain.models import SESSION_KINDS, Family, Session
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library


def add_family(library: Library, ref: str) -> Family:
    with library.transaction():
        family = _get_or_add_family(library, ref)
    return family


def _get_or_add_family(library: Library, ref: str) -> Family:
    """Inside the caller's transaction."""
    ref = ref.strip()
    if not ref:
        raise InvalidChangeError("A family needs a reference (a pseudonym, never a real name).")
    found = records.select(
        library.db, "SELECT * FROM families WHERE ref = ?", [ref], records.family
    )
    if found:
        return found[0]
    family_id = records.insert(library.db, "families", {"ref": ref, "created_at": now_iso()})
    library.audit("add_family", "family", family_id, {"ref": ref})
    return records.get(library.db, "families", family_id, records.family)


def list_families(library: Library) -> list[Family]:
    return records.select(library.db, "SELECT * FROM families ORDER BY ref", None, records.family)


def add_session(
    library: Library,
    family_id: int,
    session_date: Date | str,
    kind: str = "filming",
    *,
    cycle: int | None = None,
) -> Session:
    with library.transaction():
        session = _add_session(library, family_id, str(session_date), kind, cycle)
    return session


def _add_session(
    library: Library, family_id: int, session_date: str, kind: str, cycle: int | None
) -> Session:
    if kind not in SESSION_KINDS:
        raise InvalidChangeError(f"A session kind must be one of {', '.join(SESSION_KINDS)}.")
    _check_date(session_date)
    records.get(library.db, "families", family_id, records.family)
    if cycle is None:
        row = library.db.execute(
            "SELECT count(*) FROM sessions WHERE family_id = ? AND kind = 'filming'", [family_id]
        ).fetchone()
        cycle = int(row[0]) + (1 if kind == "filming" else 0) or 1
    values = {
        "family_id": family_id,
        "practitioner_id": library.actor,
        "date": session_date,
        "kind": kind,
        "cycle": cycle,
    }
    session_id = records.insert(library.db, "sessions", values)
    library.audit("add_session", "session", session_id, values)
    return records.get(library.db, "sessions", session_id, records.session)


def _filming_session_on(library: Library, family_id: int, session_date: str) -> Session:
    """The family's filming session on that date, made when there is none (in a transaction)."""
    found = records.select(
        library.db,
        "SELECT * FROM sessions WHERE family_id = ? AND date = ? AND kind = 'filming' ORDER BY id",
        [family_id, session_date],
        records.session,
    )
    return found[0] if found else _add_session(library, family_id, session_date, "filming", None)


def list_sessions(library: Library, family_id: int) -> list[Session]:
    return records.select(
        library.db,
        "SELECT * FROM sessions WHERE family_id = ? ORDER BY date, id",
        [family_id],
        records.session,
    )


def _check_date(value: str) -> None:
    try:
        Date.fromisoformat(value)
    except ValueError as error:
        raise InvalidChangeError(f"'{value}' is not a date; write it as YYYY-MM-DD.") from error
