"""SubRip (.srt) and WebVTT (.vtt) files: a reel's captions, timed by the reel timeline, and a
clip's tags (each cue's and response's label at its frame's time)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from attune_app.domain.models import Tag
from attune_app.domain.reel_timeline import FrameTimes, ReelTimeline, entry_duration_s
from attune_app.interchange.codebook import CodeBook
from attune_app.interchange.drafts import clean_text
from attune_app.interchange.frame_times import FrameClock

SUBTITLE_FORMATS = ("srt", "vtt")


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def reel_caption_cues(timeline: ReelTimeline, times_of: Callable[[int], FrameTimes]) -> list[Cue]:
    """Each captioned item's caption over the whole time the item is on screen."""
    cues, t = [], 0.0
    for entry in timeline.entries:
        duration = entry_duration_s(entry, times_of)
        text = clean_text(entry.caption).strip()
        if text and duration > 0:
            cues.append(Cue(t, t + duration, text))
        t += duration
    return cues


def tag_cues(tags: Iterable[Tag], clock: FrameClock, codebook: CodeBook) -> list[Cue]:
    """A cue's and a response's label from its frame's time to the end of the tag (at least
    its own frame). Notes are left out: they are the practitioner's, not for the screen."""
    cues = []
    for tag in tags:
        for who, frame, code in (
            ("Infant cue", tag.cue_frame, tag.cue_code),
            ("Parent response", tag.response_frame, tag.response_code),
        ):
            if frame is None:
                continue
            entry = codebook.get(code or "")
            label = entry.code.label if entry else (code or "marked")
            end = clock.end_s(max(frame, tag.out_frame))
            cues.append(Cue(clock.time_s(frame), end, f"{who}: {label}"))
    cues.sort(key=lambda c: (c.start_s, c.end_s))
    return cues


def _stamp(t_s: float, sep: str) -> str:
    total_ms = max(0, round(t_s * 1000))
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{ms:03d}"


def subtitle_text(cues: Iterable[Cue], fmt: str) -> str:
    lines: list[str] = ["WEBVTT", ""] if fmt == "vtt" else []
    sep = "." if fmt == "vtt" else ","
    for n, cue in enumerate(cues, start=1):
        text = cue.text.replace("-->", "->")
        if fmt == "srt":
            lines.append(str(n))
        lines.append(f"{_stamp(cue.start_s, sep)} --> {_stamp(cue.end_s, sep)}")
        lines += [line for line in text.splitlines() if line.strip()] or [" "]
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")
