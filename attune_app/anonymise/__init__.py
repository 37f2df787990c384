"""Anonymised training reels: faces found and tracked, manual boxes, muted sound, and the
trainer's confirmation before a training export. Qt-free."""

from __future__ import annotations

from attune_app.anonymise.confirmation import confirm, confirmation_problem
from attune_app.anonymise.reel_redaction import ReelRedaction, redaction_for

__all__ = ["ReelRedaction", "confirm", "confirmation_problem", "redaction_for"]
