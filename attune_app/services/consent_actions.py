"""Consent as the practitioner sees it (at a glance, with "expiring within 30 days"), withdrawal
that acts at once on reels, and the recording consent an import needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

from attune_app.domain.models import CONSENT_PURPOSES, Consent, Family
from attune_app.services.consents import _consents, _iso, _state, withdraw_consent
from attune_app.services.consents import record_consent as _record_consent
from attune_app.services.families import _get_or_add_family
from attune_app.store import records
from attune_app.store.errors import InvalidChangeError, NotFoundError
from attune_app.store.library import Library

EXPIRING_DAYS = 30
# state -> how the practitioner reads it
STATE_WORDS = {
    "given": "given",
    "expiring": f"expiring within {EXPIRING_DAYS} days",
    "expired": "expired",
    "withdrawn": "withdrawn",
    "none": "not recorded",
}
# a withdrawn consent -> the purposes of the reels its family's clips must leave at once
REELS_LEFT_ON_WITHDRAWAL = {
    "supervision": ("supervision",),
    "training": ("training",),
    "recording": ("supervision", "training"),
    "research": (),
}


@dataclass(frozen=True)
class ReelRemoval:
    """One moment that left a reel because its family withdrew consent."""

    id: int
    reel_id: int
    family_id: int
    clip_id: int
    position: int
    in_frame: int
    out_frame: int
    purpose: str
    reason: str
    removed_on: str
    removed_by: int | None
    reflections_removed: int


@dataclass(frozen=True)
class Withdrawal:
    consents: list[Consent]
    removals: list[ReelRemoval]


class RecordingConsentMissingError(InvalidChangeError):
    """An import for a family without current recording consent; nothing was imported."""

    def __init__(self, family_ref: str, state: str) -> None:
        why = {"none": "has no", "expired": "has only an expired", "withdrawn": "has withdrawn its"}
        super().__init__(
            f"Family {family_ref} {why.get(state, 'has no')} recording consent, so nothing was "
            "imported."
        )
        self.family_ref = family_ref
        self.state = state


def find_family(library: Library, ref: str) -> Family:
    found = records.select(
        library.db, "SELECT * FROM families WHERE ref = ?", [ref.strip()], records.family
    )
    if not found:
        raise NotFoundError(
            f"There is no family with the reference {ref.strip()!r} in this library. "
            "Check the reference (`attune library info` counts families)."
        )
    return found[0]


def consent_states(library: Library, family_id: int, *, on: Date | None = None) -> dict[str, str]:
    """purpose -> 'given' | 'expiring' | 'expired' | 'withdrawn' | 'none' on `on` (today)."""
    today = on or Date.today()
    return {p: purpose_state(_consents(library, family_id, p), today) for p in CONSENT_PURPOSES}


def purpose_state(found: list[Consent], today: Date) -> str:
    day = today.isoformat()
    states = [(_state(c, day), c) for c in found if c.given_on <= day]
    current = [c for state, c in states if state == "given"]
    if current:
        if any(c.expires_on is None for c in current):
            return "given"
        last = max(str(c.expires_on) for c in current)
        soon = (today + timedelta(days=EXPIRING_DAYS)).isoformat()
        return "expiring" if last <= soon else "given"
    return states[-1][0] if states else "none"


def record_consent(
    library: Library,
    family_ref: str,
    purpose: str,
    *,
    given_on: Date | str,
    expires_on: Date | str | None = None,
) -> Consent:
    """Record (or renew: a new consent beside the old) a family's consent, by reference."""
    family = find_family(library, family_ref)
    return _record_consent(library, family.id, purpose, given_on=given_on, expires_on=expires_on)


def withdraw(
    library: Library, family_id: int, purpose: str, *, withdrawn_on: Date | str | None = None
) -> Withdrawal:
    """Withdraw the consent and, in the same transaction, take the family's clips out of every
    reel whose use the consent covered, recording each removal and why."""
    if purpose not in CONSENT_PURPOSES:
        raise InvalidChangeError(f"A consent purpose is one of {', '.join(CONSENT_PURPOSES)}.")
    day = _iso(withdrawn_on or Date.today())
    with library.transaction():
        changed = withdraw_consent(library, family_id, purpose, withdrawn_on=day)
        removed = [
            _remove_from_reel(library, reel_id, family_id, purpose, day)
            for reel_id in _reels_showing(library, family_id, REELS_LEFT_ON_WITHDRAWAL[purpose])
        ]
    return Withdrawal(changed, [r for batch in removed for r in batch])


def list_reel_removals(library: Library, reel_id: int) -> list[ReelRemoval]:
    rows = library.db.execute(
        "SELECT * FROM reel_removals WHERE reel_id = ? ORDER BY id", [reel_id]
    ).fetchall()
    return [ReelRemoval(*row) for row in rows]


def require_recording_consent(
    library: Library, family_ref: str, *, consent_recorded_on: Date | str | None = None
) -> None:
    """Before an import: the family must have current recording consent. With
    `consent_recorded_on` the consent is recorded now (the family made if new), in one
    transaction; without it a missing consent raises `RecordingConsentMissingError`."""
    ref = family_ref.strip()
    row = library.db.execute("SELECT id FROM families WHERE ref = ?", [ref]).fetchone()
    state = "none"
    if row is not None:
        state = purpose_state(_consents(library, int(row[0]), "recording"), Date.today())
        if state in ("given", "expiring"):
            return
    if consent_recorded_on is None:
        raise RecordingConsentMissingError(ref, state)
    with library.transaction():
        family = _get_or_add_family(library, ref)
        _record_consent(library, family.id, "recording", given_on=consent_recorded_on)


def _reels_showing(library: Library, family_id: int, purposes: tuple[str, ...]) -> list[int]:
    if not purposes:
        return []
    marks = ", ".join("?" for _ in purposes)
    rows = library.db.execute(
        "SELECT DISTINCT r.id FROM reels r JOIN reel_items i ON i.reel_id = r.id"
        " JOIN clips c ON c.id = i.clip_id JOIN sessions s ON s.id = c.session_id"
        f" WHERE s.family_id = ? AND r.purpose IN ({marks}) ORDER BY r.id",
        [family_id, *purposes],
    ).fetchall()
    return [int(r[0]) for r in rows]


def _remove_from_reel(
    library: Library, reel_id: int, family_id: int, purpose: str, day: str
) -> list[ReelRemoval]:
    """Inside the withdrawal's transaction."""
    db = library.db
    items = db.execute(
        "SELECT i.id, i.clip_id, i.position, i.in_frame, i.out_frame FROM reel_items i"
        " JOIN clips c ON c.id = i.clip_id JOIN sessions s ON s.id = c.session_id"
        " WHERE i.reel_id = ? AND s.family_id = ? ORDER BY i.position",
        [reel_id, family_id],
    ).fetchall()
    removal_ids = []
    reflections_total = 0
    for item_id, clip_id, position, in_frame, out_frame in items:
        # the parent's words about a moment they no longer allow for this use go with it
        reflections = db.execute(
            "DELETE FROM reflections WHERE reel_item_id = ?", [item_id]
        ).rowcount
        reflections_total += reflections
        db.execute("DELETE FROM reel_items WHERE id = ?", [item_id])
        values = {
            "reel_id": reel_id,
            "family_id": family_id,
            "clip_id": clip_id,
            "position": position,
            "in_frame": in_frame,
            "out_frame": out_frame,
            "purpose": purpose,
            "reason": "consent_withdrawn",
            "removed_on": day,
            "removed_by": library.actor,
            "reflections_removed": reflections,
        }
        removal_ids.append(records.insert(db, "reel_removals", values))
    rest = db.execute(
        "SELECT id FROM reel_items WHERE reel_id = ? ORDER BY position, id", [reel_id]
    ).fetchall()
    for position, (item_id,) in enumerate(rest):
        db.execute("UPDATE reel_items SET position = ? WHERE id = ?", [position, item_id])
    library.audit(
        "remove_for_withdrawal",
        "reel",
        reel_id,
        {
            "family_id": family_id,
            "purpose": purpose,
            "items": len(items),
            "reflections": reflections_total,
        },
    )
    removals = list_reel_removals(library, reel_id)
    return [r for r in removals if r.id in removal_ids]
