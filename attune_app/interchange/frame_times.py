"""A clip's exact frame times for interchange, from the frame index saved at import.

Frame n is at its presentation time (never n / fps): a phone's variable-rate clip keeps its real
timing in ELAN, BORIS and subtitles. Times going the other way (an annotation at t seconds)
land on the frame whose presentation time is nearest.
"""

from __future__ import annotations

import bisect

from attune_app.domain.models import Clip
from attune_app.domain.reel_timeline import ConstantRate, FrameTimes, ListedTimes
from attune_app.media.frame_index import FrameIndex
from attune_app.services.clips import clip_frame_index_json
from attune_app.store.library import Library


def clip_clock(library: Library, clip: Clip) -> FrameClock:
    return FrameClock(clip_frame_times(library, clip))


def clip_frame_times(library: Library, clip: Clip) -> FrameTimes:
    """The clip's frame times from its saved index; only a clip without one (never decoded at
    import) falls back to its nominal frame rate."""
    text = clip_frame_index_json(library, clip.id)
    if text is not None:
        try:
            index = FrameIndex.from_json(text)
        except (ValueError, KeyError, TypeError):
            index = None
        if index is not None and index.frame_count > 0:
            return ListedTimes(index.times_s, index.duration_s)
    return ConstantRate(clip.fps, clip.frame_count)


class FrameClock:
    """Frame times both ways: frame -> presentation time, and time -> nearest frame."""

    def __init__(self, times: FrameTimes) -> None:
        self.times = times
        self.frame_count = times.frame_count
        self._starts = [times.time_s(f) for f in range(self.frame_count)]
        self._ends = [times.end_s(f) for f in range(self.frame_count)]

    @property
    def duration_s(self) -> float:
        return self._ends[-1] if self._ends else 0.0

    def time_s(self, frame: int) -> float:
        return self._starts[frame]

    def end_s(self, frame: int) -> float:
        """When `frame` stops being shown: the next frame's time (or the clip's end)."""
        return self._ends[frame]

    def nearest_frame(self, t_s: float) -> int:
        """The frame whose presentation time is nearest `t_s` (the earlier one on a tie)."""
        return _nearest(self._starts, t_s)

    def nearest_end_frame(self, end_s: float, first: int) -> int:
        """The last frame of a span ending at `end_s`: the frame whose end is nearest, not
        before `first` (a span always holds at least its first frame)."""
        return max(first, _nearest(self._ends, end_s))


def _nearest(values: list[float], t_s: float) -> int:
    i = bisect.bisect_left(values, t_s)
    if i <= 0:
        return 0
    if i >= len(values):
        return len(values) - 1
    before, after = values[i - 1], values[i]
    return i - 1 if t_s - before <= after - t_s else i


def to_ms(t_s: float) -> int:
    return round(t_s * 1000)
