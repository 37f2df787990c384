"""Captions as a sidecar (.srt or .vtt), timed by the same output frames as the pictures."""

from __future__ import annotations

from itertools import groupby

from attune_app.export.output_plan import OutputPlan


def caption_cues(plan: OutputPlan) -> list[tuple[float, float, str]]:
    """(start_s, end_s, text) of each reel item's caption, over all of that item's steps."""
    cues = []
    for _entry, steps in groupby(plan.steps, key=lambda s: s.entry):
        run = list(steps)
        text = run[0].caption
        if text:
            start = float(run[0].first_frame / plan.fps)
            end = float(run[-1].end_frame / plan.fps)
            cues.append((start, end, text))
    return cues


def subtitles_text(plan: OutputPlan, kind: str) -> str:
    """The captions in SubRip (`srt`) or WebVTT (`vtt`)."""
    cues = caption_cues(plan)
    if kind == "srt":
        blocks = [
            f"{n}\n{_stamp(a, ',')} --> {_stamp(b, ',')}\n{text}\n"
            for n, (a, b, text) in enumerate(cues, start=1)
        ]
        return "\n".join(blocks)
    if kind == "vtt":
        blocks = [f"{_stamp(a, '.')} --> {_stamp(b, '.')}\n{text}\n" for a, b, text in cues]
        return "\n".join(["WEBVTT\n", *blocks])
    raise ValueError(f"no sidecar of kind {kind!r}")


def _stamp(seconds: float, mark: str) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{mark}{ms:03d}"
