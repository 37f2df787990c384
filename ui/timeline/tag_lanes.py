"""Tags as the timeline draws them: plain values, packed into lanes so overlaps stay readable."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

Edge = Literal["in", "out"]


@dataclass(frozen=True)
class TimelineTag:
    """What the timeline needs from a tag (any object with these attributes will do)."""

    id: int
    in_frame: int
    out_frame: int
    cue_frame: int | None
    response_frame: int | None
    label: str
    texts: tuple[str, ...] = ()  # the label and readable abbreviations, longest first
    tooltip: str = ""  # the whole tag: codes, latency, note

    def label_texts(self) -> tuple[str, ...]:
        """What the timeline may draw for this tag, longest first; never empty."""
        text = self.label or f"tag {self.id}"
        texts = self.texts or (text,)
        if self.in_frame == self.out_frame:
            return tuple(f"{t} (still)" for t in texts) + texts
        return texts

    @classmethod
    def from_any(cls, tag: Any) -> TimelineTag:
        in_frame, out_frame = int(tag.in_frame), int(tag.out_frame)
        return cls(
            id=int(tag.id),
            in_frame=min(in_frame, out_frame),
            out_frame=max(in_frame, out_frame),
            cue_frame=_optional_int(getattr(tag, "cue_frame", None)),
            response_frame=_optional_int(getattr(tag, "response_frame", None)),
            label=str(getattr(tag, "label", "") or ""),
            texts=tuple(getattr(tag, "texts", ()) or ()),
            tooltip=str(getattr(tag, "tooltip", "") or ""),
        )

    def with_edge(self, edge: Edge, frame: int) -> TimelineTag:
        """This tag with one edge moved; an edge never crosses the other (a still is in==out)."""
        if edge == "in":
            return replace(self, in_frame=min(frame, self.out_frame))
        return replace(self, out_frame=max(frame, self.in_frame))


def pack_lanes(tags: list[TimelineTag]) -> dict[int, int]:
    """Lane index per tag id: first lane whose last tag ends before this one starts."""
    lane_ends: list[int] = []
    lanes: dict[int, int] = {}
    for tag in sorted(tags, key=lambda t: (t.in_frame, t.out_frame, t.id)):
        for lane, end in enumerate(lane_ends):
            if end < tag.in_frame:
                lane_ends[lane] = tag.out_frame
                lanes[tag.id] = lane
                break
        else:
            lanes[tag.id] = len(lane_ends)
            lane_ends.append(tag.out_frame)
    return lanes


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)
