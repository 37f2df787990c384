"""Clocks that say where playback is in media time.

Playback follows a clock rather than a timer count, so a late tick never drifts the picture:
each tick asks the clock for the media time and shows the frame due then. With sound the
audio device is the master (its consumed-sample count), because people notice sound slips far
sooner than picture slips; without a device a wall clock keeps the picture moving.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

from ui.player.video_info import VideoInfo


class PlaybackClock(Protocol):
    kind: str  # "wall" or "audio", shown in the bench and handy in bug reports

    def start(self, media_s: float, speed: float) -> None:
        """Start counting from `media_s`; `speed` is signed (negative plays backward)."""

    def stop(self) -> None: ...

    def position_s(self) -> float:
        """The media time being presented now."""


class WallClock:
    """Media time from a monotonic clock; `now_s` is injectable so tests can step time."""

    kind = "wall"

    def __init__(self, now_s: Callable[[], float] = time.monotonic) -> None:
        self._now_s = now_s
        self._origin_media_s = 0.0
        self._origin_wall_s: float | None = None
        self._speed = 1.0

    def start(self, media_s: float, speed: float) -> None:
        self._origin_media_s, self._speed = media_s, speed
        self._origin_wall_s = self._now_s()

    def stop(self) -> None:
        self._origin_media_s = self.position_s()
        self._origin_wall_s = None

    def position_s(self) -> float:
        if self._origin_wall_s is None:
            return self._origin_media_s
        return self._origin_media_s + (self._now_s() - self._origin_wall_s) * self._speed


class ManualTime:
    """A settable time source for tests and the benchmark's simulations."""

    def __init__(self, start_s: float = 0.0) -> None:
        self.now = start_s

    def __call__(self) -> float:
        return self.now

    def advance(self, delta_s: float) -> None:
        self.now += delta_s


# Makes the forward clock for an opened video (info, the engine's Video), once per video.
# None means "no sound clock": playback runs on the wall clock.
ClockFactory = Callable[[VideoInfo, Any], PlaybackClock | None]


def default_clock_factory(info: VideoInfo, video: Any) -> PlaybackClock | None:
    """Sound is the master clock when there is sound and an output device."""
    if not info.has_audio:
        return None
    from ui.player.audio_clock import AudioClock, default_audio_device_available

    return AudioClock(video) if default_audio_device_available() else None


def no_audio_clock_factory(info: VideoInfo, video: Any) -> PlaybackClock | None:
    return None
