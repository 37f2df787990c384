"""Which consent a reel's purpose needs: the one table, read by the reels service (adding,
restoring, `reel_consent_problems`), the export gate and the consent badges beside reel items.

A parent's review shows the family their own film: the recording consent under which it was
filmed covers it (an import already needs it). A supervision or a training reel shows the
family to others, so it needs that purpose's own consent.
"""

from __future__ import annotations

# reel purpose -> the consent every family whose clips the reel shows must have, today
CONSENT_NEEDED: dict[str, str] = {
    "parent_review": "recording",
    "supervision": "supervision",
    "training": "training",
}


def consent_needed(reel_purpose: str) -> str:
    """The consent a reel of `reel_purpose` needs; KeyError for a purpose Attune does not know."""
    return CONSENT_NEEDED[reel_purpose]
