"""A shared review with the parent, as the practitioner sees it: who came, what was said."""

from __future__ import annotations

from dataclasses import dataclass

from attune_app.domain.models import Session

# Roles only, never names: the parent's words are the only free text of a review.
PRESENT_ROLES = ("mother", "father", "parent", "carer", "practitioner", "interpreter")
PARENT_ROLES = ("mother", "father", "parent", "carer")


@dataclass(frozen=True)
class ReviewSession:
    session: Session
    present: tuple[str, ...]
    ended_at: str | None = None

    @property
    def id(self) -> int:
        return self.session.id


@dataclass(frozen=True)
class SaidBefore:
    """A reflection from an earlier review of the family (for the practitioner only)."""

    session_id: int
    date: str
    cycle: int
    reel_item_id: int
    caption: str
    text: str


@dataclass(frozen=True)
class SummaryLine:
    reel_item_id: int
    position: int
    caption: str
    text: str


@dataclass(frozen=True)
class ReviewSummary:
    review: ReviewSession
    moments_shown: int
    words: tuple[SummaryLine, ...]

    @property
    def present_words(self) -> str:
        return ", ".join(self.review.present) or "not recorded"
