"""Reads the library's families, sessions, clips and consent into tree nodes."""

from __future__ import annotations

from attune_app.services import clips as clip_service
from attune_app.services import consents, families
from attune_app.store.library import Library
from ui.library.library_tree_model import FamilyNode, SessionNode

# The purposes a practitioner needs to know about before showing or sharing a clip.
_PURPOSE_WORDS = {
    "recording": "recording",
    "supervision": "supervision",
    "training": "training",
    "research": "research",
}


def consent_summary(status: dict[str, str]) -> tuple[str, bool]:
    """Words for a family's consent, and whether recording consent is in force."""
    given = [_PURPOSE_WORDS.get(p, p) for p, s in status.items() if s == "given"]
    lapsed = [
        f"{_PURPOSE_WORDS.get(p, p)} {s}"
        for p, s in status.items()
        if s in ("expired", "withdrawn")
    ]
    ok = status.get("recording") == "given"
    text = "Consent: " + (", ".join(given) if given else "none recorded")
    if lapsed:
        text += " — " + ", ".join(lapsed)
    return text, ok


def load_family_nodes(library: Library) -> list[FamilyNode]:
    nodes = []
    for family in families.list_families(library):
        text, ok = consent_summary(consents.consent_status(library, family.id))
        sessions = [
            SessionNode(session, tuple(clip_service.list_clips(library, session.id)))
            for session in families.list_sessions(library, family.id)
        ]
        nodes.append(FamilyNode(family, text, ok, tuple(sessions)))
    return nodes
