"""What an imported file says, before it becomes tags: drafts, skipped items and problems."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class TagDraft:
    """A tag to add, with where in the file it came from (for reports)."""

    source: str
    in_frame: int
    out_frame: int
    cue_frame: int | None = None
    cue_code: str | None = None
    response_frame: int | None = None
    response_code: str | None = None
    principle_codes: list[str] = field(default_factory=list)
    rating: int | None = None
    note: str = ""
    coder: str | None = None


@dataclass
class ReadResult:
    """Drafts read from a file; `problems` stop the import, `skipped` are reported only."""

    drafts: list[TagDraft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    media_duration_s: float | None = None  # what the file says its media lasts, when it says


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_text(text: str) -> str:
    """Free text without the control characters XML and tables cannot carry."""
    return _CONTROL.sub("", text)
