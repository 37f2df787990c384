"""What the timeline draws for a saved tag: its label, readable abbreviations and a tooltip
with the whole tag, so a practitioner can tell tags apart without opening each one."""

from __future__ import annotations

from collections.abc import Callable

from attune_app.domain.models import Tag
from attune_app.domain.timecode import format_latency, format_seconds
from ui.timeline.tag_label_layout import abbreviations
from ui.timeline.tag_lanes import TimelineTag


def timeline_tag(tag: Tag, label_of: Callable[[str], str], fps: float) -> TimelineTag:
    cue = label_of(tag.cue_code) if tag.cue_code else ""
    response = label_of(tag.response_code) if tag.response_code else ""
    texts = abbreviations(cue, response) if cue or response else ()
    fallback = tag.note[:30] if tag.note else "tag"
    label = texts[0] if texts else fallback
    return TimelineTag(
        tag.id,
        tag.in_frame,
        tag.out_frame,
        tag.cue_frame,
        tag.response_frame,
        label,
        texts=texts or (label,),
        tooltip=tag_tooltip(tag, cue, response, label_of, fps),
    )


def tag_tooltip(
    tag: Tag, cue: str, response: str, label_of: Callable[[str], str], fps: float
) -> str:
    def at(frame: int) -> str:
        return f"{format_seconds(frame / fps)} (frame {frame})"

    lines = [f"{at(tag.in_frame)} – {format_seconds(tag.out_frame / fps)}"]
    if tag.cue_frame is not None or cue:
        where = f" at {at(tag.cue_frame)}" if tag.cue_frame is not None else ""
        lines.append(f"▲ Infant cue: {cue or 'no code'}{where}")
    if tag.response_frame is not None or response:
        where = f" at {at(tag.response_frame)}" if tag.response_frame is not None else ""
        lines.append(f"● Parent response: {response or 'no code'}{where}")
    if tag.latency_frames is not None:
        lines.append(f"Latency: {format_latency(tag.latency_frames, fps)}")
    if tag.principle_codes:
        lines.append("Principles: " + ", ".join(label_of(c) for c in tag.principle_codes))
    if tag.rating is not None:
        lines.append(f"Rating: {tag.rating}")
    if tag.note:
        lines.append(f"Note: {tag.note}")
    return "\n".join(lines)
