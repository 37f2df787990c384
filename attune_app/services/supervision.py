"""Session review: awaiting review, returned with a reason, signed off; with history and the
supervision list. Each change is one transaction with its audit entry (no free text in it)."""

from __future__ import annotations

from dataclasses import dataclass

from attune_app.domain.models import Session, SignOff
from attune_app.domain.supervision import (
    REVIEW_STATES,
    STATE_WORDS,
    ReviewRow,
    ReviewStateChange,
)
from attune_app.services.permissions import require
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library

DEFAULT_STATE = "awaiting_review"  # a session with clips and no state yet waits for review


def _change(row: records.Row) -> ReviewStateChange:
    return records._from_row(ReviewStateChange, row)


def state_history(library: Library, session_id: int) -> list[ReviewStateChange]:
    records.get(library.db, "sessions", session_id, records.session)
    return records.select(
        library.db,
        "SELECT * FROM review_states WHERE session_id = ? ORDER BY at, id",
        [session_id],
        _change,
    )


def current_state(library: Library, session_id: int) -> str:
    history = state_history(library, session_id)
    return history[-1].state if history else DEFAULT_STATE


def _record(library: Library, session: Session, state: str, reason: str) -> ReviewStateChange:
    """Inside the caller's transaction."""
    values = {
        "session_id": session.id,
        "state": state,
        "reason": reason,
        "person_id": library.actor,
        "at": now_iso(),
    }
    change_id = records.insert(library.db, "review_states", values)
    details = {"state": state, "note": reason}  # the reason is kept as a length only
    library.audit(f"review_{state}", "session", session.id, details)
    return records.get(library.db, "review_states", change_id, _change)


def submit_for_review(library: Library, session_id: int) -> ReviewStateChange:
    """The practitioner sends a (returned) session back for review."""
    with library.transaction() as db:
        session = records.get(db, "sessions", session_id, records.session)
        require(library, "submit_for_review", session)
        state = current_state(library, session_id)
        if state == "signed_off":
            raise InvalidChangeError(f"Session {session_id} is already signed off.")
        if state == "awaiting_review":
            raise InvalidChangeError(f"Session {session_id} is already awaiting review.")
        return _record(library, session, "awaiting_review", "")


def return_session(library: Library, session_id: int, reason: str) -> ReviewStateChange:
    """The supervisor sends a session back to its practitioner, saying why."""
    if not reason.strip():
        raise InvalidChangeError(
            "Say why the session goes back (--reason TEXT): the practitioner needs to know."
        )
    with library.transaction() as db:
        session = records.get(db, "sessions", session_id, records.session)
        require(library, "return_session", session)
        if current_state(library, session_id) == "signed_off":
            raise InvalidChangeError(
                f"Session {session_id} is signed off; it cannot be returned any more."
            )
        return _record(library, session, "returned", reason.strip())


def sign_off(library: Library, session_id: int, note: str = "") -> SignOff:
    """The supervisor signs a session off (never their own)."""
    with library.transaction() as db:
        session = records.get(db, "sessions", session_id, records.session)
        require(library, "sign_off", session)
        state = current_state(library, session_id)
        if state == "signed_off":
            raise InvalidChangeError(f"Session {session_id} is already signed off.")
        if state == "returned":
            raise InvalidChangeError(
                f"Session {session_id} was returned to its practitioner; it can be signed off "
                "when they send it back for review."
            )
        values = {"session_id": session_id, "supervisor_id": library.actor, "note": note}
        sign_off_id = records.insert(db, "sign_offs", {**values, "signed_at": now_iso()})
        _record(library, session, "signed_off", "")
    return records.get(library.db, "sign_offs", sign_off_id, records.sign_off)


def sign_offs_of(library: Library, session_id: int) -> list[SignOff]:
    return records.select(
        library.db,
        "SELECT * FROM sign_offs WHERE session_id = ? ORDER BY signed_at, id",
        [session_id],
        records.sign_off,
    )


@dataclass(frozen=True)
class ReviewFilter:
    practitioner_id: int | None = None
    family_ref: str | None = None  # a prefix, case-insensitive
    date_from: str | None = None
    date_to: str | None = None
    state: str | None = None


_QUEUE_SQL = """
WITH clip_counts AS (SELECT session_id, count(*) AS clips FROM clips GROUP BY session_id),
tag_counts AS (
    SELECT c.session_id, count(*) AS tags FROM tags t JOIN clips c ON c.id = t.clip_id
    GROUP BY c.session_id
),
open_threads AS (
    SELECT session_id, count(*) AS open_threads FROM (
        SELECT session_id FROM comments
        WHERE parent_id IS NULL AND resolved_at IS NULL AND session_id IS NOT NULL
        UNION ALL
        SELECT c.session_id FROM comments cm
        JOIN tags t ON t.id = cm.tag_id JOIN clips c ON c.id = t.clip_id
        WHERE cm.parent_id IS NULL AND cm.resolved_at IS NULL AND cm.session_id IS NULL
    ) GROUP BY session_id
)
SELECT s.id AS session_id, f.ref AS family_ref, s.practitioner_id,
       coalesce(p.display_name, '') AS practitioner, s.date, s.cycle,
       coalesce((SELECT r.state FROM review_states r WHERE r.session_id = s.id
                 ORDER BY r.at DESC, r.id DESC LIMIT 1), 'awaiting_review') AS state,
       cc.clips, coalesce(tc.tags, 0) AS tags, coalesce(ot.open_threads, 0) AS open_threads
FROM sessions s
JOIN clip_counts cc ON cc.session_id = s.id
JOIN families f ON f.id = s.family_id
LEFT JOIN people p ON p.id = s.practitioner_id
LEFT JOIN tag_counts tc ON tc.session_id = s.id
LEFT JOIN open_threads ot ON ot.session_id = s.id
"""


def review_queue(library: Library, where: ReviewFilter | None = None) -> list[ReviewRow]:
    """Sessions with clips, each with its review state, newest first, filtered."""
    where = where or ReviewFilter()
    if where.state is not None and where.state not in REVIEW_STATES:
        raise InvalidChangeError(
            f"A review state is one of {', '.join(STATE_WORDS[s] for s in REVIEW_STATES)}."
        )
    clauses, params = _clauses(where)
    sql = f"SELECT * FROM ({_QUEUE_SQL})"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY date DESC, session_id DESC"
    return [
        ReviewRow(**dict(zip(_COLUMNS, row, strict=True)))
        for row in library.db.execute(sql, params)
    ]


_COLUMNS = (
    "session_id",
    "family_ref",
    "practitioner_id",
    "practitioner",
    "date",
    "cycle",
    "state",
    "clips",
    "tags",
    "open_threads",
)


def _clauses(where: ReviewFilter) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if where.practitioner_id is not None:
        clauses.append("practitioner_id = ?")
        params.append(where.practitioner_id)
    if where.family_ref:
        clauses.append("lower(family_ref) LIKE lower(?) || '%'")
        params.append(where.family_ref.strip())
    if where.date_from:
        clauses.append("date >= ?")
        params.append(where.date_from)
    if where.date_to:
        clauses.append("date <= ?")
        params.append(where.date_to)
    if where.state:
        clauses.append("state = ?")
        params.append(where.state)
    return clauses, params


def state_counts(rows: list[ReviewRow]) -> dict[str, int]:
    counts = dict.fromkeys(REVIEW_STATES, 0)
    for row in rows:
        counts[row.state] += 1
    return counts
