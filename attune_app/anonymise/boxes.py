"""Rectangles on a frame and keyframed boxes: integer pixels, exact interpolation."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Rect:
    """Corners in source pixels (display orientation): x0 <= x < x1, y0 <= y < y1."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def area(self) -> int:
        return max(0, self.width) * max(0, self.height)

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def clipped(self, width: int, height: int) -> Rect:
        return Rect(
            max(0, min(self.x0, width)),
            max(0, min(self.y0, height)),
            max(0, min(self.x1, width)),
            max(0, min(self.y1, height)),
        )

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x < self.x1 and self.y0 <= y < self.y1

    def union(self, other: Rect) -> Rect:
        return Rect(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def as_list(self) -> list[int]:
        return [self.x0, self.y0, self.x1, self.y1]


def outward(x0: float, y0: float, x1: float, y1: float) -> Rect:
    """The smallest integer rectangle holding a float one (rounding never uncovers a pixel)."""
    import math

    return Rect(math.floor(x0), math.floor(y0), math.ceil(x1), math.ceil(y1))


def iou(a: Rect, b: Rect) -> float:
    inter = Rect(max(a.x0, b.x0), max(a.y0, b.y0), min(a.x1, b.x1), min(a.y1, b.y1))
    overlap = inter.area if inter.width > 0 and inter.height > 0 else 0
    union = a.area + b.area - overlap
    return overlap / union if union > 0 else 0.0


def padded(rect: Rect, side: float, top: float, bottom: float) -> Rect:
    """Grown by fractions of its size (a face box misses hair, ears and chin)."""
    return outward(
        rect.x0 - side * rect.width,
        rect.y0 - top * rect.height,
        rect.x1 + side * rect.width,
        rect.y1 + bottom * rect.height,
    )


@dataclass(frozen=True)
class Keyframe:
    frame: int
    rect: Rect


def _lerp(a: int, b: int, num: int, den: int) -> int:
    """a + (b - a) * num / den rounded half up, in integers (the same on every machine)."""
    return a + ((b - a) * num * 2 + den) // (2 * den)


def interpolate(keys: Sequence[Keyframe], frame: int) -> Rect | None:
    """The box at `frame`: a keyframe's own rect on it, linear between two keyframes (each
    corner rounded half up), None outside the first..last keyframe."""
    if not keys or frame < keys[0].frame or frame > keys[-1].frame:
        return None
    frames = [k.frame for k in keys]
    at = bisect.bisect_right(frames, frame) - 1
    before = keys[at]
    if before.frame == frame or at + 1 >= len(keys):
        return before.rect
    after = keys[at + 1]
    num, den = frame - before.frame, after.frame - before.frame
    a, b = before.rect, after.rect
    return Rect(
        _lerp(a.x0, b.x0, num, den),
        _lerp(a.y0, b.y0, num, den),
        _lerp(a.x1, b.x1, num, den),
        _lerp(a.y1, b.y1, num, den),
    )
