"""Shared review sessions: start or continue the family's review of a reel, write down the
parent's own words per moment at once, look back at earlier cycles, end with a summary.

The parent's words are reflections of the review session (never codes, never notes); a reel
shown to a parent shows one family's film, and words are only ever kept with that family.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date as Date

from attune_app.domain.models import Reflection, Session
from attune_app.domain.review_session import (
    PRESENT_ROLES,
    ReviewSession,
    ReviewSummary,
    SaidBefore,
    SummaryLine,
)
from attune_app.services.reels import get_reel, list_reel_items, reel_consent_problems
from attune_app.services.review import add_reflection
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library

DEFAULT_PRESENT = ("parent", "practitioner")


def reel_family(library: Library, reel_id: int) -> int:
    """The one family whose film the reel shows; refused when it shows none or several."""
    get_reel(library, reel_id)
    rows = library.db.execute(
        "SELECT DISTINCT s.family_id FROM reel_items i JOIN clips c ON c.id = i.clip_id "
        "JOIN sessions s ON s.id = c.session_id WHERE i.reel_id = ?",
        [reel_id],
    ).fetchall()
    if not rows:
        raise InvalidChangeError(
            f"Reel {reel_id} shows no moment of a family's film yet; add moments before "
            "reviewing it with a parent."
        )
    if len(rows) > 1:
        raise InvalidChangeError(
            f"Reel {reel_id} shows the film of {len(rows)} families; a review with a parent "
            "shows only their own family's moments. Make a reel for this family."
        )
    return int(rows[0][0])


def start_review(
    library: Library,
    reel_id: int,
    *,
    present: Sequence[str] = DEFAULT_PRESENT,
    on: Date | None = None,
) -> ReviewSession:
    """The family's shared review on that day (today by default): continued when one is open,
    made otherwise, in the family's cycle then (its filming sessions up to that day). Refused
    while the family lacks the consent the reel's purpose needs (e.g. recording withdrawn)."""
    roles = _check_roles(present)
    day = str(on or Date.today())
    family_id = reel_family(library, reel_id)
    problems = reel_consent_problems(library, reel_id)
    if problems:
        raise InvalidChangeError(" ".join(problems))
    with library.transaction() as db:
        open_ones = records.select(
            db,
            "SELECT * FROM sessions WHERE family_id = ? AND kind = 'shared_review' AND date = ? "
            "AND ended_at IS NULL ORDER BY id DESC",
            [family_id, day],
            records.session,
        )
        if open_ones:
            session = open_ones[0]
            action = "continue_review"
        else:
            session = _add_review_session(library, family_id, day)
            action = "start_review"
        _set_present(library, session.id, roles)
        library.audit(action, "session", session.id, {"reel_id": reel_id, "present": roles})
    return get_review(library, session.id)


def _add_review_session(library: Library, family_id: int, day: str) -> Session:
    row = library.db.execute(
        "SELECT count(*) FROM sessions WHERE family_id = ? AND kind = 'filming' AND date <= ?",
        [family_id, day],
    ).fetchone()
    values = {
        "family_id": family_id,
        "practitioner_id": library.actor,
        "date": day,
        "kind": "shared_review",
        "cycle": max(1, int(row[0])),
    }
    session_id = records.insert(library.db, "sessions", values)
    library.audit("add_session", "session", session_id, values)
    return records.get(library.db, "sessions", session_id, records.session)


def _check_roles(present: Sequence[str]) -> list[str]:
    roles = list(dict.fromkeys(r.strip().lower() for r in present if r.strip()))
    unknown = [r for r in roles if r not in PRESENT_ROLES]
    if unknown:
        raise InvalidChangeError(
            f"Who was present is said by role ({', '.join(PRESENT_ROLES)}), never by name; "
            f"got {', '.join(unknown)}."
        )
    return roles


def _set_present(library: Library, session_id: int, roles: list[str]) -> None:
    library.db.execute("DELETE FROM session_people WHERE session_id = ?", [session_id])
    for role in roles:
        person = library.actor if role == "practitioner" else None
        library.db.execute(
            "INSERT INTO session_people (session_id, role, person_id) VALUES (?, ?, ?)",
            [session_id, role, person],
        )


def get_review(library: Library, session_id: int) -> ReviewSession:
    session = records.get(library.db, "sessions", session_id, records.session)
    if session.kind not in ("shared_review", "closing_review"):
        raise InvalidChangeError(f"Session {session_id} is a {session.kind} session, not a review.")
    roles = [
        r[0]
        for r in library.db.execute(
            "SELECT role FROM session_people WHERE session_id = ?", [session_id]
        )
    ]
    ended = library.db.execute(
        "SELECT ended_at FROM sessions WHERE id = ?", [session_id]
    ).fetchone()[0]
    ordered = tuple(sorted(roles, key=PRESENT_ROLES.index))
    return ReviewSession(session, ordered, ended)


def save_parent_words(
    library: Library, session_id: int, reel_item_id: int, text: str
) -> Reflection | None:
    """The parent's words about a moment in this review, stored at once: the first time a
    reflection is added, later changes replace it, and clearing the box removes it."""
    existing = _reflection_of(library, session_id, reel_item_id)
    if existing is None:
        return add_reflection(library, reel_item_id, session_id, text) if text.strip() else None
    with library.transaction() as db:
        if text.strip():
            db.execute("UPDATE reflections SET text = ? WHERE id = ?", [text, existing.id])
            library.audit("update_reflection", "reflection", existing.id, {"text": text})
        else:
            records.delete(db, "reflections", existing.id)
            library.audit("remove_reflection", "reflection", existing.id, {"text": existing.text})
    return _reflection_of(library, session_id, reel_item_id)


def parent_words(library: Library, session_id: int, reel_item_id: int) -> str:
    found = _reflection_of(library, session_id, reel_item_id)
    return found.text if found else ""


def _reflection_of(library: Library, session_id: int, reel_item_id: int) -> Reflection | None:
    found = records.select(
        library.db,
        "SELECT * FROM reflections WHERE session_id = ? AND reel_item_id = ? ORDER BY id",
        [session_id, reel_item_id],
        records.reflection,
    )
    return found[0] if found else None


def said_before(library: Library, session_id: int) -> list[SaidBefore]:
    """The family's reflections from its earlier reviews (before this one), newest first."""
    session = records.get(library.db, "sessions", session_id, records.session)
    rows = library.db.execute(
        "SELECT r.session_id, s.date, s.cycle, r.reel_item_id, i.caption, r.text "
        "FROM reflections r JOIN sessions s ON s.id = r.session_id "
        "JOIN reel_items i ON i.id = r.reel_item_id "
        "WHERE s.family_id = ? AND (s.date < ? OR (s.date = ? AND s.id < ?)) "
        "ORDER BY s.date DESC, s.id DESC, r.id",
        [session.family_id, session.date, session.date, session.id],
    ).fetchall()
    return [SaidBefore(*row) for row in rows]


def end_review(library: Library, session_id: int, *, moments_shown: int = 0) -> ReviewSummary:
    """Mark the review ended (a later start the same day makes a new one); its summary."""
    with library.transaction() as db:
        get_review(library, session_id)
        db.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", [now_iso(), session_id])
        library.audit("end_review", "session", session_id, {})
    return review_summary(library, session_id, moments_shown=moments_shown)


def review_summary(library: Library, session_id: int, *, moments_shown: int) -> ReviewSummary:
    """What the parent said in this review, moment by moment in reel order."""
    rows = library.db.execute(
        "SELECT i.id, i.position, i.caption, r.text FROM reflections r "
        "JOIN reel_items i ON i.id = r.reel_item_id WHERE r.session_id = ? "
        "ORDER BY i.reel_id, i.position, r.id",
        [session_id],
    ).fetchall()
    lines = tuple(SummaryLine(*row) for row in rows)
    return ReviewSummary(get_review(library, session_id), moments_shown, lines)


def reel_moment_count(library: Library, reel_id: int) -> int:
    return sum(1 for item in list_reel_items(library, reel_id) if not item.is_title)
