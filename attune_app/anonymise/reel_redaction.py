"""The `Redaction` the renderer takes: a reel's face tracks and boxes drawn over each source
frame with the reel's fill, and its mute ranges."""

from __future__ import annotations

from attune_app.anonymise.boxes import Rect
from attune_app.anonymise.fill import Frame, cover_rect
from attune_app.anonymise.model import MUFFLED, ReelAnonymisation
from attune_app.anonymise.state import load, state_hash
from attune_app.media.frame_index import FrameIndex
from attune_app.services.clips import clip_frame_index_json, get_clip
from attune_app.store.library import Library


class ReelRedaction:
    """The `attune_app.export.redaction.Redaction` of one reel (structurally: export sits
    above anonymise). A snapshot: later edits need a new one. Thread-safe for reading."""

    def __init__(
        self, state: ReelAnonymisation, frame_times: dict[int, tuple[list[float], float]]
    ) -> None:
        self.state = state
        self.fill = state.settings.fill
        self.muffled = state.settings.sound == MUFFLED  # the renderer low-passes with sound.muffle
        self._times = frame_times
        self._fingerprint = state_hash(state)

    def rects_at(self, clip_id: int, frame: int) -> list[Rect]:
        """What must be covered on this source frame (keep-visible tracks and boxes left out; a
        keep-visible box also spares the detector's tracks whose centre lies in it)."""
        keep = [
            r
            for b in self.state.boxes
            if b.keep_visible and b.clip_id == clip_id and (r := b.rect_at(frame)) is not None
        ]
        out = []
        for track in self.state.tracks:
            if track.clip_id != clip_id or track.keep_visible:
                continue
            rect = track.rect_at(frame)
            if rect is not None and not any(k.contains(*rect.centre) for k in keep):
                out.append(rect)
        for box in self.state.boxes:
            if box.clip_id == clip_id and not box.keep_visible:
                rect = box.rect_at(frame)
                if rect is not None:
                    out.append(rect)
        return out

    def cover(self, clip_id: int, frame: int, image: Frame) -> Frame:
        for rect in self.rects_at(clip_id, frame):
            cover_rect(image, rect, self.fill)
        return image

    def regions(self, clip_id: int, frame: int) -> list[tuple[int, int, int, int]]:
        return [(r.x0, r.y0, r.x1, r.y1) for r in self.rects_at(clip_id, frame)]

    def muted_ranges_s(self, clip_id: int) -> list[tuple[float, float]]:
        ranges = [(m.start_s, m.end_s) for m in self.state.mutes if m.clip_id == clip_id]
        times = self._times.get(clip_id)
        for item in self.state.items:
            if item.clip_id == clip_id and item.muted and times is not None:
                starts, end_s = times
                last = item.last_frame + 1
                ranges.append(
                    (starts[item.first_frame], starts[last] if last < len(starts) else end_s)
                )
        return _merged(ranges)

    def fingerprint(self) -> str:
        return self._fingerprint


def _merged(ranges: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def clip_times(library: Library, clip_id: int) -> tuple[list[float], float]:
    """Each frame's time (s) and the clip's end, from the index kept at import (or its rate)."""
    text = clip_frame_index_json(library, clip_id)
    if text is not None:
        index = FrameIndex.from_json(text)
        return list(index.times_s), index.duration_s
    clip = get_clip(library, clip_id)
    fps = clip.fps or 25.0
    return [i / fps for i in range(clip.frame_count)], clip.frame_count / fps


def redaction_for(library: Library, reel_id: int) -> ReelRedaction:
    """What the renderer covers and mutes for this reel, as it stands now."""
    state = load(library, reel_id)
    times = {c: clip_times(library, c) for c in {i.clip_id for i in state.items if i.muted}}
    return ReelRedaction(state, times)
