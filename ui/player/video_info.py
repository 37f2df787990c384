"""What the player knows about an opened video, copied out of the engine once at open.

Frame times are copied into an array so the GUI thread can map time <-> frame without touching
the engine object, which the decode thread is using at the same time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class VideoInfo:
    path: Path
    frame_count: int
    fps: float
    duration_s: float
    size: tuple[int, int]  # displayed (width, height), rotation applied
    rotation: int
    has_audio: bool
    keyframes: tuple[int, ...]
    frame_times_s: np.ndarray[Any, Any] = field(repr=False, compare=False)

    @classmethod
    def from_video(cls, path: Path, video: Any) -> VideoInfo:
        count = int(video.frame_count)
        times = np.array([video.frame_time_s(i) for i in range(count)], dtype=np.float64)
        return cls(
            path=path,
            frame_count=count,
            fps=float(video.fps),
            duration_s=float(video.duration_s),
            size=(int(video.size[0]), int(video.size[1])),
            rotation=int(video.rotation),
            has_audio=bool(video.has_audio),
            keyframes=tuple(int(k) for k in video.keyframes),
            frame_times_s=times,
        )

    @property
    def last_frame(self) -> int:
        return self.frame_count - 1

    def time_of(self, frame: int) -> float:
        return float(self.frame_times_s[self.clamp(frame)])

    def frame_at(self, t_s: float) -> int:
        """The frame on screen at `t_s`: the last one whose time is at or before it."""
        i = int(np.searchsorted(self.frame_times_s, t_s + 1e-9, side="right")) - 1
        return self.clamp(i)

    def end_of(self, frame: int) -> float:
        """When `frame` leaves the screen: the next frame's time, or the clip's end."""
        if frame < self.last_frame:
            return self.time_of(frame + 1)
        return max(self.duration_s, self.time_of(frame) + 1 / self.fps)

    def clamp(self, frame: int) -> int:
        return max(0, min(int(frame), self.frame_count - 1))
