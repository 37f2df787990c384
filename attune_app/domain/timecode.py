"""Human-readable time for frames. A frame's identity is its int index, never a float."""

from __future__ import annotations

import math


def format_seconds(t_s: float, *, with_ms: bool = True) -> str:
    """`h:mm:ss.mmm` (hours only when needed); negative times get a leading minus."""
    sign = "-" if t_s < 0 else ""
    total_ms = round(abs(t_s) * 1000)
    hours, rest_ms = divmod(total_ms, 3_600_000)
    minutes, rest_ms = divmod(rest_ms, 60_000)
    seconds, ms = divmod(rest_ms, 1000)
    head = f"{hours}:{minutes:02d}" if hours else f"{minutes:d}"
    tail = f".{ms:03d}" if with_ms else ""
    return f"{sign}{head}:{seconds:02d}{tail}"


def format_latency(frames: int, fps: float) -> str:
    """A cue-to-response gap as a practitioner reads it: `0.83 s (25 frames)`."""
    seconds = frames / fps if fps > 0 else math.nan
    unit = "frame" if abs(frames) == 1 else "frames"
    return f"{seconds:.2f} s ({frames} {unit})"
