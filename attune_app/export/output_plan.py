"""What an export writes, decided before any frame is decoded: the output size, rate and quality,
and for every step of the reel's timeline which source frames fill which output frames and
which audio samples go with them. Timing comes only from `attune_app.domain.reel_timeline`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from attune_app.domain.reel_timeline import (
    FrameTimes,
    FreezeStep,
    ListedTimes,
    MotionStep,
    ReelTimeline,
    Step,
    TitleStep,
    motion_source_frames,
    step_duration_s,
)
from attune_app.media.frame_index import FrameIndex

AUDIO_RATE = 48_000
AUDIO_CHANNELS = 2
AUDIO_BITRATE = 128_000
MAX_DEFAULT_HEIGHT = 1080

# quality -> (x264 preset, CRF): draft is quick to look at, high is for keeping.
QUALITY_PRESETS: dict[str, tuple[str, int]] = {
    "draft": ("veryfast", 26),
    "standard": ("fast", 21),
    "high": ("slow", 18),
}
CAPTION_MODES = ("burn", "srt", "vtt", "none")
_COMMON_RATES = (
    Fraction(24000, 1001),
    Fraction(24),
    Fraction(25),
    Fraction(30000, 1001),
    Fraction(30),
    Fraction(50),
    Fraction(60000, 1001),
    Fraction(60),
)


@dataclass(frozen=True)
class ExportSettings:
    quality: str = "standard"
    captions: str = "burn"
    watermark: str = ""
    size: tuple[int, int] | None = None  # (width, height); default: the first clip's
    fps: Fraction | None = None  # default: the first clip's

    def __post_init__(self) -> None:
        if self.quality not in QUALITY_PRESETS:
            raise ValueError(f"quality is one of {', '.join(QUALITY_PRESETS)}")
        if self.captions not in CAPTION_MODES:
            raise ValueError(f"captions is one of {', '.join(CAPTION_MODES)}")


@dataclass(frozen=True)
class SourceFacts:
    """What the plan needs to know of a clip: its frame times and its picture as displayed."""

    times: FrameTimes
    display_size: tuple[int, int]  # after rotation and pixel aspect
    fps: float


@dataclass(frozen=True)
class PlannedStep:
    step: Step
    entry: int  # which timeline entry (reel item) the step belongs to
    caption: str
    first_frame: int  # output frame where the step starts
    source_frames: tuple[int, ...]  # one per output frame (motion); the held frame (freeze)
    frame_count: int

    @property
    def end_frame(self) -> int:
        return self.first_frame + self.frame_count


@dataclass(frozen=True)
class OutputPlan:
    width: int
    height: int
    fps: Fraction
    steps: tuple[PlannedStep, ...]

    @property
    def frame_count(self) -> int:
        return self.steps[-1].end_frame if self.steps else 0

    def sample_at(self, frame: int) -> int:
        """The audio sample where output frame `frame` starts (no drift over a long reel)."""
        return round(frame * AUDIO_RATE / self.fps)

    @property
    def duration_s(self) -> float:
        return float(self.frame_count / self.fps)


def times_of_index(index: FrameIndex) -> ListedTimes:
    """The media engine's real frame times as the timeline's `FrameTimes` (VFR-safe)."""
    return ListedTimes(index.times_s, index.duration_s)


def plan_output(
    timeline: ReelTimeline, facts: Mapping[int, SourceFacts], settings: ExportSettings
) -> OutputPlan:
    width, height = _output_size(timeline, facts, settings)
    fps = settings.fps or _output_fps(timeline, facts)
    times_of: Callable[[int], FrameTimes] = lambda clip_id: facts[clip_id].times  # noqa: E731
    steps: list[PlannedStep] = []
    at, end_s = 0, 0.0
    for number, entry in enumerate(timeline.entries):
        for step in entry.steps:
            if not isinstance(step, TitleStep):  # before any frame time is looked up
                _check_frames(step, times_of(step.clip_id))
            # each step ends on the output frame nearest its end in the timeline, so no item
            # drifts from where the timeline (its captions, running time, review) puts it;
            # a moment at normal speed keeps exactly its frames (a frame-exact cut)
            end_s += step_duration_s(step, times_of)
            count = max(1, _nearest_frame(end_s, float(fps)) - at)
            if isinstance(step, MotionStep) and abs(step.speed - 1.0) <= 1e-9:
                count = len(motion_source_frames(step, times_of(step.clip_id), float(fps)))
            planned = _plan_step(step, number, entry.caption, at, count, times_of, float(fps))
            steps.append(planned)
            at = planned.end_frame
    if not steps:
        raise ValueError("The reel is empty: add a moment or a title card before exporting.")
    return OutputPlan(width, height, fps, tuple(steps))


def _nearest_frame(seconds: float, fps: float) -> int:
    """The output frame nearest `seconds` (halves up, whatever the float error)."""
    return math.floor(seconds * fps + 0.5 + 1e-9)


def _plan_step(
    step: Step,
    entry: int,
    caption: str,
    at: int,
    count: int,
    times_of: Callable[[int], FrameTimes],
    fps: float,
) -> PlannedStep:
    if isinstance(step, MotionStep):
        shown = tuple(motion_source_frames(step, times_of(step.clip_id), fps, count))
        return PlannedStep(step, entry, caption, at, shown, len(shown))
    held = (step.frame,) if isinstance(step, FreezeStep) else ()
    text = caption if not isinstance(step, TitleStep) else ""
    return PlannedStep(step, entry, text, at, held, count)


def _check_frames(step: MotionStep | FreezeStep, times: FrameTimes) -> None:
    frames = (step.frame,) if isinstance(step, FreezeStep) else (step.in_frame, step.out_frame)
    last = times.frame_count - 1
    if any(not 0 <= f <= last for f in frames):
        raise ValueError(
            f"A moment of clip {step.clip_id} runs past the frames its file has (0..{last}); "
            "the file may be damaged or shorter than when it was tagged. Shorten or remove it."
        )


def fit_size(source: tuple[int, int], box: tuple[int, int]) -> tuple[int, int, int, int]:
    """(x, y, w, h) of `source` scaled into `box` keeping its shape (letterbox); all even."""
    sw, sh = source
    bw, bh = box
    scale = min(bw / sw, bh / sh)
    w = min(bw, max(2, 2 * round(sw * scale / 2)))
    h = min(bh, max(2, 2 * round(sh * scale / 2)))
    return (bw - w) // 2 // 2 * 2, (bh - h) // 2 // 2 * 2, w, h


def _output_size(
    timeline: ReelTimeline, facts: Mapping[int, SourceFacts], settings: ExportSettings
) -> tuple[int, int]:
    if settings.size is not None:
        w, h = settings.size
    elif timeline.clip_ids:
        w, h = facts[timeline.clip_ids[0]].display_size
        if h > MAX_DEFAULT_HEIGHT:
            w, h = round(w * MAX_DEFAULT_HEIGHT / h), MAX_DEFAULT_HEIGHT
    else:
        w, h = 1280, 720
    return max(2, w // 2 * 2), max(2, h // 2 * 2)  # yuv420p needs even sizes


def _output_fps(timeline: ReelTimeline, facts: Mapping[int, SourceFacts]) -> Fraction:
    if not timeline.clip_ids:
        return Fraction(25)
    return nearest_rate(facts[timeline.clip_ids[0]].fps)


def nearest_rate(fps: float) -> Fraction:
    """A frame rate as an exact fraction: a common broadcast rate when within 0.5 %."""
    if fps <= 0:
        return Fraction(25)
    for rate in _COMMON_RATES:
        if abs(float(rate) - fps) / float(rate) < 0.005:
            return rate
    return Fraction(fps).limit_denominator(1001)
