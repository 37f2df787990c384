"""A family's consent in a few words beside their clips wherever they appear (reel items)."""

from __future__ import annotations

from attune_app.domain.consent import consent_needed
from attune_app.services.consent_actions import STATE_WORDS, consent_states
from attune_app.services.reels import get_reel
from attune_app.store.library import Library


def family_of_clip(library: Library, clip_id: int) -> tuple[int, str] | None:
    row = library.db.execute(
        "SELECT f.id, f.ref FROM clips c JOIN sessions s ON s.id = c.session_id"
        " JOIN families f ON f.id = s.family_id WHERE c.id = ?",
        [clip_id],
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def reel_item_badge(library: Library, reel_id: int | None, clip_id: int | None) -> str:
    """E.g. " · F-3: training consent expiring within 30 days" for a clip in a reel, naming
    the consent the reel's purpose needs (recording for a parent's review)."""
    if reel_id is None or clip_id is None:
        return ""
    family = family_of_clip(library, clip_id)
    if family is None:
        return ""
    purpose = consent_needed(get_reel(library, reel_id).purpose)
    state = consent_states(library, family[0])[purpose]
    return f" · {family[1]}: {purpose} consent {STATE_WORDS[state]}"
