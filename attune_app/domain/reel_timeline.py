"""What a reel shows, step by step: the one description that review mode and export both follow.

A reel's items become steps: a title card, a freeze (one frame held for a time, silent) or a
motion (source frames in..out at a speed, with sound unless muted). Timing comes from the
clip's real frame times (`FrameTimes`), so a variable-frame-rate phone clip is timed as it
plays; `ConstantRate` stands in where only the frame rate is known (the editor's running time).

Output frames for a fixed output rate follow one rule, used by the renderer and by tests: output
frame k of a motion shows the last source frame whose time is at or before the source time
`t_in + k * speed / out_fps`, rounded to the nearest output frame. At equal rates and 1x this
is frame for frame; at 0.5x each source frame is shown for two output frames, at 0.25x for four.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from attune_app.domain.models import Reel, ReelItem

DEFAULT_STILL_HOLD_S = 3.0
SPEEDS = (0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class TitleStep:
    text: str
    duration_s: float


@dataclass(frozen=True)
class FreezeStep:
    clip_id: int
    frame: int
    duration_s: float


@dataclass(frozen=True)
class MotionStep:
    clip_id: int
    in_frame: int
    out_frame: int
    speed: float
    muted: bool


Step = TitleStep | FreezeStep | MotionStep


@dataclass(frozen=True)
class TimelineEntry:
    """One reel item and the steps it shows; the caption is over all of them."""

    item: ReelItem
    steps: tuple[Step, ...]

    @property
    def caption(self) -> str:
        return "" if self.item.is_title else self.item.caption


@dataclass(frozen=True)
class ReelTimeline:
    reel: Reel
    entries: tuple[TimelineEntry, ...]

    @property
    def clip_ids(self) -> tuple[int, ...]:
        """Every clip the reel shows, in order of first appearance."""
        seen: dict[int, None] = {}
        for entry in self.entries:
            if entry.item.clip_id is not None:
                seen.setdefault(entry.item.clip_id, None)
        return tuple(seen)

    def duration_s(self, times_of: Callable[[int], FrameTimes]) -> float:
        """Running time, with each clip's frame times from `times_of(clip_id)`."""
        return sum(entry_duration_s(entry, times_of) for entry in self.entries)


class FrameTimes(Protocol):
    """A clip's presentation times in seconds, frame by frame (the media engine's index)."""

    @property
    def frame_count(self) -> int: ...

    def time_s(self, frame: int) -> float: ...

    def end_s(self, frame: int) -> float:
        """When frame `frame` stops being shown (the next frame's time, or the clip's end)."""
        ...


@dataclass(frozen=True)
class ConstantRate:
    """Frame times of a constant-rate clip: frame i at i / fps."""

    fps: float
    frame_count: int

    def time_s(self, frame: int) -> float:
        return frame / self.fps

    def end_s(self, frame: int) -> float:
        return (frame + 1) / self.fps


@dataclass(frozen=True)
class ListedTimes:
    """Frame times from a list of presentation times (seconds, increasing) and the end time."""

    times_s: Sequence[float]
    last_end_s: float

    @property
    def frame_count(self) -> int:
        return len(self.times_s)

    def time_s(self, frame: int) -> float:
        return self.times_s[frame]

    def end_s(self, frame: int) -> float:
        if frame + 1 < len(self.times_s):
            return self.times_s[frame + 1]
        return self.last_end_s


def build_timeline(reel: Reel, items: Sequence[ReelItem]) -> ReelTimeline:
    ordered = sorted(items, key=lambda i: (i.position, i.id))
    return ReelTimeline(reel, tuple(TimelineEntry(i, steps_of(reel, i)) for i in ordered))


def steps_of(reel: Reel, item: ReelItem) -> tuple[Step, ...]:
    if item.is_title or item.clip_id is None:
        return (TitleStep(item.title_text, item.title_ms / 1000),)
    if item.is_still:
        held_s = item.hold_ms / 1000 if item.hold_ms > 0 else DEFAULT_STILL_HOLD_S
        return (FreezeStep(item.clip_id, item.in_frame, held_s),)
    muted = item.muted or item.speed < reel.mute_below_speed - 1e-9
    motion = MotionStep(item.clip_id, item.in_frame, item.out_frame, item.speed, muted)
    if item.hold_ms <= 0:
        return (motion,)
    at_start = item.hold_at == "start"
    default_frame = item.in_frame if at_start else item.out_frame
    frame = item.hold_frame if item.hold_frame is not None else default_frame
    freeze = FreezeStep(item.clip_id, frame, item.hold_ms / 1000)
    return (freeze, motion) if at_start else (motion, freeze)


def entry_duration_s(entry: TimelineEntry, times_of: Callable[[int], FrameTimes]) -> float:
    return sum(step_duration_s(step, times_of) for step in entry.steps)


def step_duration_s(step: Step, times_of: Callable[[int], FrameTimes]) -> float:
    if isinstance(step, MotionStep):
        times = times_of(step.clip_id)
        span_s = times.end_s(step.out_frame) - times.time_s(step.in_frame)
        return span_s / step.speed
    return step.duration_s


def step_output_count(step: Step, times_of: Callable[[int], FrameTimes], out_fps: float) -> int:
    """How many output frames a step takes at `out_fps` (at least one)."""
    if isinstance(step, MotionStep):
        return len(motion_source_frames(step, times_of(step.clip_id), out_fps))
    return max(1, round(step.duration_s * out_fps))


def motion_source_frames(
    step: MotionStep, times: FrameTimes, out_fps: float, count: int | None = None
) -> list[int]:
    """The source frame shown on each output frame of a motion step (see the module rule);
    `count` output frames when given (a step placed on the reel's own frame grid)."""
    t_in = times.time_s(step.in_frame)
    span_s = times.end_s(step.out_frame) - t_in
    if count is None:
        count = max(1, round(span_s / step.speed * out_fps))
    starts = [times.time_s(f) for f in range(step.in_frame, step.out_frame + 1)]
    half_s = 0.5 * step.speed / out_fps
    shown = []
    for k in range(count):
        source_s = t_in + k * step.speed / out_fps + half_s
        offset = bisect.bisect_right(starts, source_s + 1e-9) - 1
        shown.append(step.in_frame + max(0, min(offset, len(starts) - 1)))
    return shown


def check_speed(speed: float) -> bool:
    return math.isfinite(speed) and 0.25 - 1e-9 <= speed <= 1.0 + 1e-9
