"""An in-memory stand-in for the media engine's video, for fast, exact controller tests.

Frames are drawn with `draw_index_frame`, so tests read the index back from the pixels just as
they do with real decoded clips.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from attune_app.media.synthetic import draw_index_frame


class FakeVideo:
    def __init__(self, frame_count: int = 90, fps: float = 30.0, size: tuple[int, int] = (160, 90)):
        self.frame_count, self.fps, self.size = frame_count, fps, size
        self.duration_s = frame_count / fps
        self.rotation = 0
        self.has_audio = True
        self.keyframes = list(range(0, frame_count, 30))
        self.reads: list[int] = []

    def __enter__(self) -> FakeVideo:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def frame_time_s(self, i: int) -> float:
        return i / self.fps

    def read(self, i: int) -> np.ndarray[Any, Any]:
        if not 0 <= i < self.frame_count:
            raise IndexError(i)
        self.reads.append(i)
        return draw_index_frame(i, *self.size)

    def thumbnail(self, i: int, max_width: int) -> np.ndarray[Any, Any]:
        w, h = self.size
        return draw_index_frame(i, max_width, max(1, h * max_width // w))

    def audio(self, start_s: float, end_s: float, rate: int = 48000, channels: int = 2) -> Any:
        n = round((end_s - start_s) * rate)
        return np.zeros((n, channels), np.float32)


def fake_opener(video: FakeVideo):  # type: ignore[no-untyped-def]
    return lambda path: video


FAKE_PATH = Path("fake.mp4")
