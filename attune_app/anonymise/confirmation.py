"""The review step: a trainer looks at the anonymised reel and confirms it. The confirmation
records who, when and a hash of the tracks, boxes and mute ranges; any later change voids it."""

from __future__ import annotations

from attune_app.anonymise import anon_store
from attune_app.anonymise.detection import unscanned_frames
from attune_app.anonymise.detectors import detector_version
from attune_app.anonymise.model import Confirmation
from attune_app.anonymise.state import load, state_hash
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library

CONFIRMING_PROFILES = ("trainer", "admin")


def _not_ready(library: Library, reel_id: int) -> str | None:
    state = load(library, reel_id)
    if not state.items:
        return "The reel shows no clip yet; there is nothing to anonymise."
    version = detector_version(state.settings.detector)
    missing = unscanned_frames(library, reel_id, version)
    if missing:
        return (
            f"Faces have not been looked for on {missing} frame(s) of this reel. Run face "
            f"detection (`attune anonymise detect {reel_id}`) and review the reel again."
        )
    return None


def confirm(library: Library, reel_id: int) -> Confirmation:
    """Record that the acting trainer reviewed the reel as it is now."""
    if library.actor is None:
        raise InvalidChangeError("Say who is confirming (--as NAME).")
    person = records.get(library.db, "people", library.actor, records.person)
    if person.profile not in CONFIRMING_PROFILES:
        raise InvalidChangeError(
            f"{person.display_name} is a {person.profile}; only a trainer (or an admin) can "
            "confirm a reel's anonymisation."
        )
    problem = _not_ready(library, reel_id)
    if problem:
        raise InvalidChangeError(problem)
    digest = state_hash(load(library, reel_id))
    with library.transaction() as db:
        confirmation_id = records.insert(
            db,
            "anon_confirmations",
            {
                "reel_id": reel_id,
                "person_id": library.actor,
                "confirmed_at": now_iso(),
                "hash": digest,
            },
        )
        library.audit(
            "confirm_anonymisation",
            "reel",
            reel_id,
            {"confirmation": confirmation_id, "hash": digest},
        )
    found = anon_store.latest_confirmation(library.db, reel_id)
    assert found is not None
    return found


def confirmation_problem(library: Library, reel_id: int) -> str | None:
    """None when a trainer confirmed the reel's anonymisation as it is now; otherwise what is
    missing, in words for the trainer."""
    problem = _not_ready(library, reel_id)
    if problem:
        return problem
    found = anon_store.latest_confirmation(library.db, reel_id)
    if found is None:
        return (
            "No trainer has reviewed this reel's anonymisation yet. Review it (faces covered, "
            f"sound muted) and confirm it (`attune anonymise confirm {reel_id}`)."
        )
    if found.hash != state_hash(load(library, reel_id)):
        return (
            f"The anonymisation changed after {found.person_name or 'the trainer'} confirmed it "
            f"on {found.confirmed_at[:10]} (faces, boxes, mute ranges or the reel's items); "
            "review the reel again and confirm it."
        )
    return None
