"""Running times of a reel as the editor and `attune reel list|show` give them."""

from __future__ import annotations

from collections.abc import Callable

from attune_app.domain.reel_timeline import (
    ConstantRate,
    FrameTimes,
    ReelTimeline,
    entry_duration_s,
)
from attune_app.services.clips import get_clip
from attune_app.services.reels import reel_timeline
from attune_app.store.library import Library


def clip_rates(library: Library, timeline: ReelTimeline) -> Callable[[int], FrameTimes]:
    """Each clip's frame times from its frame rate (what the editor shows as running time)."""
    rates: dict[int, FrameTimes] = {}
    for clip_id in timeline.clip_ids:
        clip = get_clip(library, clip_id)
        rates[clip_id] = ConstantRate(clip.fps or 25.0, clip.frame_count)
    return rates.__getitem__


def running_times(library: Library, reel_id: int) -> tuple[float, dict[int, float]]:
    """The reel's running time in seconds and each item's, by item id."""
    timeline = reel_timeline(library, reel_id)
    rates = clip_rates(library, timeline)
    each = {entry.item.id: entry_duration_s(entry, rates) for entry in timeline.entries}
    return sum(each.values()), each
