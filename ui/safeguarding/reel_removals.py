"""What consent withdrawal took out of a reel, in words for the reel panel."""

from __future__ import annotations

from collections import Counter

from attune_app.services.consent_actions import list_reel_removals
from attune_app.store import records
from attune_app.store.library import Library


def removals_text(library: Library, reel_id: int | None) -> str:
    """E.g. "2 moments were removed on 2026-05-01: family F-3 withdrew supervision consent."
    One line per family, purpose and day; empty when nothing was removed."""
    if reel_id is None:
        return ""
    groups = Counter(
        (r.family_id, r.purpose, r.removed_on) for r in list_reel_removals(library, reel_id)
    )
    lines = []
    for (family_id, purpose, day), count in groups.items():
        ref = records.get(library.db, "families", family_id, records.family).ref
        moments = "1 moment was" if count == 1 else f"{count} moments were"
        lines.append(f"{moments} removed on {day}: family {ref} withdrew {purpose} consent.")
    return "\n".join(lines)
