"""Supervision records: review states with their history, comment threads, audit rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REVIEW_STATES = ("awaiting_review", "returned", "signed_off")
STATE_WORDS = {
    "awaiting_review": "awaiting review",
    "returned": "returned",
    "signed_off": "signed off",
}


@dataclass(frozen=True)
class ReviewStateChange:
    id: int
    session_id: int
    state: str
    reason: str
    person_id: int | None
    at: str


@dataclass(frozen=True)
class ReviewRow:
    """One line of the supervision list."""

    session_id: int
    family_ref: str
    practitioner_id: int | None
    practitioner: str
    date: str
    cycle: int
    state: str
    clips: int
    tags: int
    open_threads: int


@dataclass(frozen=True)
class ThreadComment:
    id: int
    author_id: int | None
    text: str
    created_at: str
    session_id: int | None = None
    tag_id: int | None = None
    parent_id: int | None = None
    clip_id: int | None = None
    frame: int | None = None
    resolved_at: str | None = None
    resolved_by: int | None = None

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None


@dataclass(frozen=True)
class CommentThread:
    """A comment and its replies, in order; resolved as a whole."""

    root: ThreadComment
    replies: tuple[ThreadComment, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.root.resolved_at is not None

    @property
    def comments(self) -> tuple[ThreadComment, ...]:
        return (self.root, *self.replies)


@dataclass(frozen=True)
class ChainStatus:
    """The audit chain checked: intact, or the first entry that breaks it and why."""

    entries: int
    broken_entry_id: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_entry_id is None

    def describe(self) -> str:
        if self.intact:
            return f"audit chain intact ({self.entries} entries)"
        return f"audit chain broken at entry {self.broken_entry_id}: {self.reason}"


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    person_id: int | None
    person: str
    action: str
    entity: str
    entity_id: int | None
    details: dict[str, Any] = field(default_factory=dict)
    hash: str = ""
