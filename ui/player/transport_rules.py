"""The player's transport rules: its speeds, what J and L do to them, where a play starts and
how a loop is given. Plain functions, no state; the `PlayerController` applies them."""

from __future__ import annotations

MIN_SPEED, MAX_SPEED = 0.25, 2.0
SPEEDS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def clamp_speed(speed: float) -> float:
    return float(min(MAX_SPEED, max(MIN_SPEED, speed)))


def shuttle_faster(speed: float) -> float:
    """J or L again in the direction already playing: twice as fast, up to the top speed."""
    return min(MAX_SPEED, speed * 2)


def play_start(frame: int, direction: int, lo: int, hi: int) -> int:
    """Where a play from `frame` starts within lo..hi: forward from the loop's in point (or
    the start) when parked at the end or outside, backward from the out point at the start."""
    if direction > 0 and (frame >= hi or frame < lo):
        return lo
    if direction < 0 and frame <= lo:
        return hi
    return frame


def ordered_loop(in_frame: int | None, out_frame: int | None) -> tuple[int | None, int | None]:
    """A loop's (in, out), swapped when given the wrong way round."""
    if in_frame is not None and out_frame is not None and out_frame < in_frame:
        return out_frame, in_frame
    return in_frame, out_frame
