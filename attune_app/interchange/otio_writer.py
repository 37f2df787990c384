"""A reel as an OpenTimelineIO timeline, so a trainer can finish it in a video editor.

Each motion is a clip whose source range is in frames at the clip's frame rate, with an
external reference by the library's file name (relative: no folder, no family name). OTIO
keeps an item's length in the timeline equal to its source range's duration, whatever its
effects, so a slowed motion's range starts at its in frame and lasts as many frames as it
plays for (source frames / speed) with a `LinearTimeWarp` of the speed. A hold is the frame
with a `FreezeFrame`; a title card is a gap with a marker carrying its text; a caption is a
marker over its item. The exact in and out frames are kept in each clip's `attune` metadata.
"""

from __future__ import annotations

from collections.abc import Callable

import opentimelineio as otio

from attune_app.domain.models import Clip
from attune_app.domain.reel_timeline import (
    FrameTimes,
    FreezeStep,
    MotionStep,
    ReelTimeline,
    TitleStep,
    step_duration_s,
)
from attune_app.interchange.drafts import clean_text


def _range(start: float, duration: float, rate: float) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(
        otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(duration, rate)
    )


def reel_otio(
    timeline: ReelTimeline,
    clips: dict[int, Clip],
    times_of: Callable[[int], FrameTimes],
) -> otio.schema.Timeline:
    first = next((clips[c] for c in timeline.clip_ids if c in clips), None)
    rate = first.fps if first is not None else 30.0
    result = otio.schema.Timeline(name=f"Attune reel {timeline.reel.id}")
    result.global_start_time = otio.opentime.RationalTime(0, rate)
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    result.tracks.append(track)
    for entry in timeline.entries:
        caption = clean_text(entry.caption).strip()
        for k, step in enumerate(entry.steps):
            seconds = step_duration_s(step, times_of)
            if isinstance(step, TitleStep):
                item: otio.core.Item = otio.schema.Gap(
                    source_range=_range(0, round(seconds * rate), rate)
                )
                item.markers.append(
                    otio.schema.Marker(
                        name=clean_text(step.text),
                        marked_range=_range(0, 1, rate),
                        color=otio.schema.MarkerColor.YELLOW,
                    )
                )
            else:
                item = _clip_item(step, clips[step.clip_id], seconds)
            if caption and k == 0:
                start = item.source_range.start_time.value
                item.markers.append(
                    otio.schema.Marker(
                        name=caption,
                        marked_range=_range(
                            start, item.source_range.duration.value, item.source_range.duration.rate
                        ),
                        color=otio.schema.MarkerColor.GREEN,
                    )
                )
            track.append(item)
    return result


def _clip_item(step: MotionStep | FreezeStep, clip: Clip, seconds: float) -> otio.schema.Clip:
    fps = clip.fps
    reference = otio.schema.ExternalReference(
        target_url=clip.media_name, available_range=_range(0, clip.frame_count, fps)
    )
    length = max(1, round(seconds * fps))
    if isinstance(step, FreezeStep):
        item = otio.schema.Clip(
            name=f"clip {clip.id} hold frame {step.frame}",
            media_reference=reference,
            source_range=_range(step.frame, length, fps),
        )
        item.effects.append(otio.schema.FreezeFrame())
        item.metadata["attune"] = {"clip_id": clip.id, "frame": step.frame, "hold_s": seconds}
        return item
    frames = step.out_frame - step.in_frame + 1
    length = frames if abs(step.speed - 1.0) <= 1e-9 else max(1, round(frames / step.speed))
    item = otio.schema.Clip(
        name=f"clip {clip.id} frames {step.in_frame}-{step.out_frame}",
        media_reference=reference,
        source_range=_range(step.in_frame, length, fps),
    )
    if abs(step.speed - 1.0) > 1e-9:
        item.effects.append(otio.schema.LinearTimeWarp(time_scalar=step.speed))
    item.metadata["attune"] = {
        "clip_id": clip.id,
        "in_frame": step.in_frame,
        "out_frame": step.out_frame,
        "speed": step.speed,
        "muted": step.muted,
    }
    return item


def otio_text(timeline: otio.schema.Timeline) -> str:
    return str(otio.adapters.write_to_string(timeline, "otio_json"))
