"""Reads the library's families, sessions, clips and consent into tree nodes."""

from __future__ import annotations

from attune_app.services import clips as clip_service
from attune_app.services import families
from attune_app.services.consent_actions import STATE_WORDS, consent_states
from attune_app.store.library import Library
from ui.library.library_tree_model import FamilyNode, SessionNode

_LAPSED = ("expired", "withdrawn")

# The purposes a practitioner needs to know about before showing or sharing a clip.
_PURPOSE_WORDS = {
    "recording": "recording",
    "supervision": "supervision",
    "training": "training",
    "research": "research",
}


def consent_summary(status: dict[str, str]) -> tuple[str, bool]:
    """Words for a family's consent (a few purposes per line), and whether recording is given."""
    words = [_PURPOSE_WORDS.get(p, p) for p, s in status.items() if s == "given"]
    words += [
        f"{_PURPOSE_WORDS.get(p, p)} {STATE_WORDS[s]}"
        for p, s in status.items()
        if s in ("expiring", *_LAPSED)
    ]
    ok = status.get("recording") in ("given", "expiring")
    if not words:
        return "Consent: none recorded", ok
    lines = [", ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
    return "Consent:\n      " + ",\n      ".join(lines), ok


def load_family_nodes(library: Library) -> list[FamilyNode]:
    nodes = []
    for family in families.list_families(library):
        text, ok = consent_summary(consent_states(library, family.id))
        sessions = [
            SessionNode(session, tuple(clip_service.list_clips(library, session.id)))
            for session in families.list_sessions(library, family.id)
        ]
        nodes.append(FamilyNode(family, text, ok, tuple(sessions)))
    return nodes
