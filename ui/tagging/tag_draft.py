"""The tag being made or edited, as a plain value the keyboard commands change step by step.

Kept free of Qt so the rules (what I, O, C, R and the number keys do) are easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from attune_app.domain.models import Tag

CUE, RESPONSE, PRINCIPLE = "cue", "response", "principle"


@dataclass(frozen=True)
class TagDraft:
    """A tag not yet saved. `tag_id` is set when the draft edits an existing tag."""

    tag_id: int | None = None
    in_frame: int | None = None
    out_frame: int | None = None
    cue_frame: int | None = None
    cue_code: str | None = None
    response_frame: int | None = None
    response_code: str | None = None
    principle_codes: tuple[str, ...] = ()
    rating: int | None = None
    note: str = ""

    @classmethod
    def from_tag(cls, tag: Tag) -> TagDraft:
        return cls(
            tag_id=tag.id,
            in_frame=tag.in_frame,
            out_frame=tag.out_frame,
            cue_frame=tag.cue_frame,
            cue_code=tag.cue_code,
            response_frame=tag.response_frame,
            response_code=tag.response_code,
            principle_codes=tuple(tag.principle_codes),
            rating=tag.rating,
            note=tag.note,
        )

    @property
    def is_empty(self) -> bool:
        return self == TagDraft(tag_id=self.tag_id)

    @property
    def latency_frames(self) -> int | None:
        if self.cue_frame is None or self.response_frame is None:
            return None
        return self.response_frame - self.cue_frame

    def with_in(self, frame: int) -> TagDraft:
        out = self.out_frame if self.out_frame is None or self.out_frame >= frame else None
        return replace(self, in_frame=frame, out_frame=out)

    def with_out(self, frame: int) -> TagDraft:
        start = self.in_frame if self.in_frame is None or self.in_frame <= frame else None
        return replace(self, in_frame=start, out_frame=frame)

    def with_cue(self, frame: int) -> TagDraft:
        return replace(self, cue_frame=frame)

    def with_response(self, frame: int) -> TagDraft:
        return replace(self, response_frame=frame)

    def with_note(self, note: str) -> TagDraft:
        return replace(self, note=note)

    def with_code(self, code: str, kind: str) -> TagDraft:
        """Apply a scheme code: a cue or response code replaces, a principle toggles."""
        if kind == CUE:
            return replace(self, cue_code=None if self.cue_code == code else code)
        if kind == RESPONSE:
            return replace(self, response_code=None if self.response_code == code else code)
        codes = self.principle_codes
        toggled = tuple(c for c in codes if c != code) if code in codes else (*codes, code)
        return replace(self, principle_codes=toggled)

    def extent(self, current_frame: int) -> tuple[int, int]:
        """In and out frames to save: as marked, else spanning the cue and response.

        With nothing marked the tag is a point tag (a still) at the current frame.
        """
        marks = [f for f in (self.cue_frame, self.response_frame) if f is not None]
        start, end = self.in_frame, self.out_frame
        if start is None and end is None:
            points = marks or [current_frame]
            return (min(points), max(points))
        if start is None:
            assert end is not None
            return (min([end, current_frame, *marks]), end)
        if end is None:
            return (start, max([start, current_frame, *marks]))
        return (min(start, end), max(start, end))

    def fields(self, current_frame: int) -> dict[str, Any]:
        """Keyword arguments for `add_tag` / `update_tag`."""
        in_frame, out_frame = self.extent(current_frame)
        return {
            "in_frame": in_frame,
            "out_frame": out_frame,
            "cue_frame": self.cue_frame,
            "cue_code": self.cue_code,
            "response_frame": self.response_frame,
            "response_code": self.response_code,
            "principle_codes": tuple(self.principle_codes),
            "rating": self.rating,
            "note": self.note,
        }
