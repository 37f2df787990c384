"""Frame <-> pixel mapping for the timeline, with zoom and scroll; no Qt, tested headless.

x is in the widget's logical pixels. A frame occupies [x_of(f), x_of(f + 1)); mapping a
pixel back picks the frame under it, so a drag lands on whole frames at every zoom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_PX_PER_FRAME = 24.0  # zoomed all the way in, a frame is wide enough to grab its edge
_NICE_STEPS = (1, 2, 5, 10, 15, 30, 60, 150, 300, 600, 1500, 3000, 6000, 15000, 30000)


@dataclass
class TimelineScale:
    frame_count: int = 1
    width_px: float = 1.0
    px_per_frame: float = 1.0
    offset_px: float = 0.0  # content x shown at the widget's left edge

    def fit(self) -> None:
        self.px_per_frame = self.min_px_per_frame
        self.offset_px = 0.0

    @property
    def min_px_per_frame(self) -> float:
        return self.width_px / max(self.frame_count, 1)

    @property
    def content_px(self) -> float:
        return self.frame_count * self.px_per_frame

    def x_of(self, frame: float) -> float:
        return frame * self.px_per_frame - self.offset_px

    def frame_at(self, x: float) -> int:
        frame = math.floor((x + self.offset_px) / self.px_per_frame)
        return max(0, min(frame, self.frame_count - 1))

    def zoom(self, factor: float, anchor_x: float) -> None:
        """Zoom by `factor`, keeping the content under `anchor_x` where it is."""
        anchor_frame = (anchor_x + self.offset_px) / self.px_per_frame
        self.px_per_frame = min(
            MAX_PX_PER_FRAME, max(self.min_px_per_frame, self.px_per_frame * factor)
        )
        self.offset_px = anchor_frame * self.px_per_frame - anchor_x
        self.clamp()

    def scroll(self, delta_px: float) -> None:
        self.offset_px += delta_px
        self.clamp()

    def clamp(self) -> None:
        self.px_per_frame = max(self.px_per_frame, self.min_px_per_frame)
        self.offset_px = max(0.0, min(self.offset_px, self.content_px - self.width_px))

    def resize(self, width_px: float) -> None:
        fitted = math.isclose(self.px_per_frame, self.min_px_per_frame)
        self.width_px = max(width_px, 1.0)
        if fitted:
            self.fit()
        self.clamp()

    def ensure_visible(self, frame: int, margin_px: float = 40.0) -> None:
        """Page the view when the playhead leaves it (as editors do), rather than jittering."""
        x = self.x_of(frame)
        if x < 0 or x > self.width_px:
            self.offset_px = frame * self.px_per_frame - margin_px
            self.clamp()

    def visible_frames(self) -> tuple[int, int]:
        return self.frame_at(0), self.frame_at(self.width_px - 1)

    def nice_step(self, min_px: float) -> int:
        """A round number of frames whose width is at least `min_px` (ticks, thumbnails)."""
        for step in _NICE_STEPS:
            if step * self.px_per_frame >= min_px:
                return step
        return _NICE_STEPS[-1]
