"""The library's records as plain values. Services return these, never database rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PROFILES = ("practitioner", "supervisor", "trainer", "admin")
CONSENT_PURPOSES = ("recording", "supervision", "training", "research")
SESSION_KINDS = ("filming", "shared_review", "closing_review")
REEL_PURPOSES = ("parent_review", "supervision", "training")


@dataclass(frozen=True)
class Person:
    id: int
    display_name: str
    profile: str
    os_user: str | None = None


@dataclass(frozen=True)
class Family:
    id: int
    ref: str
    created_at: str
    closed_on: str | None = None  # the day the family's case was closed (retention counts from it)


@dataclass(frozen=True)
class Consent:
    id: int
    family_id: int
    purpose: str
    given_on: str
    expires_on: str | None
    withdrawn_on: str | None
    recorded_by: int | None


@dataclass(frozen=True)
class Session:
    id: int
    family_id: int
    practitioner_id: int | None
    date: str
    kind: str
    cycle: int


@dataclass(frozen=True)
class Clip:
    id: int
    session_id: int
    media_hash: str
    media_ext: str
    original_name: str
    size_bytes: int
    recorded_at: str | None
    frame_count: int
    fps: float
    duration_s: float
    width: int
    height: int
    rotation: int
    has_audio: bool
    codec_name: str
    imported_at: str
    already_imported: bool = False  # set by import_clip when the hash was already present

    @property
    def media_name(self) -> str:
        """The file's name inside the library's media folder: content hash, no family name."""
        return f"{self.media_hash}{self.media_ext}"


@dataclass(frozen=True)
class Tag:
    id: int
    clip_id: int
    in_frame: int
    out_frame: int
    cue_frame: int | None = None
    cue_code: str | None = None
    response_frame: int | None = None
    response_code: str | None = None
    principle_codes: tuple[str, ...] = ()
    rating: int | None = None
    note: str = ""
    author_id: int | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def latency_frames(self) -> int | None:
        """Frames from the infant's cue to the parent's response, when both are marked."""
        if self.cue_frame is None or self.response_frame is None:
            return None
        return self.response_frame - self.cue_frame

    @property
    def is_point(self) -> bool:
        """A one-frame tag, used for a still."""
        return self.in_frame == self.out_frame


@dataclass(frozen=True)
class TagChange:
    before: Tag
    after: Tag


@dataclass(frozen=True)
class Reel:
    id: int
    name: str
    purpose: str
    owner_id: int | None
    created_at: str
    mute_below_speed: float = 0.5  # items slower than this play silent


ITEM_KINDS = ("clip", "title")
HOLD_PLACES = ("start", "end")


@dataclass(frozen=True)
class ReelItem:
    """One step of a reel: a moment of a clip (in..out, with speed, an optional freeze-frame
    hold before or after it and a caption) or a title card (text for `title_ms`)."""

    id: int
    reel_id: int
    position: int
    clip_id: int | None
    in_frame: int = 0
    out_frame: int = 0
    source_tag_id: int | None = None
    caption: str = ""
    speed: float = 1.0
    hold_frame: int | None = None
    hold_ms: int = 0
    hold_at: str = "end"  # the hold comes before ("start") or after ("end") the moving part
    muted: bool = False
    kind: str = "clip"
    title_text: str = ""
    title_ms: int = 0
    prompt: str = ""  # the practitioner's question for the parent; never on the parent's screen

    @property
    def is_title(self) -> bool:
        return self.kind == "title"

    @property
    def is_still(self) -> bool:
        return self.kind == "clip" and self.in_frame == self.out_frame


@dataclass(frozen=True)
class Reflection:
    """A parent's own words about a reel item, written down in a review session."""

    id: int
    reel_item_id: int
    session_id: int
    text: str
    recorded_by: int | None
    created_at: str


@dataclass(frozen=True)
class Comment:
    id: int
    author_id: int | None
    text: str
    created_at: str
    session_id: int | None = None
    tag_id: int | None = None


@dataclass(frozen=True)
class SignOff:
    id: int
    session_id: int
    supervisor_id: int | None
    signed_at: str
    note: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    person_id: int | None
    action: str
    entity: str
    entity_id: int | None
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""


@dataclass(frozen=True)
class SearchHit:
    """One full-text match: which kind of record, its id, and a snippet around the match."""

    kind: str  # "tag" | "reel_item" | "reflection" | "comment"
    id: int
    snippet: str


@dataclass(frozen=True)
class ReelItemChange:
    before: ReelItem
    after: ReelItem
